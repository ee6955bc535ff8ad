"""Command line for keeping the book safe: backup, check, undo/redo, trash.

salesbook backup list | create | restore ID | keep
salesbook check [--full]
salesbook undo [--list]      salesbook redo
salesbook trash list | restore KIND:ID | add KIND:ID
"""

from __future__ import annotations

import click

from ..errors import BookError
from ..i18n import current_language, t


def human_size(n: int) -> str:
    """Bytes for people: 705687 -> '689 KB'."""
    size = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit in ("B", "KB") else f"{size:.1f} {unit}"
        size /= 1024
    return f"{n} B"  # pragma: no cover


def reason_name(reason: str) -> str:
    """A backup's reason in the user's language."""
    from ..store.backup import reason_text

    return reason_text(reason)


def register(cli: click.Group) -> None:
    from . import FORMAT, L, emit, pass_ctx

    # -- backup ---------------------------------------------------------------

    @cli.group()
    def backup() -> None:
        """Backups of the book: list, create, restore, retention."""

    @backup.command("list")
    @FORMAT
    @pass_ctx
    def backup_list(c, fmt: str) -> None:
        """Backups of this book, newest first."""
        from ..store.backup import backups_dir, list_backups

        items = list_backups(c.path)
        if not items and fmt == "table":
            click.echo(t("backup_none") + f" ({backups_dir(c.path)})")
            return
        emit(
            fmt,
            [L("编号", "id"), L("时间", "time"), L("原因", "reason"), L("大小", "size"),
             L("客户", "customers"), L("送货", "deliveries"), L("状态", "state")],
            [[b.id, b.created.strftime("%Y-%m-%d %H:%M:%S"), reason_name(b.reason), human_size(b.size),
              b.meta.get("customers", ""), b.meta.get("deliveries", ""),
              L("完好", "ok") if b.ok else L("损坏", "damaged")] for b in items],
            [b.to_json() for b in items],
        )  # fmt: skip

    @backup.command("create")
    @click.option("--reason", default="manual", show_default=True, help="A word saved in the name.")
    @pass_ctx
    def backup_create(c, reason: str) -> None:
        """Back up the book now (manual backups are never pruned)."""
        from ..store.backup import create_backup

        info = create_backup(c.book(), reason)
        click.echo(t("backup_created", id=info.id, size=human_size(info.size), file=info.path))

    @backup.command("restore")
    @click.argument("backup_id", metavar="ID")
    @click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
    @pass_ctx
    def backup_restore(c, backup_id: str, yes: bool) -> None:
        """Replace the book with backup ID ('latest': the newest good one).
        The book it replaces is kept as a backup first."""
        from ..store.backup import find_backup, restore_backup

        c.close()
        info = find_backup(c.path, backup_id)
        if not yes:
            when = info.created.strftime("%Y-%m-%d %H:%M")
            click.confirm(t("backup_confirm", id=info.id, when=when, path=c.path), abort=True)
        result = restore_backup(c.path, info.id)
        safety = result.safety.id if result.safety else "-"
        click.echo(t("backup_restored", id=result.restored.id, path=c.path, safety=safety))

    @backup.command("keep")
    @click.option("--last", type=int, help="Keep the newest N.")
    @click.option("--daily", type=int, help="... and the newest of each of the last N days.")
    @click.option("--weekly", type=int, help="... of each of the last N weeks.")
    @click.option("--monthly", type=int, help="... of each of the last N months.")
    @click.option("--every", "every_minutes", type=int, help="Back up every N minutes of use.")
    @pass_ctx
    def backup_keep(c, **changes) -> None:
        """Show or change how many backups are kept and how often one is made."""
        from dataclasses import asdict

        from ..store.backup import retention, set_retention

        book = c.book()
        policy = (
            set_retention(book, **changes)
            if any(v is not None for v in changes.values())
            else retention(book)
        )
        for key, value in asdict(policy).items():
            click.echo(f"{key} = {value}")

    # -- check ------------------------------------------------------------------

    @cli.command()
    @click.option(
        "--full", is_flag=True, help="Full integrity check (slower) instead of the quick one."
    )
    @pass_ctx
    def check(c, full: bool) -> None:
        """Check the book file; a damaged book names the newest good backup."""
        from ..store.backup import list_backups
        from ..store.book import open_book

        c.close()
        book = open_book(c.require_book(), create=False, check="full" if full else "quick")
        try:
            book.run_pending_check()  # a big book's whole check, left for a write: now
            conn = book.conn
            customers = conn.execute("SELECT COUNT(*) FROM customers").fetchone()[0]
            deliveries = conn.execute(
                "SELECT COUNT(*) FROM deliveries WHERE deleted_at IS NULL"
            ).fetchone()[0]
            fk = conn.execute("PRAGMA foreign_key_check").fetchmany(3)
        finally:
            book.close()
        if fk:
            raise BookError("book_corrupt", path=str(c.path), detail=f"foreign key: {fk[0]}")
        kind = L("完整", "full") if full else L("快速", "quick")
        click.echo(
            t("check_ok", kind=kind, path=c.path, customers=customers, deliveries=deliveries)
        )
        if book.in_use_by is not None:
            pid = book.in_use_by.pid or "?"
            click.echo(t("book_reading_held", path=c.path, pid=pid), err=True)
        items = list_backups(c.path)
        if items:
            b = items[0]
            what, size = reason_name(b.reason), human_size(b.size)
            click.echo(
                L(f"最新备份：{b.id}（{what}，{size}）", f"Newest backup: {b.id} ({what}, {size})")
            )
        else:
            click.echo(t("backup_none"))

    # -- undo / redo ---------------------------------------------------------------

    @cli.command()
    @click.option("--list", "show", is_flag=True, help="Show the recent actions instead.")
    @click.option("--limit", type=int, default=15, show_default=True)
    @FORMAT
    @pass_ctx
    def undo(c, show: bool, limit: int, fmt: str) -> None:
        """Undo the last action (a delivery, payment, edit, delete, import...)."""
        from ..store import undo as undo_mod

        book = c.book()
        if show:
            items = undo_mod.history(book, limit=limit)
            emit(
                fmt,
                ["#", L("时间", "time"), L("操作", "action"), L("改动", "changes"), L("状态", "state")],
                [[a.id, undo_mod.local_time(a.at), a.describe(), a.n_changes,
                  L("已撤销", "undone") if a.undone else ""] for a in items],
                [{"id": a.id, "at": a.at, "kind": a.kind, "action": a.describe(), "changes": a.n_changes,
                  "undone": a.undone} for a in items],
            )  # fmt: skip
            return
        what = undo_mod.undo_last(book)
        click.echo(t("undo_done", what=what) if what else t("undo_nothing"))

    @cli.command()
    @pass_ctx
    def redo(c) -> None:
        """Redo what the last undo took back (until something new is done)."""
        from ..store import undo as undo_mod

        what = undo_mod.redo_last(c.book())
        click.echo(t("redo_done", what=what) if what else t("redo_nothing"))

    # -- trash ------------------------------------------------------------------------

    @cli.group()
    def trash() -> None:
        """Deleted deliveries, payments, contacts and archived customers."""

    @trash.command("list")
    @click.option("--kind", type=click.Choice(["customer", "delivery", "payment", "contact"]))
    @click.option("--limit", type=int, default=100, show_default=True)
    @FORMAT
    @pass_ctx
    def trash_list(c, kind, limit: int, fmt: str) -> None:
        from ..store.trash import list_trash
        from ..store.undo import local_time

        items = list_trash(c.book(), limit=limit, kind=kind)
        if not items and fmt == "table":
            click.echo(t("trash_empty"))
            return
        names = {"customer": ("客户", "customer"), "delivery": ("送货", "delivery"),
                 "payment": ("收款", "payment"), "contact": ("联系", "contact")}  # fmt: skip
        zh = current_language() == "zh"
        emit(
            fmt,
            [L("编号", "ref"), L("类型", "kind"), L("客户", "customer"), L("内容", "what"),
             L("日期", "date"), L("删除时间", "deleted")],
            [[i.ref, names[i.kind][0 if zh else 1], i.customer, i.detail, i.date or "",
              local_time(i.deleted_at)] for i in items],
            [{"ref": i.ref, "kind": i.kind, "id": i.id, "customer": i.customer, "what": i.detail,
              "date": i.date, "deleted_at": i.deleted_at} for i in items],
        )  # fmt: skip

    @trash.command("restore")
    @click.argument("refs", nargs=-1, required=True, metavar="KIND:ID...")
    @pass_ctx
    def trash_restore(c, refs) -> None:
        """Bring records back, e.g. salesbook trash restore delivery:12 customer:3."""
        from ..store.trash import parse_ref, restore_from_trash

        book = c.book()
        for ref in refs:
            item = restore_from_trash(book, *parse_ref(ref))
            click.echo(
                t("trash_restored", what=f"{item.ref} {item.customer} {item.detail}".strip())
            )

    @trash.command("add")
    @click.argument("refs", nargs=-1, required=True, metavar="KIND:ID...")
    @pass_ctx
    def trash_add(c, refs) -> None:
        """Move records to the trash (several at once: a backup is made first)."""
        from ..store.trash import move_many_to_trash, move_to_trash, parse_ref

        book = c.book()
        parsed = [parse_ref(r) for r in refs]
        if len(parsed) == 1:
            move_to_trash(book, *parsed[0])
        else:
            move_many_to_trash(book, parsed)
        click.echo(t("trash_moved", what=" ".join(refs)))
