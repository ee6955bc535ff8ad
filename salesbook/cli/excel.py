"""CLI: ``salesbook import ...`` and ``salesbook export ...`` (files in and out)."""

from __future__ import annotations

import json

import click

from ..i18n import current_language, set_language, t
from ..store import private
from . import FORMAT, Ctx, L, emit, pass_ctx, today_or

KIND_CHOICE = click.Choice(["customers", "products", "deliveries", "payments"])


def _import_command(group: click.Group, kind: str, help_text: str) -> None:
    @group.command(kind, help=help_text)
    @click.argument("file", type=click.Path(dir_okay=False))
    @click.option("--dry-run", is_flag=True, help="Check everything, write nothing.")
    @click.option("--skip-invalid", is_flag=True, help="Import the good rows, report the bad ones.")
    @click.option("--map", "maps", multiple=True, metavar="COLUMN=FIELD",
                  help="Map a column yourself, e.g. --map 人口=household_size (repeatable; FIELD '-' ignores it).")  # fmt: skip
    @click.option("--mode", type=click.Choice(["update", "skip", "keep"]),
                  help="Duplicates: update them, skip them, or keep both "
                       "(default: update for customers/products, skip for deliveries/payments).")  # fmt: skip
    @click.option("--sheet", help="Sheet name or number (default: the one whose headers fit).")
    @click.option(
        "--max-mb",
        type=click.IntRange(1, 2000),
        default=40,
        show_default=True,
        help="Refuse larger files.",
    )
    @click.option(
        "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
    )
    @pass_ctx
    def command(c: Ctx, file, dry_run, skip_invalid, maps, mode, sheet, max_mb, fmt) -> None:
        from ..excel.importer import Limits, detect_mapping, import_table, read_table

        table = read_table(file, kind, sheet=sheet, limits=Limits(max_bytes=max_mb * 1024 * 1024))
        mapping = detect_mapping(table, kind, list(maps))
        result = import_table(
            c.book(), table, kind, mapping, mode, dry_run=dry_run, skip_invalid=skip_invalid
        )
        if fmt == "json":
            click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
            return
        lang = current_language()
        cols = L("，", ", ").join(f"{h}→{f}" if f else f"{h}→{L('(忽略)', '(ignored)')}"
                        for h, f in mapping.describe(lang) if h)  # fmt: skip
        click.echo(L("列：", "Columns: ") + cols)
        if dry_run:
            click.echo(t("dry_run_ok", imported=result.imported, skipped=result.skipped))
        else:
            click.echo(t("imported", imported=result.imported, inserted=result.inserted,
                         updated=result.updated, skipped=result.skipped))  # fmt: skip
        click.echo(t("import_details", sheet=result.sheet, header_row=result.header_row,
                     merged=result.merged, unchanged=result.unchanged,
                     duplicates=result.skipped_duplicates, totals=result.skipped_totals))  # fmt: skip
        from ..excel.importer import problem_lines

        for line in problem_lines(result.problems):
            click.echo("  " + line, err=True)
        for row, name in result.suspicious:
            click.echo("  " + t("import_suspicious_name", row=row, name=name), err=True)
        if result.import_id:
            click.echo(t("import_id_line", id=result.import_id))


def register(cli: click.Group) -> None:
    @cli.group("import")
    def import_group() -> None:
        """Import customers, products, deliveries or payments (.xlsx .xls .ods .csv), a whole book
        written by `export book`, list or undo imports."""

    _import_command(
        import_group, "customers", "Customers: 姓名 电话 地址 片区 家庭人数 发薪日 关系 备注."
    )
    _import_command(import_group, "products", "Products: 品名 单位 单价 人均日用量.")
    _import_command(
        import_group, "deliveries", "Deliveries: 客户 (电话) 品名 日期 数量 (单价 金额 已付)."
    )
    _import_command(import_group, "payments", "Payments: 客户 (电话) 日期 金额.")

    @import_group.command("book")
    @click.argument("file", type=click.Path(dir_okay=False))
    @click.option("--max-mb", type=click.IntRange(1, 4000), default=400, show_default=True,
                  help="Refuse larger files.")  # fmt: skip
    @click.option(
        "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
    )
    @pass_ctx
    def import_book_cmd(c: Ctx, file, max_mb, fmt) -> None:
        """A workbook written by `export book`: restores it into an empty book, merges it by uid
        into one that has records (a second import changes nothing)."""
        from dataclasses import replace

        from ..excel.restore import BOOK_LIMITS, import_book

        limits = replace(BOOK_LIMITS, max_bytes=max_mb * 1024 * 1024)
        result = import_book(c.book(), file, limits=limits)
        if fmt == "json":
            click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
            return
        click.echo(result.describe())
        if result.import_id:
            click.echo(t("import_id_line", id=result.import_id))

    @import_group.command("list")
    @FORMAT
    @pass_ctx
    def import_list(c: Ctx, fmt: str) -> None:
        """Imports done on this book, newest first."""
        from ..excel.importer import list_imports

        items = list_imports(c.book())
        emit(
            fmt,
            ["#", L("时间", "when"), L("类型", "kind"), L("文件", "file"), L("行数", "rows"),
             L("方式", "mode"), L("新增", "new"), L("更新", "updated"), L("已撤销", "reverted")],
            [[i.id, i.at[:16].replace("T", " "), i.kind, i.file, i.rows, i.mode, i.inserted, i.updated,
              (i.reverted_at or "")[:16].replace("T", " ")] for i in items],
            [i.to_json() for i in items],
        )  # fmt: skip

    @import_group.command("revert")
    @click.argument("import_id", type=int)
    @pass_ctx
    def import_revert(c: Ctx, import_id: int) -> None:
        """Undo one import: delete what it added, restore what it changed."""
        from ..excel.importer import revert_import

        r = revert_import(c.book(), import_id)
        click.echo(t("import_reverted", id=r.import_id, deleted=r.deleted, restored=r.restored))

    @cli.group("export")
    def export_group() -> None:
        """Write .xlsx files: the whole book, the due list, the visit plan, a summary for the manager."""

    lang_opt = click.option("--lang", "xlang", type=click.Choice(["zh", "en"]),
                            help="Language of sheet names and headers (default: yours).")  # fmt: skip

    def _lang(xlang: str | None) -> str:
        if xlang:
            set_language(xlang)
        return current_language()

    def _xlsx(file: str) -> str:
        """Exports write .xlsx workbooks: another name (FILE.csv) would hold an
        xlsx under a name that lies, so it is refused with the way to get CSV."""
        from pathlib import Path

        from ..errors import ValidationError

        if Path(file).suffix.lower() != ".xlsx":
            raise ValidationError("export_not_xlsx", field="file", path=file)
        return file

    def _done(result) -> None:
        private.restrict(result.path)  # owner-only (0600), like the book it comes from
        click.echo(t("export_done", path=result.path, detail=result.describe(current_language())))

    @export_group.command("book")
    @click.argument("file", type=click.Path(dir_okay=False))
    @click.option("--on", "on_s", help="Date the forecast is read at (default today).")
    @lang_opt
    @pass_ctx
    def export_book_cmd(c: Ctx, file, on_s, xlang) -> None:
        """Everything: 客户 商品 送货 收款 联系 投诉 关系变化 用量设定 暂缓 不再建议 设置 预测
        (`salesbook import book` reads it back)."""
        from ..excel.export import export_book

        lang = _lang(xlang)
        _done(export_book(c.book(), _xlsx(file), today_or(on_s), lang))

    @export_group.command("due")
    @click.argument("file", type=click.Path(dir_okay=False))
    @click.option("--on", "on_s", help="Date (default today).")
    @click.option("--within", type=click.IntRange(0, 3650), default=0, show_default=True)
    @lang_opt
    @pass_ctx
    def export_due_cmd(c: Ctx, file, on_s, within, xlang) -> None:
        """The due list, ready to print."""
        from ..excel.export import export_due

        lang = _lang(xlang)
        _done(export_due(c.book(), _xlsx(file), today_or(on_s), within, lang))

    @export_group.command("plan")
    @click.argument("file", type=click.Path(dir_okay=False))
    @click.option("--on", "on_s", help="Date (default today).")
    @click.option("--capacity", type=click.IntRange(1, 500))
    @click.option("--days", type=click.IntRange(1, 31), default=1, show_default=True)
    @lang_opt
    @pass_ctx
    def export_plan_cmd(c: Ctx, file, on_s, capacity, days, xlang) -> None:
        """The visit plan, ready to print."""
        from ..excel.export import export_plan

        lang = _lang(xlang)
        _done(export_plan(c.book(), _xlsx(file), today_or(on_s), capacity, days, lang))

    @export_group.command("summary")
    @click.argument("file", type=click.Path(dir_okay=False))
    @click.option("--rep", required=True, help="Your name, as the manager knows you.")
    @click.option("--on", "on_s", help="Last day of the period (default today).")
    @click.option("--days", type=click.IntRange(1, 366), default=30, show_default=True,
                  help="Length of the period.")  # fmt: skip
    @lang_opt
    @pass_ctx
    def export_summary_cmd(c: Ctx, file, rep, on_s, days, xlang) -> None:
        """A summary workbook for your manager (format: README, "Manager's summary format")."""
        from ..excel.summary import write_summary

        lang = _lang(xlang)
        _done(
            write_summary(c.book(), _xlsx(file), rep=rep, on=today_or(on_s), days=days, lang=lang)
        )
