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
from ..rules.text import formula_safe, parse_date
from ..store.book import Book, default_book_path, open_book
from . import words as cli_words

cli_words.install()  # click's usage errors in the chosen language

# Other rooms add their commands in their own modules, each with register(cli).
COMMAND_MODULES = (
    "salesbook.cli.records", "salesbook.cli.excel", "salesbook.cli.value", "salesbook.cli.backup", "salesbook.cli_team",
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
        try:
            if book.in_use_by is None and getattr(book, "_committed_changes", 0):
                # this command wrote: the month's jobs run now (salesbook/store/monthly.py)
                from ..store.monthly import after_write

                after_write(book)
        finally:  # Ctrl+C during the jobs still closes the book (and makes its backup)
            book.close()
        if book.in_use_by is not None and not book.refused_write:
            # one line: what was shown is read-only (a refused write says so itself)
            click.echo(
                t("book_reading_held", path=book.path, pid=book.in_use_by.pid or "?"), err=True
            )


pass_ctx = click.make_pass_decorator(Ctx)
_current: Ctx | None = None  # this command's (main() names its book in a damaged-book message)


def _damaged(exc: Exception) -> SalesbookError | None:
    """A read that hit a damaged page (a big book checks its core tables on open
    and the rest once a day before a write: store/book.py): the damaged-book
    message naming the newest good backup, not an unexpected error."""
    import sqlite3

    text = str(exc).lower()
    if not isinstance(exc, sqlite3.DatabaseError) or not ("malformed" in text or "corrupt" in text):
        return None
    if _current is None:
        return None
    from ..store.book import _offer_backup

    path = str(_current.path)
    return _offer_backup(BookError("book_corrupt", path=path, detail=str(exc)), path)


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
    global _current
    _current = ctx.obj
    ctx.call_on_close(ctx.obj.close)
    if ctx.invoked_subcommand is None:
        try:
            problem = importlib.import_module("ui.display_check").window_problem()
            if problem:  # no display or Qt's system libraries missing: say so before Qt aborts
                click.echo(problem, err=True)
                sys.exit(1)
            app = importlib.import_module("ui.app")
        except ImportError as exc:  # PySide6 missing or broken: one line, the user's language
            click.echo(t("window_unavailable", detail=str(exc)), err=True)
            sys.exit(1)
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
        damaged = _damaged(exc)
        if damaged is not None:
            click.echo(damaged.message(), err=True)
            return damaged.exit_code
        click.echo(t("unexpected", detail=f"{type(exc).__name__}: {exc}"), err=True)
        return 1


if __name__ == "__main__":
    sys.exit(main())
