"""CLI: ``salesbook message`` (a message ready to send, or one per stop of the
day's plan) and ``salesbook template`` (the rep's own message templates)."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import SalesbookError
from ..i18n import current_language, t
from . import Ctx, L, emit, pass_ctx, today_or

KIND = click.Choice(["resupply", "collect", "follow_up"])


def _lang(lang: str | None) -> str:
    return lang or current_language()


def _describe_also(items, on) -> str:
    from ..insight.message_templates import KIND_NAMES
    from . import describe_item

    zh = current_language() == "zh"
    parts = [
        f"{KIND_NAMES[i.kind][0 if zh else 1]} {describe_item(i, on)}"
        if i.kind != "follow_up"
        else KIND_NAMES[i.kind][0 if zh else 1]
        for i in items
    ]
    return ("；" if zh else "; ").join(dict.fromkeys(parts))


def register(cli: click.Group) -> None:
    @cli.command("message")
    @click.argument("who", required=False)
    @click.option("--kind", type=KIND, help="What about (default: the most urgent due item).")
    @click.option("--product", "product_name", help="Resupply: this product only.")
    @click.option("--sent", is_flag=True, help="Log it as a contact (kind message): it was sent.")
    @click.option("--on", "on_s", help="Date (default today).")
    @click.option(
        "--plan", "whole_plan", is_flag=True, help="One message per stop of the day's plan."
    )
    @click.option(
        "--out", "out", type=click.Path(dir_okay=False), help="--plan: write to this .txt file."
    )
    @click.option("--in", "msg_lang", type=click.Choice(["zh", "en"]),
                  help="Language of the message (default: --lang).")  # fmt: skip
    @pass_ctx
    def message_cmd(c: Ctx, who, kind, product_name, sent, on_s, whole_plan, out, msg_lang) -> None:
        """A message ready to paste into WeChat or an SMS (称呼, product and run-out,
        what is owed and payday, or a check-in), in the tone of the customer's level."""
        from ..insight.messages import compose, log_sent, plan_text
        from ..records.plan import visit_plan

        book, on = c.book(), today_or(on_s)
        lang = _lang(msg_lang)
        if whole_plan:
            if who or sent or kind or product_name:
                raise click.UsageError(L("--plan 不能和客户、--kind、--product 或 --sent 一起用",
                                         "--plan takes no customer, --kind, --product or --sent"))  # fmt: skip
            text = plan_text(book, on, lang=lang)
            if out:
                path = Path(out)
                try:
                    from ..store.private import open_write

                    with open_write(path) as fh:  # owner-only: names, phones, addresses
                        fh.write(text.encode("utf-8"))
                except OSError as exc:
                    raise SalesbookError("export_target_dir", path=str(path),
                                         detail=exc.strerror or str(exc)) from exc  # fmt: skip
                n = len(visit_plan(book, on)[0].stops)
                click.echo(t("message_plan_written", path=str(path), n=n))
            else:
                click.echo(text, nl=False)
            return
        if not who:
            raise click.UsageError(
                L("请指定客户（或用 --plan）", "Name a customer (or use --plan)")
            )
        from ..records.customers import find_customer

        cust = find_customer(book, who)
        product_id = None
        if product_name:
            from ..records.products import find_product

            product_id = find_product(book, product_name).id
            kind = kind or "resupply"
        msg = compose(book, cust.id, on, kind=kind, product_id=product_id, lang=lang)
        who_line = msg.customer + (
            f"（{msg.address_as}）" if msg.address_as != msg.customer else ""
        )
        head = " · ".join(x for x in (who_line, msg.phone or "", msg.area or "") if x)
        click.echo(f"# {head}")
        click.echo(msg.text)
        if msg.also:
            click.echo(t("message_also_due", what=_describe_also(msg.also, on)))
        if sent:
            log_sent(book, cust.id, on, msg.text)
            click.echo(t("message_logged", customer=cust.name))

    @cli.group("template")
    def template() -> None:
        """The message templates: list, set, reset (kept in the book)."""

    @template.command("list")
    @click.option("--in", "msg_lang", type=click.Choice(["zh", "en"]),
                  help="Templates of this language (default: both).")  # fmt: skip
    @click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table")
    @pass_ctx
    def template_list(c: Ctx, msg_lang, fmt) -> None:
        """Every template (kind x level x language); * marks the rep's own."""
        from ..insight.message_templates import KIND_NAMES, templates
        from ..rules.text import level_name

        rows = templates(c.book(), msg_lang)
        zh = current_language() == "zh"
        records = [
            {"kind": r.kind, "level": r.level, "lang": r.lang, "custom": r.custom, "text": r.text}
            for r in rows
        ]
        emit(
            fmt,
            [L("类型", "kind"), L("关系", "level"), L("语言", "lang"), "", L("模板", "template")],
            [[KIND_NAMES[r.kind][0 if zh else 1], level_name(r.level, current_language()),
              r.lang, "*" if r.custom else "", r.text] for r in rows],
            records,
        )  # fmt: skip

    @template.command("set")
    @click.argument("kind", type=KIND)
    @click.argument("level")
    @click.argument("text")
    @click.option("--in", "--lang", "msg_lang", type=click.Choice(["zh", "en"]),
                  help="The template's language (default: --lang).")  # fmt: skip
    @pass_ctx
    def template_set(c: Ctx, kind, level, text, msg_lang) -> None:
        """Set the template of KIND for LEVEL (过客/熟人/朋友/知己), e.g.
        salesbook template set resupply 朋友 "{称呼}，{品名}{用完日期}该用完了，我给你送去？\""""
        from ..insight.message_templates import set_template, template_name
        from ..rules.text import parse_level

        lv = parse_level(level)
        lang = _lang(msg_lang)
        set_template(c.book(), kind, lv, text, lang)
        click.echo(t("template_saved", template=template_name(kind, lv, lang)))

    @template.command("reset")
    @click.argument("kind", type=KIND, required=False)
    @click.argument("level", required=False)
    @click.option("--in", "--lang", "msg_lang", type=click.Choice(["zh", "en"]),
                  help="Only this language's templates.")  # fmt: skip
    @pass_ctx
    def template_reset(c: Ctx, kind, level, msg_lang) -> None:
        """Back to the default templates (all, or those of KIND [LEVEL])."""
        from ..insight.message_templates import reset_templates
        from ..rules.text import parse_level

        n = reset_templates(c.book(), kind, parse_level(level) if level else None, msg_lang)
        click.echo(t("template_reset", n=n))
