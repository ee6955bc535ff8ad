"""CLI: ``salesbook customer rate`` and ``salesbook forecast accuracy`` (issue 18)."""

from __future__ import annotations

import json

import click

from ..i18n import current_language, t
from . import Ctx, pass_ctx, today_or


def _rate_text(rate: float) -> str:
    return f"{rate:.3g}"


def register(cli: click.Group) -> None:
    customer = cli.commands["customer"]

    @customer.command("rate")
    @click.argument("who")
    @click.argument("product")
    @click.argument("rate", required=False)
    @click.option("--clear", is_flag=True, help="Back to the rule of thumb and the history.")
    @pass_ctx
    def customer_rate(c: Ctx, who: str, product: str, rate: str | None, clear: bool) -> None:
        """Set how much of PRODUCT this customer uses a day (RATE), or --clear it."""
        from ..errors import ValidationError
        from ..records.customers import find_customer
        from ..records.products import find_product, set_override
        from ..rules.text import parse_decimal

        book = c.book()
        cust = find_customer(book, who)
        prod = find_product(book, product)
        if clear == (rate is not None):
            raise ValidationError("required", field="daily_rate")
        if clear:
            set_override(book, cust.id, prod.id, None)
            click.echo(t("rate_override_cleared", customer=cust.name, product=prod.name))
            return
        value = parse_decimal(rate, field="daily_rate")
        if value <= 0 or value > 100000:
            raise ValidationError("not_positive", field="daily_rate", value=str(rate))
        set_override(book, cust.id, prod.id, float(value))
        click.echo(
            t(
                "rate_override_set",
                customer=cust.name,
                product=prod.name,
                rate=_rate_text(float(value)),
                unit=prod.unit or "",
            )
        )

    @cli.group()
    def forecast() -> None:
        """How good the run-out forecast is on this book."""

    @forecast.command("accuracy")
    @click.option("--on", "on_s", help="Date (default today).")
    @click.option("--refit", is_flag=True, help="Backtest again now (else once a month).")
    @click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
    @pass_ctx
    def forecast_accuracy(c: Ctx, on_s: str | None, refit: bool, fmt: str) -> None:
        """Predict each past reorder from what came before it: how close were we?"""
        from ..records.forecast_fit import WITHIN_DAYS, book_fit, describe
        from ..records.products import list_products

        book = c.book()
        fit = book_fit(book, today_or(on_s), refit=refit)
        if fmt == "json":
            record = {
                "month": fit.month,
                "points": fit.points,
                "within_days": WITHIN_DAYS,
                "within": fit.within,
                "median_error_days": fit.median_error,
                "prior_weight_days": fit.weight_days,
                "elsewhere_ratio": fit.elsewhere_ratio,
                "products": {str(k): list(v) for k, v in fit.products.items()},
            }
            click.echo(json.dumps(record, ensure_ascii=False))
            return
        click.echo(describe(fit))
        click.echo(
            t(
                "forecast_fit_params",
                month=fit.month or "-",
                weight=f"{fit.weight_days:g}",
                ratio=f"{fit.elsewhere_ratio:g}" if fit.elsewhere_ratio else "∞",
            )
        )
        if fit.products:
            names = {p.id: p.name for p in list_products(book, include_archived=True)}
            parts = [str(names.get(pid, pid)) for pid in fit.products]
            sep = "、" if current_language() == "zh" else ", "
            click.echo(t("forecast_fit_products", count=len(parts), products=sep.join(parts)))
