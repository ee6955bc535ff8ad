"""CLI: ``salesbook value``, ``risk``, ``complaint`` and ``referral`` (customer value)."""

from __future__ import annotations

import click

from ..i18n import current_language, t
from ..rules.text import fen_to_str, fen_to_yuan
from . import FORMAT, Ctx, L, emit, pass_ctx, today_or

BY = click.Choice(["ltv", "rfm", "tier", "matrix", "loyalty", "type"])


def _lang() -> str:
    return current_language()


def _value_ltv(book, on, limit, fmt) -> None:
    from ..insight.value import TIER_NAMES, ltv_ranking, name_of

    items, total = ltv_ranking(book, on, limit=limit)
    lang = _lang()
    records = [
        {"rank": i.rank, "customer_id": i.customer_id, "customer": i.name, "tier": i.tier,
         "ltv": fen_to_str(i.ltv.ltv_fen), "simple_ltv": fen_to_str(i.ltv.simple_ltv_fen),
         "yearly_spend": fen_to_str(i.ltv.yearly_spend_fen), "spend": fen_to_str(i.ltv.spend_fen),
         "observed_days": i.ltv.observed_days, "expected_years": round(i.ltv.expected_years, 2),
         "margin_pct": i.ltv.margin_pct, "discount_pct": i.ltv.discount_pct,
         "retention_pct": i.ltv.retention_pct}
        for i in items
    ]  # fmt: skip
    emit(
        fmt,
        [L("排名", "rank"), L("客户", "customer"), L("层级", "tier"), L("终身价值", "LTV"),
         L("简单LTV", "simple LTV"), L("怎么算的", "how")],
        lambda: [
            [i.rank or "-", i.name, name_of(TIER_NAMES[i.tier], lang), fen_to_yuan(i.ltv.ltv_fen),
             fen_to_yuan(i.ltv.simple_ltv_fen), i.ltv.explain(lang)]
            for i in items
        ],
        records,
        empty=L("还没有客户", "No customers yet"),
    )  # fmt: skip
    if fmt == "table" and items:
        click.echo(
            L(
                f"（共 {total} 位客户，显示前 {len(items)} 位）",
                f"({len(items)} of {total} customers)",
            )
        )


def _value_tier(book, on, compare, fmt) -> None:
    from ..insight.value import TIER_NAMES, name_of, pyramid

    p = pyramid(book, on, compare)
    lang = _lang()
    ups = {tr: 0 for tr in TIER_NAMES}
    downs = {tr: 0 for tr in TIER_NAMES}
    for _cid, _n, _old, new in p.up:
        ups[new] += 1
    for _cid, _n, _old, new in p.down:
        downs[new] += 1
    records = [
        {"tier": s.tier, "count": s.count, "value": fen_to_str(s.value_fen), "share": round(s.share, 4),
         "threshold": fen_to_str(s.min_value_fen) if s.min_value_fen is not None else None,
         "moved_up_into": ups[s.tier] if p.since else None,
         "moved_down_into": downs[s.tier] if p.since else None, "since": p.since}
        for s in p.tiers
    ]  # fmt: skip
    emit(
        fmt,
        [L("层级", "tier"), L("人数", "customers"), L("价值合计", "value"), L("占比", "share"),
         L("门槛", "threshold"), L("升入", "moved up"), L("降入", "moved down")],
        lambda: [
            [name_of(TIER_NAMES[s.tier], lang), s.count, fen_to_yuan(s.value_fen), f"{s.share:.0%}",
             fen_to_yuan(s.min_value_fen) if s.min_value_fen is not None else "-",
             ups[s.tier] if p.since else "-", downs[s.tier] if p.since else "-"]
            for s in p.tiers
        ],
        records,
    )  # fmt: skip
    if fmt == "table":
        if p.since:
            click.echo(L(f"与 {p.since} 相比：升级 {len(p.up)} 人，降级 {len(p.down)} 人",
                         f"Since {p.since}: {len(p.up)} moved up, {len(p.down)} moved down"))  # fmt: skip
        else:
            click.echo(L("还没有上月/上季度的记录，下个月起可以看到升降变化",
                         "No snapshot from last month/quarter yet: movement shows from next month"))  # fmt: skip


def _value_rfm(book, on, segment, limit, fmt) -> None:
    from ..insight.segments import SEGMENTS, rfm_scores, rfm_summary, segment_action, segment_name
    from ..insight.value import base_rows, customer_names

    lang = _lang()
    if segment:
        if segment not in SEGMENTS:
            raise click.BadParameter(", ".join(SEGMENTS), param_hint="--segment")
        scores = rfm_scores(base_rows(book, on, need="state"), on)
        chosen = sorted(
            (s for s in scores.values() if s.segment == segment),
            key=lambda s: (-s.monetary_fen, s.customer_id),
        )[:limit]
        names = customer_names(book, [s.customer_id for s in chosen])
        emit(
            fmt,
            [L("客户", "customer"), "RFM", L("距上次(天)", "days since"), L("购买次数", "purchases"),
             L("消费", "spend")],
            lambda: [[names[s.customer_id][0], s.code, s.recency_days, s.frequency,
                      fen_to_yuan(s.monetary_fen)] for s in chosen],
            [{"customer_id": s.customer_id, "customer_uid": names[s.customer_id][1],
              "customer": names[s.customer_id][0], "rfm": s.code, "r": s.r, "f": s.f, "m": s.m,
              "recency_days": s.recency_days, "frequency": s.frequency,
              "monetary": fen_to_str(s.monetary_fen), "segment": s.segment} for s in chosen],
            empty=L("这个分群没有客户", "No customers in this segment"),
        )  # fmt: skip
        return
    summary = rfm_summary(book, on)
    emit(
        fmt,
        [L("分群", "segment"), L("人数", "customers"), L("消费占比", "share of spend"), L("怎么做", "what to do")],
        lambda: [[segment_name(s.segment, lang), s.count, f"{s.share_of_spend:.0%}",
                  segment_action(s.segment, lang)] for s in summary],
        [{"segment": s.segment, "name": segment_name(s.segment, lang), "count": s.count,
          "spend": fen_to_str(s.spend_fen), "share_of_spend": round(s.share_of_spend, 4),
          "action": segment_action(s.segment, lang)} for s in summary],
    )  # fmt: skip


def _value_matrix(book, on, fmt) -> None:
    from ..insight.value import QUADRANT_NAMES, QUADRANTS, customer_names, name_of, value_matrix

    lang = _lang()
    m = value_matrix(book, on)
    tops = {q: m.top(q, 3) for q in QUADRANTS}
    names = customer_names(book, [c for q in QUADRANTS for c, _v, _p in tops[q]])
    emit(
        fmt,
        [L("象限", "quadrant"), L("人数", "customers"), L("怎么做", "what to do"), L("例如", "e.g.")],
        lambda: [[name_of(QUADRANT_NAMES[q], lang), m.counts[q], m.action(q, lang),
                  "、".join(names[c][0] for c, _v, _p in tops[q])] for q in QUADRANTS],
        [{"quadrant": q, "name": name_of(QUADRANT_NAMES[q], lang), "count": m.counts[q],
          "action": m.action(q, lang), "value_split": fen_to_str(m.value_split_fen),
          "potential_split": fen_to_str(m.potential_split_fen)} for q in QUADRANTS],
    )  # fmt: skip
    if fmt == "table":
        click.echo(L(
            f"价值=年均消费，分界 {fen_to_yuan(m.value_split_fen)}；潜力=每年还能多买，分界 {fen_to_yuan(m.potential_split_fen)}；"
            f"{m.unknown} 位客户缺家庭人数，无法估潜力",
            f"value = yearly spend, split at {fen_to_yuan(m.value_split_fen)}; potential = what they could "
            f"still buy per year, split at {fen_to_yuan(m.potential_split_fen)}; {m.unknown} without a household size",
        ))  # fmt: skip


def _value_loyalty(book, on, fmt) -> None:
    from ..insight.segments import book_loyalty_summary

    b = book_loyalty_summary(book, on)

    def pct(v):
        return "-" if v is None else f"{v:.0%}"

    items = [
        ("customers", L("购买客户", "buying customers"), b.customers, b.customers),
        ("mean_score", L("平均忠诚度", "mean loyalty score"), f"{b.mean_score:.0f}", round(b.mean_score, 1)),
        ("regularity", L("购买规律性", "regularity"), pct(b.mean_regularity),
         None if b.mean_regularity is None else round(b.mean_regularity, 3)),
        ("multi_product", L("买两种以上商品", "buy 2+ products"), pct(b.multi_product_share),
         round(b.multi_product_share, 3)),
        ("referrers", L("介绍过新客户的人", "customers who referred"), b.referrers, b.referrers),
        ("referrals", L("介绍来的客户", "referred customers"), b.referrals, b.referrals),
        ("median_tenure_days", L("合作天数(中位)", "median tenure (days)"), b.median_tenure_days,
         b.median_tenure_days),
        ("share_of_wallet", L("平均钱包份额", "mean share of wallet"), pct(b.mean_share_of_wallet),
         None if b.mean_share_of_wallet is None else round(b.mean_share_of_wallet, 3)),
        ("per_month", L("每月购买次数", "purchases per month"), f"{b.mean_per_month:.2f}", round(b.mean_per_month, 3)),
    ]  # fmt: skip
    for band, n in b.score_bands.items():
        items.append((f"score_{band}", L(f"忠诚度 {band}", f"score {band}"), n, n))
    emit(
        fmt,
        [L("指标", "indicator"), L("数值", "value")],
        lambda: [[label, shown] for _k, label, shown, _v in items],
        [{"indicator": k, "value": v} for k, _l, _s, v in items],
    )


def _value_type(book, on, fmt) -> None:
    from ..insight.segments import TYPES, customer_types, type_action, type_name

    lang = _lang()
    types = customer_types(book, on)
    counts = dict.fromkeys(TYPES, 0)
    for v in types.values():
        counts[v] += 1
    emit(
        fmt,
        [L("类型", "type"), L("人数", "customers"), L("怎么做", "what to do")],
        lambda: [[type_name(k, lang), counts[k], type_action(k, lang)] for k in TYPES],
        [{"type": k, "name": type_name(k, lang), "count": counts[k], "action": type_action(k, lang)}
         for k in TYPES],
    )  # fmt: skip


def register(cli: click.Group) -> None:
    @cli.command("value")
    @click.option("--by", "by", type=BY, default="ltv", show_default=True,
                  help="ltv: lifetime value list; rfm: RFM segments; tier: the value pyramid; "
                       "matrix: value x potential; loyalty: the book's loyalty; type: customer types.")  # fmt: skip
    @click.option("--on", "on_s", help="Date (default today).")
    @click.option("--limit", type=click.IntRange(1, 1_000_000), default=50, show_default=True)
    @click.option("--compare", type=click.Choice(["month", "quarter"]), default="month", show_default=True,
                  help="tier: movement since last month or quarter.")  # fmt: skip
    @click.option("--segment", help="rfm: list the customers of one segment (e.g. keep, win_back).")
    @FORMAT
    @pass_ctx
    def value_cmd(c: Ctx, by, on_s, limit, compare, segment, fmt) -> None:
        """Customer value: lifetime value, RFM, pyramid, value x potential, loyalty, types."""
        book, on = c.book(), today_or(on_s)
        if by == "ltv":
            _value_ltv(book, on, limit, fmt)
        elif by == "tier":
            _value_tier(book, on, compare, fmt)
        elif by == "rfm":
            _value_rfm(book, on, segment, limit, fmt)
        elif by == "matrix":
            _value_matrix(book, on, fmt)
        elif by == "loyalty":
            _value_loyalty(book, on, fmt)
        else:
            _value_type(book, on, fmt)

    @cli.command("risk")
    @click.option("--top", type=click.IntRange(1, 100_000), default=20, show_default=True)
    @click.option("--by", "by", type=click.Choice(["risk", "value"]), default="risk", show_default=True,
                  help="risk: highest risk first; value: most yearly spend at stake first.")  # fmt: skip
    @click.option("--on", "on_s", help="Date (default today).")
    @click.option("--horizon", type=click.IntRange(7, 3650), default=None,
                  help="p_lost: no purchase within this many days (default: the model's, 120).")  # fmt: skip
    @FORMAT
    @pass_ctx
    def risk_cmd(c: Ctx, top, by, on_s, horizon, fmt) -> None:
        """The customers most at risk of being lost, with the reason."""
        from ..insight.risk import at_risk, book_model
        from ..insight.value import customer_names

        book, on = c.book(), today_or(on_s)
        model = book_model(book, on)
        if horizon is not None:
            model = model.at_horizon(horizon)
        items = at_risk(book, on, top=top, by=by, model=model)
        lang = _lang()
        uids = customer_names(book, [i.customer_id for i in items])
        if fmt == "table":  # which coefficients scored them (not in csv / json)
            m = model.fitted_month
            click.echo(L(f"模型：按本账本历史拟合（{m}，{model.fitted_customers} 位客户）", f"model: fitted on this book, {m} ({model.fitted_customers} customers)")
                       if m else L("模型：默认（账本历史还不够拟合）", "model: default (not enough history in this book to fit)"))  # fmt: skip
        emit(
            fmt,
            [L("风险", "risk"), L("客户", "customer"), L("原因", "reason")],
            lambda: [[i.score, i.name, i.reason(lang)] for i in items],
            [{"customer_id": i.customer_id, "customer_uid": uids[i.customer_id][1], "customer": i.name,
              "risk": i.score, "p_lost": i.p_lost, "reason_key": i.reason_key, "reason": i.reason(lang),
              "days_since_purchase": i.recency_days, "usual_gap_days": i.usual_gap_days,
              "open_complaints": i.open_complaints} for i in items],
            empty=L("还没有购买记录", "No purchases yet"),
        )  # fmt: skip

    @cli.group("complaint")
    def complaint_group() -> None:
        """Complaints (投诉): add, resolve, list."""

    @complaint_group.command("add")
    @click.argument("who")
    @click.argument("what")
    @click.option("--product", help="The product it is about.")
    @click.option("--date", "date_s", help="When it happened (default today).")
    @pass_ctx
    def complaint_add(c: Ctx, who, what, product, date_s) -> None:
        from ..records.complaints import add_complaint
        from ..records.customers import find_customer
        from ..records.products import find_product

        book = c.book()
        cust = find_customer(book, who)
        pid = find_product(book, product).id if product else None
        k = add_complaint(book, cust.id, on=today_or(date_s), what=what, product_id=pid)
        click.echo(t("complaint_saved", id=k.id, customer=cust.name))

    @complaint_group.command("resolve")
    @click.argument("ref", metavar="ID")
    @click.argument("how")
    @click.option("--date", "date_s", help="When it was put right (default today).")
    @pass_ctx
    def complaint_resolve(c: Ctx, ref, how, date_s) -> None:
        from ..records.complaints import find_complaint, resolve_complaint

        book = c.book()
        k = resolve_complaint(book, find_complaint(book, ref).id, how=how, on=today_or(date_s))
        click.echo(t("complaint_resolved", id=k.id, customer=k.customer))

    @complaint_group.command("list")
    @click.option("--open", "open_only", is_flag=True, help="Only open complaints.")
    @click.option("--customer", "who")
    @click.option("--on", "on_s", help="Date for 'days open' (default today).")
    @FORMAT
    @pass_ctx
    def complaint_list(c: Ctx, open_only, who, on_s, fmt) -> None:
        from ..records.complaints import list_complaints
        from ..records.customers import find_customer

        book, on = c.book(), today_or(on_s)
        cid = find_customer(book, who, include_archived=True).id if who else None
        items = list_complaints(book, cid, open_only=open_only)
        emit(
            fmt,
            ["#", L("日期", "date"), L("客户", "customer"), L("商品", "product"), L("内容", "what"),
             L("状态", "status"), L("解决办法", "resolution"), L("天数", "days")],
            lambda: [[k.id, k.date, k.customer, k.product or "", k.what,
                      L("未解决", "open") if k.is_open else L(f"{k.resolved_date} 解决", f"resolved {k.resolved_date}"),
                      k.resolution or "", k.days_open(on)] for k in items],
            [{"id": k.id, "uid": k.uid, "date": k.date, "customer_id": k.customer_id, "customer": k.customer,
              "product": k.product, "what": k.what, "resolution": k.resolution,
              "resolved_date": k.resolved_date, "open": k.is_open, "days_open": k.days_open(on)}
             for k in items],
            empty=t("no_complaints"),
        )  # fmt: skip

    @cli.group("referral")
    def referral_group() -> None:
        """Referrals: who brought whom (counts in loyalty)."""

    @referral_group.command("add")
    @click.argument("who")
    @click.argument("referrer")
    @pass_ctx
    def referral_add(c: Ctx, who, referrer) -> None:
        """Record that REFERRER brought WHO to us."""
        from ..insight.value import record_referral
        from ..records.customers import find_customer

        book = c.book()
        cust, ref = find_customer(book, who), find_customer(book, referrer)
        record_referral(book, cust.id, ref.id)
        click.echo(t("referral_saved", customer=cust.name, referrer=ref.name))
