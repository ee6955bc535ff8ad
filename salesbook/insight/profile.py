"""Everything about one customer in one call: the customer detail view, the
CLI's ``customer show`` and reports all read this."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from ..errors import NotFound
from ..records.contacts import ContactRecord, list_contacts
from ..records.customers import Customer, get_customer
from ..records.deliveries import DeliveryRecord, list_deliveries
from ..records.payments import PaymentRecord, list_payments
from ..records.relationship import LevelChange, Suggestion, history, suggestions
from ..rules import paycycle
from ..rules.forecast import supply_status
from ..rules.text import fen_to_yuan, level_name
from ..store.book import Book


@dataclass(frozen=True)
class ProductForecast:
    product_id: int
    product: str
    unit: str
    prior_rate: float | None
    observed_rate: float | None
    rate: float | None
    rate_source: str
    n_deliveries: int
    last_date: str
    stock_at_last: float
    stock_now: float | None
    runout_date: str | None
    remind_date: str | None
    status: str | None
    share_of_wallet: float | None


@dataclass(frozen=True)
class CustomerProfile:
    customer: Customer
    on: date
    pay_cycle_text: str
    products: list[ProductForecast]
    balance_fen: int
    collect_date: str | None
    last_contact_date: str | None
    follow_up_date: str | None
    spend_fen: int
    deliveries: list[DeliveryRecord]
    payments: list[PaymentRecord]
    contacts: list[ContactRecord]
    level_history: list[LevelChange]
    suggestion: Suggestion | None
    missing: list[str]  # what to fill in to get a prediction (e.g. household_size)

    def to_json(self) -> dict:
        d = asdict(self)
        d["on"] = self.on.isoformat()
        d["balance"] = fen_to_yuan(self.balance_fen)
        if self.suggestion:
            d["suggestion"]["reason"] = self.suggestion.reason()
        return d

    def describe(self, lang: str = "zh") -> str:
        c = self.customer
        zh = lang == "zh"
        lines = [
            f"{c.name}  {c.phone or ''}  {c.area or ''}  [{c.uid}]",
            (f"地址：{c.address or '-'}  家庭人数：{c.household_size or '-'}  发薪：{self.pay_cycle_text}"
             if zh else
             f"address: {c.address or '-'}  household: {c.household_size or '-'}  pay: {c.pay.describe('en')}"),
            (f"关系：{level_name(c.level, lang)}  欠款：{fen_to_yuan(self.balance_fen)}  收款日：{self.collect_date or '-'}"
             f"  最近联系：{self.last_contact_date or '-'}  下次回访：{self.follow_up_date or '-'}"
             if zh else
             f"level: {level_name(c.level, lang)}  owed: {fen_to_yuan(self.balance_fen)}  collect: {self.collect_date or '-'}"
             f"  last contact: {self.last_contact_date or '-'}  follow up: {self.follow_up_date or '-'}"),
        ]  # fmt: skip
        if c.address_as:
            lines.append(f"称呼：{c.address_as}" if zh else f"address as: {c.address_as}")
        if c.delivery_note:
            lines.append(
                f"送货习惯：{c.delivery_note}" if zh else f"delivery habits: {c.delivery_note}"
            )
        for p in self.products:
            rate = f"{p.rate:.3f}" if p.rate else "-"
            prior = f"{p.prior_rate:.3f}" if p.prior_rate else "-"
            learned = f"{p.observed_rate:.3f}" if p.observed_rate else "-"
            sow = f"{p.share_of_wallet:.0%}" if p.share_of_wallet is not None else "-"
            lines.append(
                f"  {p.product}: 经验 {prior} / 实际 {learned} → {rate} {p.unit}/天，预计 {p.runout_date or '-'} 用完，份额 {sow}"
                 if zh else
                 f"  {p.product}: prior {prior} / learned {learned} -> {rate} {p.unit}/day, runs out {p.runout_date or '-'}, share {sow}"
            )  # fmt: skip
        if self.missing:
            lines.append(("缺少：" if zh else "missing: ") + ", ".join(self.missing))
        if self.suggestion:
            s = self.suggestion
            lines.append(
                f"建议升级为{level_name(s.to_level, lang)}：{s.reason(lang)}" if zh
                 else f"suggest {level_name(s.to_level, lang)}: {s.reason(lang)}"
            )  # fmt: skip
        return "\n".join(lines)


def customer_profile(book: Book, customer_id: int, on: date) -> CustomerProfile:
    """The customer's card as of ``on``: forecasts per product, money, contacts, levels."""
    c = get_customer(book, customer_id)
    if c is None:
        raise NotFound("customer_not_found", query=str(customer_id))
    at_risk_days = int(book.setting("at_risk_days"))
    products = []
    for row in book.conn.execute(
        "SELECT s.product_id, p.name, p.unit, s.prior_rate, s.observed_rate, s.rate, s.rate_source,"
        " s.n_deliveries, s.last_date, s.stock_at_last, s.runout_date, s.remind_date, s.share_of_wallet"
        " FROM supply s JOIN products p ON p.id = s.product_id WHERE s.customer_id = ?"
        " ORDER BY s.runout_date IS NULL, s.runout_date",
        (customer_id,),
    ):
        runout = date.fromisoformat(row[10]) if row[10] else None
        remind = date.fromisoformat(row[11]) if row[11] else None
        rate = row[5]
        stock_now = None
        if rate:
            stock_now = max(0.0, row[9] - rate * (on - date.fromisoformat(row[8])).days)
        products.append(
            ProductForecast(
                *row[:10], stock_now, row[10], row[11],
                supply_status(runout, remind, on, at_risk_days), row[12],
            )
        )  # fmt: skip
    state = book.conn.execute(
        "SELECT balance_fen, collect_date, last_contact_date, follow_up_date, spend_fen"
        " FROM customer_state WHERE customer_id = ?",
        (customer_id,),
    ).fetchone() or (0, None, None, None, 0)
    missing = []
    if not c.household_size:
        missing.append("household_size")
    sugg = next(iter(suggestions(book, on, customer_id=customer_id)), None)
    lang_pay = paycycle.decode(c.pay_cycle).describe()
    return CustomerProfile(
        customer=c,
        on=on,
        pay_cycle_text=lang_pay,
        products=products,
        balance_fen=state[0],
        collect_date=state[1],
        last_contact_date=state[2],
        follow_up_date=state[3],
        spend_fen=state[4],
        deliveries=list_deliveries(book, customer_id, limit=200),
        payments=list_payments(book, customer_id, limit=200),
        contacts=list_contacts(book, customer_id, limit=200),
        level_history=history(book, customer_id),
        suggestion=sugg,
        missing=missing,
    )
