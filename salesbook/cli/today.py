"""What the window's Today rows can do, on the command line: ``snooze`` (推迟)
and ``elsewhere`` (别处买了)."""

from __future__ import annotations

from datetime import timedelta

import click

from ..i18n import t
from ..records.due import KINDS
from ..rules.text import parse_date


def register(cli: click.Group) -> None:
    from . import KIND_NAMES, _pick, pass_ctx, today_or, zh

    @cli.command(context_settings={"ignore_unknown_options": True})
    @click.argument("who")
    @click.option("--kind", type=click.Choice(list(KINDS)),
                  help="Which reminder (default: all of the customer's; resupply with --product).")  # fmt: skip
    @click.option("--product", "product_name", help="Only this product's resupply reminder.")
    @click.option("--days", help="Hide it for this many days.")
    @click.option("--until", "until_s", help="Hide it until this date (it shows again that day).")
    @click.option("--on", "on_s", help="From this date (default today).")
    @pass_ctx
    def snooze(c, who, kind, product_name, days, until_s, on_s) -> None:
        """Put a reminder off: --days N or --until DATE (the window's 推迟)."""
        from ..errors import ValidationError
        from ..records.customers import find_customer
        from ..records.due import snooze as snooze_item
        from ..records.products import find_product
        from ..rules.text import parse_int

        if (days is None) == (until_s is None):
            raise ValidationError("snooze_how", field="days")
        on = today_or(on_s)
        if days is not None:
            n = parse_int(days, "days")
            if n <= 0:
                raise ValidationError("not_positive", field="days", value=days)
            until = on + timedelta(days=n)
        else:
            until = parse_date(until_s, "until")
            if until <= on:
                raise ValidationError("snooze_past", field="until", value=until.isoformat())
        book = c.book()
        cust = find_customer(book, who)
        prod = find_product(book, product_name) if product_name else None
        if prod is not None and kind not in (None, "resupply"):
            raise ValidationError("snooze_product_kind", field="product", value=prod.name)
        kinds = ["resupply"] if prod is not None else [kind] if kind else list(KINDS)
        with book.transaction():  # one user action, one transaction
            for k in kinds:
                snooze_item(book, cust.id, k, until, prod.id if prod else None)
        what = " · ".join(_pick(KIND_NAMES[k]) for k in kinds)
        if prod is not None:
            what += f"（{prod.name}）" if zh() else f" ({prod.name})"
        click.echo(t("saved_snooze", customer=cust.name, what=what, until=until.isoformat()))

    @cli.command(context_settings={"ignore_unknown_options": True})
    @click.argument("who")
    @click.argument("product_name", metavar="PRODUCT")
    @click.argument("quantity", required=False)
    @click.option("--date", "date_s", help="When they bought it (default today).")
    @pass_ctx
    def elsewhere(c, who, product_name, quantity, date_s) -> None:
        """They bought PRODUCT elsewhere (QTY, default their last delivery): the
        forecast restocks, what they owe does not change (the window's 别处买了)."""
        from ..records.customers import find_customer
        from ..records.deliveries import mark_bought_elsewhere
        from ..records.products import find_product
        from ..records.views import runout_date

        book = c.book()
        cust = find_customer(book, who)
        prod = find_product(book, product_name)
        rec = mark_bought_elsewhere(book, cust.id, prod.id, on=today_or(date_s), quantity=quantity)
        runout = runout_date(book, cust.id, prod.id)
        click.echo(t("saved_elsewhere", customer=cust.name, product=prod.name,
                     quantity=f"{rec.quantity:g}", unit=prod.unit,
                     runout=runout.isoformat() if runout else "?"))  # fmt: skip
