"""The book's own records on the command line: customers, customer, product,
deliver, pay, contact, level (registered with the group in __init__.py)."""

from __future__ import annotations

import json

import click

from ..i18n import current_language, t
from ..rules.text import fen_to_str, fen_to_yuan, level_name


def register(cli: click.Group) -> None:
    from . import FORMAT, Ctx, L, _quote, emit, pass_ctx, today_or, zh

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

        p = add_product(
            c.book(), name=name, unit=unit, price=price, per_person_daily=per_person_daily
        )
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
        data = {
            "name": new_name,
            "unit": unit,
            "price": price,
            "per_person_daily": per_person_daily,
        }
        p = update_product(
            book, find_product(book, name).id, **{k: v for k, v in data.items() if v is not None}
        )
        click.echo(f"{p.name} {p.unit} {fen_to_yuan(p.unit_price_fen)} {p.per_person_daily}")

    # -- the day's work ------------------------------------------------------

    @cli.command(
        context_settings={"ignore_unknown_options": True}
    )  # QTY -1: our message, not click's
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
        "--kind",
        type=click.Choice(["visit", "call", "message"]),
        default="visit",
        show_default=True,
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
            t(
                "saved_level",
                customer=cust.name,
                old=level_name(old, lang),
                new=level_name(new, lang),
            )
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
        records = [
            {"level": k, "count": v, "guideline": round(guide[k], 1)} for k, v in counts.items()
        ]
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
