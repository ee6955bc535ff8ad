"""CLI: ``salesbook team import|report|revert`` (the manager's team book)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .cli import L, format_table, today_or
from .i18n import current_language, t
from .rules.text import LEVEL_NAMES_EN, LEVEL_NAMES_ZH, LEVELS, fen_to_yuan
from .store import private


def register(cli: click.Group) -> None:
    @cli.group("team")
    def team_group() -> None:
        """The manager's team book: combine the reps' summaries (salesbook export summary)."""

    @team_group.command("import")
    @click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
    @click.option("--team", "team_path", required=True, type=click.Path(dir_okay=False),
                  help="The team book (created if missing): a .db file or a postgresql://USER@HOST/DB URL "
                       "(password in ~/.pgpass or PGPASSWORD).")  # fmt: skip
    @click.option("--force", is_flag=True,
                  help="Import even a summary with under half the customers of the one it replaces, or one "
                       "not newer than it (the replaced one is kept: team revert).")  # fmt: skip
    def team_import(files, team_path, force) -> None:
        """Import summary workbooks; a newer summary of the same rep replaces the older one
        (which is kept: salesbook team revert brings it back)."""
        from .team import import_summaries, open_team

        with open_team(team_path) as team:
            results = import_summaries(team, files, force=force)
        failed = 0
        for r in results:
            bad = r.status in ("failed", "shrink")
            click.echo(r.message(), err=bad)
            if r.conflicts:  # said now, not only in the report
                click.echo(r.conflict_message(), err=True)
            if r.status == "older":
                click.echo(L("  要用这份汇总替换团队账本里的，请加 --force（被替换的会保留，可用 salesbook team revert 找回）",
                             "  To replace the team book's summary with this one, add --force (the replaced one is "
                             "kept: salesbook team revert brings it back)"))  # fmt: skip
            failed += bad
        if failed:
            raise SystemExit(1)

    @team_group.command("grant")
    @click.argument("role")
    @click.option("--team", "team_path", required=True,
                  help="The server team book: postgresql://OWNER@HOST/DB (its owner runs this).")  # fmt: skip
    @click.option("--name", "team_name", help="The manager's team: ROLE imports and reads only it.")
    @click.option("--head-office", is_flag=True, help="ROLE reads every team (imports nothing).")
    def team_grant(role, team_path, team_name, head_office) -> None:
        """Let an existing PostgreSQL login ROLE use the server team book: a manager
        of team --name, or --head-office. Enforced by the database (row-level security)."""
        from .errors import ValidationError
        from .team import open_team
        from .team_server import grant_head_office, grant_manager, is_server_url

        if not is_server_url(team_path) or bool(team_name) == head_office:
            raise ValidationError("team_grant_usage", field="team")
        import psycopg

        with open_team(team_path) as team:
            try:
                if head_office:
                    grant_head_office(team.conn.raw, role)
                else:
                    grant_manager(team.conn.raw, role, team_name)
            except psycopg.Error as exc:
                detail = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
                raise ValidationError(
                    "team_grant_failed", field="role", role=role, detail=detail
                ) from exc
        click.echo(
            t(
                "team_granted",
                role=role,
                team=team_name or L("总部（全部团队）", "head office (every team)"),
            )
        )

    @team_group.command("revert")
    @click.argument("who", metavar="REP_OR_BOOK_UID")
    @click.option("--team", "team_path", required=True, type=click.Path(dir_okay=False),
                  help="The team book (.db file or postgresql:// URL).")  # fmt: skip
    def team_revert(who, team_path) -> None:
        """Bring back the rep's summary that the last import replaced (the current one is kept)."""
        from .team import open_team, revert_summary

        with open_team(team_path, create=False) as team:
            click.echo(revert_summary(team, who).message())

    @team_group.command("report")
    @click.argument("team_path", metavar="TEAM.db|URL", type=click.Path(dir_okay=False))
    @click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "json", "xlsx"]),
        default="table",
        show_default=True,
    )
    @click.option(
        "--output",
        "-o",
        type=click.Path(dir_okay=False),
        help="The .xlsx to write (--format xlsx).",
    )
    @click.option("--on", "on_s", help="Report date (default: the latest summary's date).")
    @click.option("--top", type=click.IntRange(1, 100), default=5, show_default=True)
    def team_report_cmd(team_path, fmt, output, on_s, top) -> None:
        """Per rep: customers, due this week, overdue, receivables, pyramid; top customers; conflicts."""
        from .team import open_team, team_report, write_report_xlsx

        with open_team(team_path, create=False) as team:
            lang = current_language()
            report = team_report(team, today_or(on_s) if on_s else None, top=top, lang=lang)
        if fmt == "json":
            click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
            return
        if fmt == "xlsx":
            from .team_server import is_server_url

            default = "team-report.xlsx" if is_server_url(team_path) else None
            out = output or default or str(Path(team_path).with_suffix("")) + "-report.xlsx"
            write_report_xlsx(report, out, lang)
            private.restrict(out)  # owner-only (0600): the team's customers and debts
            click.echo(t("export_done", path=out, detail=L("团队报告", "team report")))
            return
        _print_report(report, lang)


def _print_report(report, lang: str) -> None:
    from .excel.export import KIND

    names = LEVEL_NAMES_EN if lang == "en" else LEVEL_NAMES_ZH
    kinds = {k: v[1] if lang == "en" else v[0] for k, v in KIND.items()}
    click.echo(L(f"团队报告（截至 {report.on}；本周 = {report.on} 至 {report.week_end}）",
                 f"Team report (as of {report.on}; this week = {report.on} to {report.week_end})"))  # fmt: skip
    headers = [L("业务员", "rep"), L("截至", "as of"), L("客户", "customers"), L("本周到期", "due this week"),
               L("逾期", "overdue"), L("应收", "receivables"),
               L("金字塔 知己/朋友/熟人/过客（参考）", "pyramid confidant/friend/acq./passer-by (guideline)")]  # fmt: skip
    rows = []
    for r in report.reps:
        pyr = " / ".join(f"{r.pyramid[k]}({r.guideline[k]:.0f})" for k in reversed(LEVELS))
        rows.append(
            [
                r.rep,
                r.as_of,
                r.customers,
                r.due_this_week,
                r.overdue,
                fen_to_yuan(r.receivables_fen),
                pyr,
            ]
        )
    click.echo(
        format_table(headers, rows) if rows else L("团队账本是空的", "The team book is empty")
    )
    if report.top_customers:
        click.echo(
            "\n"
            + L(
                "重点客户（按价值，无价值数据时按累计消费）",
                "Top customers (by value, else total spend)",
            )
        )
        click.echo(format_table(
            [L("业务员", "rep"), L("客户", "customer"), L("片区", "area"), L("关系", "level"), L("价值", "value")],
            [[x["rep"], x["name"], x["area"], names.get(x["level"], x["level"]), "¥" + x["value"]]
             for x in report.top_customers],
        ))  # fmt: skip
    click.echo("\n" + L(f"全队待办（本周 {report.on} 至 {report.week_end}，含逾期；共 {len(report.due)} 项）",
                        f"Team due list (this week, {report.on} to {report.week_end}, and overdue; "
                        f"{len(report.due)} items)"))  # fmt: skip
    if report.due:
        click.echo(format_table(
            [L("日期", "date"), L("业务员", "rep"), L("类型", "kind"), L("客户", "customer"), L("电话", "phone"),
             L("事项", "what")],
            [[d["due_date"], d["rep"], kinds.get(d["kind"], d["kind"]), d["customer"], d["phone"], d["what"]]
             for d in report.due[:100]],
        ))  # fmt: skip
        if len(report.due) > 100:
            click.echo(L(f"……另有 {len(report.due) - 100} 项（--format xlsx 可看全部）",
                         f"... and {len(report.due) - 100} more (--format xlsx shows all)"))  # fmt: skip
    if report.conflicts:
        click.echo("\n" + L(f"冲突：{len(report.conflicts)} 个客户同时出现在多个业务员名下（未合并）",
                            f"Conflicts: {len(report.conflicts)} customer(s) listed under several reps (not merged)"))  # fmt: skip
        for c in report.conflicts[:50]:
            who = "；".join(
                f"{e['rep']}：{e['name']} {e['phone'] or ''}".strip() for e in c.entries
            )
            click.echo(f"  [{c.by} {c.key}] {who}")
