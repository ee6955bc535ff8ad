"""Every message key is written once: a second entry with the same key in a dict
literal silently replaces the first (two rooms adding the same key)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("module", ["salesbook/i18n.py", "salesbook/cli/words.py"])
def test_no_message_key_is_written_twice(module):
    tree = ast.parse((ROOT / module).read_text(encoding="utf-8"))
    twice = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            keys = [k.value for k in node.keys if isinstance(k, ast.Constant)]
            twice |= {k for k in keys if keys.count(k) > 1}
    assert not twice
