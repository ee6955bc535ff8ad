"""What a message from Today is about: a win-back row gets a check-in, never an
offer of what ran out weeks ago, wherever the rep clicks (row button, context
menu, the bar's button)."""

from __future__ import annotations

from datetime import date

import pytest

pytest.importorskip("PySide6")

from salesbook.records.due import DueItem  # noqa: E402


def _item(kind: str, status: str) -> DueItem:
    fields = {f: None for f in DueItem.__dataclass_fields__}
    fields.update(
        kind=kind, status=status, customer_id=1, customer="王建国", due_date=date(2026, 11, 1)
    )
    return DueItem(**fields)


def test_a_win_back_message_is_a_check_in():
    from ui.due_table import message_kind

    lost = _item("resupply", "at_risk")
    assert message_kind("winback", [lost]) == "follow_up"
    assert message_kind("resupply", [lost]) == "follow_up"  # the row button passes item.kind
    assert message_kind("resupply", [_item("resupply", "due")]) == "resupply"
    assert message_kind("collect", [_item("collect", "overdue")]) == "collect"
    assert (
        message_kind("complaints", [_item("follow_up", "due")]) is None
    )  # each customer's most urgent
