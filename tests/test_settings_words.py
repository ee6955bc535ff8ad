"""Settings as a rep reads them: every number with its unit, the forecast's prior
weight in plain words, and the value-tier percentages the Value view points to."""

from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from ui_support import gone, isolated_qsettings, open_window, rows  # noqa: E402,F401


def test_every_number_has_its_unit_and_the_tiers_can_be_changed(qtbot, tmp_path, seeded):
    seeded.book.close()
    win = open_window(qtbot, seeded.path, lang="zh")
    dlg = win.open_settings()
    qtbot.waitUntil(lambda: dlg.loaded)
    suffixes = {k: s.suffix() for k, s in dlg.numbers.items()}
    assert suffixes["lead_days"] == " 天" and suffixes["capacity"] == " 站"
    assert suffixes["prior_weight_days"] == " 天的实际送货记录"
    assert all(suffixes[k] == "%" for k in ("tier_platinum_pct", "tier_gold_pct", "tier_iron_pct"))
    assert all(suffixes.values())
    assert dlg.numbers["tier_gold_pct"].value() == 4  # the book's setting
    dlg.numbers["tier_gold_pct"].setValue(6)
    dlg.save()
    qtbot.waitUntil(lambda: gone(dlg))
    assert rows(seeded.path, "SELECT value FROM settings WHERE key = 'tier_gold_pct'") == [("6",)]
