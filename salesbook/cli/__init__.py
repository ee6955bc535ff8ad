"""The command line: ``salesbook`` (see README "Command line").

``salesbook`` alone opens the window (ui/, imported lazily); every other
command works on the book without Qt. Errors are one line in the user's
language, exit code 1 for bad input and 2 for usage; never a traceback
(set SALESBOOK_DEBUG=1 to see one).
"""

from __future__ import annotations

import csv
import importlib
import io
import json
import os
import sys
import unicodedata
from collections.abc import Callable
from datetime import date
from pathlib import Path

import click
import orjson

from .. import __version__, startup  # noqa: F401 - startup: the core wired (store/hooks.py)
from ..errors import Ambiguous, BookError, SalesbookError
from ..i18n import current_language, set_language, t
from ..rules.text import fen_to_str, fen_to_yuan, formula_safe, level_name, parse_date
from ..store.book import Book, default_book_path, open_book
from . import words as cli_words

cli_words.install()  # click's usage errors in the chosen language

# Other rooms add their commands in their own modules, each with register(cli).
COMMAND_MODULES = (
    "salesbook.cli.excel", "salesbook.cli.value", "salesbook.cli.backup", "salesbook.cli_team",
    "salesbook.cli.today", "salesbook.cli.forecast", "salesbook.cli.message",
)  # fmt: skip


class Ctx:
    def __init__(self, book_path: str | None):
        self.book_path = book_path
        self._book: Book | None = None

    @property
    def path(self) -> Path:
        return Path(self.book_path) if self.book_path else default_book_path()

    def require_book(self) -> Path:
        """The book's path; a missing book is refused (a mistyped --book must not
        become a new empty book): only ``new`` and ``demo`` create one."""
        if not self.path.exists():
            raise BookError("book_not_found", path=str(self.path))
        return self.path

    def book(self) -> Book:
        if self._book is None:
            self._book = open_book(self.require_book(), create=False)
        return self._book

    def close(self) -> None:
        book, self._book = self._book, None
        if book is None:
            return
        if book.in_use_by is None and getattr(book, "_committed_changes", 0):
            # this command wrote: the month's jobs run now (salesbook/store/monthly.py)
            from ..store.monthly import after_write

            after_write(book)
        book.close()
        if book.in_use_by is not None and not book.refused_write:
            # one line: what was shown is read-only (a refused write says so itself)
            click.echo(
                t("book_reading_held", path=book.path, pid=book.in_use_by.pid or "?"), err=True
            )


pass_ctx = click.make_pass_decorator(Ctx)


def zh() -> bool:
    return current_language() == "zh"


def L(zh_text: str, en_text: str) -> str:  # noqa: N802 - a tiny inline translator for CLI labels
    return zh_text if zh() else en_text


def _quote(text: str) -> str:
    """``text`` as the user would retype it in a shell (quoted only when needed)."""
    import re
    import shlex

    return text if re.fullmatch(r"[\w.#+-]+", text) else shlex.quote(text)


def today_or(value: str | None) -> date:
    return parse_date(value, field="date") if value is not None else date.today()


# -- output ------------------------------------------------------------------


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def format_table(headers: list[str], rows: list[list]) -> str:
    """Aligned columns; Chinese characters count double."""
    cells = [[("" if v is None else str(v)) for v in row] for row in rows]
    widths = [_width(h) for h in headers]
    for row in cells:
        for i, v in enumerate(row):
            widths[i] = max(widths[i], _width(v))
    lines = ["  ".join(_pad(h, widths[i]) for i, h in enumerate(headers)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in cells:
        lines.append("  ".join(_pad(v, widths[i]) for i, v in enumerate(row)).rstrip())
    return "\n".join(lines)


def emit(
    fmt: str,
    headers: list[str],
    rows: list[list] | Callable[[], list[list]],
    records: list[dict],
    keys: list[str] | tuple[str, ...] | None = None,
    empty: str | None = None,
) -> None:
    """Print rows as table, csv (with the JSON keys as header) or json.
    ``keys``: the csv header when there are no records; ``empty``: the table's
    text when there are no rows (default: "Nothing due")."""
    if fmt == "json":
        # compact UTF-8 from orjson: ~6x the standard library's C encoder on a
        # 100k book's due list (json's indent= is pure Python, slower still)
        click.echo(orjson.dumps(records, option=orjson.OPT_NON_STR_KEYS))
    elif fmt == "csv":
        buf = io.StringIO()
        keys = list(records[0].keys()) if records else list(keys or [])
        writer = csv.DictWriter(buf, fieldnames=keys, lineterminator="\n")
        writer.writeheader()
        ctx = click.get_current_context(silent=True)
        # cells a spreadsheet would run as formulas get a leading ' unless --raw
        cell = (lambda v: v) if ctx is not None and ctx.meta.get(RAW_CSV) else formula_safe
        for r in records:
            writer.writerow({k: ("" if v is None else cell(v)) for k, v in r.items()})
        click.echo(buf.getvalue(), nl=False)
    else:
        if callable(rows):  # built only when a table is asked for
            rows = rows()
        if not rows:
            click.echo(empty or t("nothing_due"))
            return
        click.echo(format_table(headers, rows))


RAW_CSV = "salesbook.raw_csv"


def _remember_raw(ctx: click.Context, _param, value: bool) -> bool:
    if value:
        ctx.meta[RAW_CSV] = True
    return value


_FORMAT = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
)
_RAW = click.option(
    "--raw",
    is_flag=True,
    expose_value=False,
    callback=_remember_raw,
    help="CSV for scripts: cells as they are (by default a cell starting with = + - @"
    " gets a leading ' so a spreadsheet shows it as text, not a formula).",
)


def FORMAT(fn):  # noqa: N802 - used as a decorator like the click options it stands for
    """``--format table|csv|json`` and ``--raw`` (CSV cells not neutralised)."""
    return _FORMAT(_RAW(fn))


# -- the group ---------------------------------------------------------------


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--book",
    "book_path",
    type=click.Path(dir_okay=False),
    help="Book file (default: your data folder).",
)
@click.option("--lang", type=click.Choice(["zh", "en"]), help="Language of messages.", is_eager=True,
              callback=lambda _ctx, _p, value: set_language(value) if value else None)  # fmt: skip
@click.option("--demo", is_flag=True, help="Open the window on a demo book in a temporary folder.")
@click.version_option(__version__, prog_name="salesbook")
@click.pass_context
def cli(ctx: click.Context, book_path: str | None, lang: str | None, demo: bool) -> None:
    """销售台账 Salesbook: who to resupply, collect from and call on, every morning."""
    if lang:
        set_language(lang)
    ctx.obj = Ctx(book_path)
    ctx.call_on_close(ctx.obj.close)
    if ctx.invoked_subcommand is None:
        try:
            problem = importlib.import_module("ui.display_check").window_problem()
            if problem:  # no display or Qt's system libraries missing: say so before Qt aborts
                click.echo(problem, err=True)
                sys.exit(1)
            app = importlib.import_module("ui.app")
        except ImportError as exc:
            raise click.UsageError(f"the window is not available: {exc}") from exc
        sys.exit(app.run(book_path=book_path, demo=demo, lang=lang))


@cli.command()
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--customers", "n", type=click.IntRange(1, 1_000_000), default=300, show_default=True)
@click.option("--seed", type=int, default=7, show_default=True)
@click.option("--today", "today_s", help="Last day of the history (default: today).")
def demo(path: str, n: int, seed: int, today_s: str | None) -> None:
    """Write a realistic demo book at PATH."""
    from .demo import build_demo

    result = build_demo(path, customers=n, seed=seed, today=today_or(today_s))
    click.echo(
        t("demo_built", path=result.path, customers=result.customers,
          deliveries=result.deliveries, seconds=result.seconds)
    )  # fmt: skip


@cli.command("new")
@click.argument("path", type=click.Path(dir_okay=False))
def new_cmd(path: str) -> None:
    """Create a new, empty book at PATH (its folder must exist)."""
    if Path(path).exists():
        raise BookError("target_exists", path=path)
    open_book(path, create=True).close()
    click.echo(t("book_created", path=path))


# -- customers ------------------------------------------------------------


@cli.command("customers")
@click.option("--search", "text", help="Name, phone, or pinyin initials (wjg finds 王建国).")
@click.option("--area")
@click.option("--level")
@click.option("--limit", type=int, default=50, show_default=True)
@click.option("--all", "include_archived", is_flag=True, help="Include archived customers.")
@FORMAT
@pass_ctx
def customers_cmd(c: Ctx, text, area, level, limit, include_archived, fmt) -> None:
    """List or search customers."""
    from ..records.customers import search_customers
    from ..rules.text import parse_level

    rows = search_customers(
        c.book(), text, area=area, level=parse_level(level) if level else None, limit=limit,
        include_archived=include_archived,
    )  # fmt: skip
    records = [
        {"customer_uid": r.uid, "customer": r.name, "phone": r.phone, "area": r.area,
         "level": r.level, "household_size": r.household_size,
         "balance": fen_to_str(r.balance_fen), "last_contact": r.last_contact_date,
         "next_runout": r.next_runout}
        for r in rows
    ]  # fmt: skip
    headers = [L("客户", "customer"), L("电话", "phone"), L("片区", "area"), L("关系", "level"),
               L("人数", "size"), L("欠款", "owed"), L("最近联系", "last contact"),
               L("最早用完", "next run-out")]  # fmt: skip
    table = [
        [r.name, r.phone, r.area, level_name(r.level, current_language()), r.household_size,
         fen_to_yuan(r.balance_fen), r.last_contact_date, r.next_runout]
        for r in rows
    ]  # fmt: skip
    emit(fmt, headers, table, records, empty=t("no_customers"))
    if fmt == "table" and len(rows) == limit:
        from ..records.customers import count_customers

        total = count_customers(c.book(), text, area=area, level=parse_level(level) if level else None,
                                include_archived=include_archived)  # fmt: skip
        if total > len(rows):
            click.echo(t("customers_limited", shown=len(rows), total=total))


def _customer_options(f):
    for name, help_text in reversed(
        [
            ("--name", "姓名 name"),
            ("--phone", "电话 phone"),
            ("--address", "地址 address"),
            ("--area", "片区 area"),
            ("--household-size", "家庭人数 household size"),
            ("--pay-day", "发薪日: 10, 月底, 5,20, 每周五, biweekly:2026-01-02"),
            ("--level", "关系: 过客/熟人/朋友/知己"),
            ("--lead-days", "提前提醒天数 lead days"),
            ("--notes", "备注 notes"),
            ("--address-as", "称呼: how messages address them (王姐, 李师傅)"),
            ("--delivery-note", "送货习惯: standing delivery note (放门口, 下午五点后在家)"),
        ]
    ):
        f = click.option(name, help=help_text)(f)
    return f


def _fields(kwargs: dict) -> dict:
    data = {k: v for k, v in kwargs.items() if v is not None}
    if "pay_day" in data:
        data["pay_cycle"] = data.pop("pay_day")
    return data


@cli.group()
def customer() -> None:
    """Add, edit, show or archive a customer."""


@customer.command("add")
@_customer_options
@pass_ctx
def customer_add(c: Ctx, **kwargs) -> None:
    from ..records.customers import add_customer

    cust = add_customer(c.book(), **_fields(kwargs))
    click.echo(t("saved_customer", customer=f"{cust.name} [{cust.uid}]"))


@customer.command("edit")
@click.argument("who")
@_customer_options
@click.option("--reason", help="Why the level changed.")
@pass_ctx
def customer_edit(c: Ctx, who: str, reason: str | None, **kwargs) -> None:
    from ..records.customers import find_customer, update_customer

    book = c.book()
    cust = update_customer(book, find_customer(book, who).id, reason=reason, **_fields(kwargs))
    click.echo(t("saved_customer", customer=f"{cust.name} [{cust.uid}]"))


@customer.command("archive")
@click.argument("who")
@click.option("--restore", is_flag=True, help="Bring an archived customer back.")
@pass_ctx
def customer_archive(c: Ctx, who: str, restore: bool) -> None:
    from ..records.customers import archive_customer, find_customer

    book = c.book()
    cust = archive_customer(
        book, find_customer(book, who, include_archived=True).id, restore=restore
    )
    click.echo(t("saved_customer" if restore else "archived_customer", customer=cust.name))


@customer.command("show")
@click.argument("who")
@click.option("--on", "on_s", help="Date (default today).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@pass_ctx
def customer_show(c: Ctx, who: str, on_s: str | None, fmt: str) -> None:
    """Everything the book knows about one customer."""
    from ..insight.profile import customer_profile
    from ..records.customers import find_customer

    book = c.book()
    prof = customer_profile(
        book, find_customer(book, who, include_archived=True).id, today_or(on_s)
    )
    if fmt == "json":
        click.echo(json.dumps(prof.to_json(), ensure_ascii=False, indent=2))
        return
    click.echo(prof.describe(current_language()))


# -- products ------------------------------------------------------------


@cli.group()
def product() -> None:
    """Products: list, add, edit."""


@product.command("list")
@FORMAT
@pass_ctx
def product_list(c: Ctx, fmt: str) -> None:
    from ..records.products import list_products

    items = list_products(c.book())
    records = [
        {"name": p.name, "unit": p.unit, "unit_price": fen_to_str(p.unit_price_fen),
         "per_person_daily": p.per_person_daily}
        for p in items
    ]  # fmt: skip
    emit(
        fmt,
        [
            L("品名", "product"),
            L("单位", "unit"),
            L("单价", "price"),
            L("人均日用量", "per person/day"),
        ],
        [[p.name, p.unit, fen_to_yuan(p.unit_price_fen), p.per_person_daily] for p in items],
        records,
        empty=t("no_products"),
    )


@product.command("add")
@click.argument("name")
@click.option("--unit", default="")
@click.option("--price", help="Unit price in yuan.")
@click.option("--per-person-daily", help="Units one person uses per day.")
@pass_ctx
def product_add(c: Ctx, name: str, unit: str, price, per_person_daily) -> None:
    from ..records.products import add_product

    p = add_product(c.book(), name=name, unit=unit, price=price, per_person_daily=per_person_daily)
    click.echo(f"{p.name} {p.unit} {fen_to_yuan(p.unit_price_fen)}")


@product.command("edit")
@click.argument("name")
@click.option("--new-name")
@click.option("--unit")
@click.option("--price")
@click.option("--per-person-daily")
@pass_ctx
def product_edit(c: Ctx, name: str, new_name, unit, price, per_person_daily) -> None:
    from ..records.products import find_product, update_product

    book = c.book()
    data = {"name": new_name, "unit": unit, "price": price, "per_person_daily": per_person_daily}
    p = update_product(
        book, find_product(book, name).id, **{k: v for k, v in data.items() if v is not None}
    )
    click.echo(f"{p.name} {p.unit} {fen_to_yuan(p.unit_price_fen)} {p.per_person_daily}")


# -- the day's work ------------------------------------------------------


@cli.command(context_settings={"ignore_unknown_options": True})  # QTY -1: our message, not click's
@click.argument("who")
@click.argument("product_name", metavar="PRODUCT")
@click.argument("quantity")
@click.option("--date", "date_s", help="Delivery date (default today).")
@click.option("--price", help="Unit price in yuan (default: the product's price).")
@click.option("--paid", is_flag=True, help="Paid on delivery.")
@click.option("--note")
@pass_ctx
def deliver(c: Ctx, who, product_name, quantity, date_s, price, paid, note) -> None:
    """Record a delivery: the forecast updates at once."""
    from ..records.customers import find_customer
    from ..records.deliveries import record_delivery
    from ..records.products import find_product

    book = c.book()
    cust = find_customer(book, who)
    prod = find_product(book, product_name)
    rec = record_delivery(
        book,
        cust.id,
        prod.id,
        quantity,
        on=today_or(date_s),
        unit_price=price,
        paid=paid,
        note=note,
    )
    from ..records.views import runout_date

    runout = runout_date(book, cust.id, prod.id)
    said = dict(customer=cust.name, product=prod.name, quantity=f"{rec.quantity:g}",
                unit=prod.unit, amount=fen_to_yuan(rec.amount_fen))  # fmt: skip
    if runout is not None:
        click.echo(t("saved_delivery", runout=runout.isoformat(), **said))
        return
    click.echo(t("saved_delivery_plain", **said))
    # say why there is no forecast yet, and what to fill in
    if cust.household_size is None:
        click.echo(t("no_forecast_household", customer=cust.name, who=_quote(who)))
    elif prod.per_person_daily is None:
        click.echo(t("no_forecast_product", product=_quote(prod.name)))


@cli.command(context_settings={"ignore_unknown_options": True})  # AMOUNT -5: our message
@click.argument("who")
@click.argument("amount")
@click.option("--date", "date_s", help="Payment date (default today).")
@click.option("--note")
@pass_ctx
def pay(c: Ctx, who, amount, date_s, note) -> None:
    """Record a payment (yuan)."""
    from ..records.customers import find_customer
    from ..records.payments import balance_fen, record_payment

    book = c.book()
    cust = find_customer(book, who)
    rec = record_payment(book, cust.id, amount, on=today_or(date_s), note=note)
    click.echo(
        t("saved_payment", customer=cust.name, amount=fen_to_yuan(rec.amount_fen),
          balance=fen_to_yuan(balance_fen(book, cust.id)))
    )  # fmt: skip


@cli.command()
@click.argument("who")
@click.option(
    "--kind", type=click.Choice(["visit", "call", "message"]), default="visit", show_default=True
)
@click.option("--note")
@click.option("--date", "date_s", help="Date (default today).")
@pass_ctx
def contact(c: Ctx, who, kind, note, date_s) -> None:
    """Log a visit, call or message."""
    from ..records.contacts import KIND_NAMES, log_contact
    from ..records.customers import find_customer

    book = c.book()
    cust = find_customer(book, who)
    log_contact(book, cust.id, on=today_or(date_s), kind=kind, note=note)
    click.echo(t("saved_contact", customer=cust.name, kind=KIND_NAMES[kind][0 if zh() else 1]))


@cli.group()
def level() -> None:
    """Relationship levels: set, pyramid, suggestions."""


@level.command("set")
@click.argument("who")
@click.argument("new_level", metavar="LEVEL")
@click.option("--reason")
@pass_ctx
def level_set(c: Ctx, who, new_level, reason) -> None:
    from ..records.customers import find_customer
    from ..records.relationship import set_level

    book = c.book()
    cust = find_customer(book, who)
    old, new = set_level(book, cust.id, new_level, reason=reason)
    lang = current_language()
    click.echo(
        t("saved_level", customer=cust.name, old=level_name(old, lang), new=level_name(new, lang))
    )


@level.command("pyramid")
@FORMAT
@pass_ctx
def level_pyramid(c: Ctx, fmt: str) -> None:
    """Customers per level next to the 100:50:10:4 guideline."""
    from ..records.relationship import guideline_for, pyramid

    counts = pyramid(c.book())
    guide = guideline_for(sum(counts.values()))
    lang = current_language()
    records = [{"level": k, "count": v, "guideline": round(guide[k], 1)} for k, v in counts.items()]
    emit(
        fmt,
        [L("关系", "level"), L("人数", "count"), L("参考", "guideline")],
        [[level_name(k, lang), v, f"{guide[k]:.0f}"] for k, v in counts.items()],
        records,
    )


@level.command("suggest")
@click.option("--on", "on_s")
@click.option("--limit", type=int, default=20)
@FORMAT
@pass_ctx
def level_suggest(c: Ctx, on_s, limit, fmt) -> None:
    """Upgrade suggestions with their reason (nothing is changed)."""
    from ..records.relationship import suggestions

    lang = current_language()
    items = suggestions(c.book(), today_or(on_s), limit=limit)
    emit(
        fmt,
        [L("客户", "customer"), L("现在", "now"), L("建议", "suggested"), L("理由", "reason")],
        [[s.customer, level_name(s.from_level, lang), level_name(s.to_level, lang), s.reason(lang)] for s in items],
        [{"customer_uid": s.customer_uid, "customer": s.customer, "from": s.from_level,
          "to": s.to_level, "reason": s.reason(lang)} for s in items],
        empty=t("no_suggestions"),
    )  # fmt: skip


STATUS_NAMES = {
    "upcoming": ("即将", "upcoming"),
    "due": ("到期", "due"),
    "overdue": ("逾期", "overdue"),
    "at_risk": ("有风险", "at risk"),
}
KIND_NAMES = {
    "resupply": ("补货", "resupply"),
    "collect": ("收款", "collect"),
    "follow_up": ("回访", "follow up"),
}


def _pick(pair: tuple[str, str]) -> str:
    return pair[0] if zh() else pair[1]


def describe_item(item, on: date | None = None) -> str:
    """The 'what and why' of a due item as seen on ``on`` (default today), e.g. 大米 预计3月8日用完."""
    if item.kind == "resupply":
        d = date.fromisoformat(item.runout_date)
        if zh():
            verb = "已于" if item.days_left < 0 else "预计"
            return f"{item.product} {verb}{d.month}月{d.day}日用完"
        return f"{item.product} {'ran out' if item.days_left < 0 else 'runs out'} {d:%b} {d.day}"
    if item.kind == "collect":
        when = (
            ("发薪日已过", "payday passed") if item.days_left < 0 else ("今天发薪", "payday today")
        )
        if item.days_left > 0:
            when = (f"发薪日 {item.due_date}", f"payday {item.due_date}")
        if zh():
            return f"欠款 ¥{item.amount} {when[0]}"
        return f"owes ¥{item.amount}, {when[1]}"
    day = on or date.today()
    days = (day - date.fromisoformat(item.last_contact)).days if item.last_contact else None
    if days is None:
        return L("从未联系", "never contacted")
    return L(f"{days}天未联系", f"no contact for {days} days")


@cli.command()
@click.option("--on", "on_s", help="Date (default today).")
@click.option("--within", type=click.IntRange(0, 3650), default=0, show_default=True)
@click.option(
    "--kind", "kinds", type=click.Choice(["resupply", "collect", "follow_up"]), multiple=True
)
@FORMAT
@pass_ctx
def due(c: Ctx, on_s, within, kinds, fmt) -> None:
    """What is due by DATE + DAYS, and everything overdue (JSON contract: README)."""
    from ..records.due import JSON_KEYS, due_items, due_json, due_records

    on = today_or(on_s)
    if fmt == "json":  # the contract's objects written by the book itself (README)
        # bytes: UTF-8 whatever the console's encoding (a Chinese Windows pipe is GBK)
        click.echo(due_json(c.book(), on, within=within, kinds=kinds or None).encode("utf-8"))
        return
    if fmt == "table":
        items = due_items(c.book(), on, within=within, kinds=kinds or None)
        records = []
    else:  # csv: the contract's objects straight from the book
        items, records = [], due_records(c.book(), on, within=within, kinds=kinds or None)
    emit(
        fmt,
        [L("类型", "kind"), L("状态", "status"), L("客户", "customer"), L("电话", "phone"),
         L("片区", "area"), L("事项", "what"), L("日期", "date"), L("剩余天数", "days left")],
        lambda: [[_pick(KIND_NAMES[i.kind]), _pick(STATUS_NAMES[i.status]), i.customer, i.phone, i.area,
          describe_item(i, on), i.due_date, i.days_left] for i in items],
        records,
        keys=JSON_KEYS,
    )  # fmt: skip


@cli.command()
@click.option("--on", "on_s", help="Date (default today).")
@click.option(
    "--capacity", type=click.IntRange(1, 500), help="Stops per day (default: the book's setting)."
)
@click.option("--days", type=click.IntRange(1, 31), default=1, show_default=True)
@FORMAT
@pass_ctx
def plan(c: Ctx, on_s, capacity, days, fmt) -> None:
    """The visit plan: one stop per customer, grouped by area."""
    from ..records.plan import visit_plan

    plans = visit_plan(c.book(), today_or(on_s), capacity=capacity, days=days)
    if fmt == "json":
        click.echo(json.dumps([p.to_json() for p in plans], ensure_ascii=False, indent=2))
        return
    rows, records = [], []
    for p in plans:
        n = 0
        for area, stops in p.by_area():
            for s in stops:
                n += 1
                what = ("；" if zh() else "; ").join(
                    [k.describe(p.day, "zh" if zh() else "en") for k in s.complaints]
                    + [describe_item(r, p.day) for r in s.reasons]
                )
                rows.append(
                    [
                        p.day.isoformat(),
                        n,
                        area,
                        s.customer,
                        s.phone,
                        _pick(STATUS_NAMES[s.status]),
                        what,
                    ]
                )
                records.append(
                    {
                        "date": p.day.isoformat(),
                        "stop": n,
                        "area": area,
                        "customer_uid": s.customer_uid,
                        "customer": s.customer,
                        "phone": s.phone,
                        "status": s.status,
                        "what": what,
                    }
                )
    emit(fmt, [L("日期", "date"), "#", L("片区", "area"), L("客户", "customer"), L("电话", "phone"),
               L("状态", "status"), L("事项", "what")], rows, records,
         keys=["date", "stop", "area", "customer_uid", "customer", "phone", "status", "what"])  # fmt: skip


@cli.command()
@click.argument("key", required=False)
@click.argument("value", required=False)
@pass_ctx
def settings(c: Ctx, key, value) -> None:
    """Show settings, or set one: salesbook settings lead_days 5."""
    from ..records.settings import set_setting

    book = c.book()
    if key and value is not None:
        set_setting(book, key, value)
    for k, v in book.settings().items():
        click.echo(f"{k} = {json.dumps(v, ensure_ascii=False)}")


for _name in COMMAND_MODULES:
    try:
        _mod = importlib.import_module(_name)
    except ModuleNotFoundError as _exc:
        if _exc.name != _name:
            raise
        continue
    _mod.register(cli)


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the CLI, turning every error into one clear line."""
    try:
        cli.main(args=argv, prog_name="salesbook", standalone_mode=False)
        return 0
    except click.exceptions.Abort:
        click.echo("Aborted", err=True)
        return 1
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except Ambiguous as exc:
        click.echo(exc.message(), err=True)
        return 1
    except SalesbookError as exc:
        click.echo(exc.message(), err=True)
        problems = getattr(exc, "problems", None)
        if problems:
            from ..excel.importer import problem_lines

            for line in problem_lines(problems):
                click.echo("  " + line, err=True)
        return exc.exit_code
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 0
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # never a traceback at a user
        if os.environ.get("SALESBOOK_DEBUG"):
            raise
        click.echo(t("unexpected", detail=f"{type(exc).__name__}: {exc}"), err=True)
        return 1


if __name__ == "__main__":
    sys.exit(main())
