"""A handful of crash trials (SIGKILL at random points); bench/crash_trials.py runs 100+.

After each kill the book must open, pass integrity_check, hold every action
the child reported committed and at most the one in flight, with derived
state equal to a recomputation."""

from __future__ import annotations

import importlib.util
import os
import random
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL trials need a POSIX system")

BENCH = Path(__file__).resolve().parent.parent / "bench" / "crash_trials.py"


@pytest.fixture(scope="module")
def trials():
    spec = importlib.util.spec_from_file_location("crash_trials", BENCH)
    mod = importlib.util.module_from_spec(spec)
    sys.modules["crash_trials"] = mod
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def seed_book(trials, tmp_path_factory):
    return trials.make_seed(tmp_path_factory.mktemp("seed") / "seed.db", customers=25)


@pytest.mark.parametrize(
    ("mode", "n"), [("deliveries", 0), ("deliveries", 1), ("deliveries", 2), ("imports", 0), ("imports", 1), ("backups", 0), ("undo", 0)]
)  # fmt: skip
def test_book_survives_sigkill(trials, seed_book, tmp_path, mode, n):
    rng = random.Random(f"{mode}-{n}")
    trial = trials.run_trial(mode, seed_book, tmp_path / "t", rng, kill_after=(0.05, 0.6))
    assert trial.ok, trial.problems
    assert trial.opened and trial.integrity_ok and trial.lost == 0 and trial.extra <= 1
