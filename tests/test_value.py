"""Customer value (salesbook.insight.value, salesbook.insight.segments): LTV, pyramid, RFM, matrix, loyalty, types."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesbook.errors import NotFound, ValidationError
from salesbook.insight import segments, value
from salesbook.records import supply
from salesbook.records.customers import add_customer
from salesbook.records.deliveries import insert_delivery, record_delivery
from salesbook.records.products import add_product
from salesbook.records.settings import set_setting
from salesbook.store import monthly

ON = date(2026, 11, 23)


# ---------------------------------------------------------------- helpers


def products(book):
    rice = add_product(book, name="大米", unit="kg", price="6", per_person_daily="0.15")
    oil = add_product(book, name="食用油", unit="L", price="16", per_person_daily="0.025")
    water = add_product(book, name="桶装水", unit="桶", price="15", per_person_daily="0.04")
    return rice, oil, water


def buyer(book, name, product, *, every, qty, n, last_days_ago=None, start=None, size=3,
          price=None, phone=None):  # fmt: skip
    """A customer buying ``qty`` of ``product`` every ``every`` days, ``n`` times;
    the last purchase ``last_days_ago`` days before ON (default: ``every``)."""
    c = add_customer(book, name=name, household_size=size, phone=phone)
    last = ON - timedelta(days=every if last_days_ago is None else last_days_ago)
    first = start or last - timedelta(days=every * (n - 1))
    with book.transaction() as conn:
        for i in range(n):
            day = first + timedelta(days=every * i)
            insert_delivery(conn, c.id, product.id, day, qty,
                            product.unit_price_fen if price is None else price)  # fmt: skip
        supply.refresh_customers(book, [c.id])
    return c


def spread_book(book, n=100):
    """``n`` customers with distinct spends (customer i buys rice i times, monthly)."""
    rice, _oil, _water = products(book)
    out = []
    with book.transaction() as conn:
        for i in range(1, n + 1):
            c = add_customer(book, name=f"客户{i:03d}", household_size=2)
            for k in range(min(i, 12)):
                day = ON - timedelta(days=30 * (k + 1))
                insert_delivery(conn, c.id, rice.id, day, 5 + i, rice.unit_price_fen)
            out.append(c)
        supply.refresh_all(book)
    return out


# ---------------------------------------------------------------- lifetime value


def test_lifetime_value_shows_its_inputs():
    s = value.ValueSettings()  # 15% margin, 10% discount, 80% retention
    ltv = value.lifetime_value(365_00, date(2025, 11, 23), ON, s)
    assert ltv.observed_days == 365
    assert ltv.yearly_spend_fen == 365_00
    assert ltv.expected_years == pytest.approx(5.0)
    assert ltv.simple_ltv_fen == 5 * 365_00
    # 36500 x 15% x 1.1 / 0.3 = 20075
    assert ltv.ltv_fen == 20075
    text = ltv.explain("zh")
    assert "年均消费 ¥365.00" in text and "毛利 15%" in text and "¥200.75" in text
    assert "retention 80%" in ltv.explain("en")


def test_a_customer_younger_than_a_year_is_annualised():
    s = value.ValueSettings()
    ltv = value.lifetime_value(100_00, ON - timedelta(days=73), ON, s)
    assert ltv.yearly_spend_fen == 500_00  # 100 yuan in 73 days = 500 a year
    # what they bought lasts until the predicted run-out: counts as observed time
    ltv = value.lifetime_value(100_00, ON - timedelta(days=73), ON, s, ON + timedelta(days=73))
    assert ltv.yearly_spend_fen == 250_00
    # a purchase made today is not blown up beyond 30 days' worth
    assert value.lifetime_value(10_00, ON, ON, s).yearly_spend_fen == 10_00 * 365 // 30 + 1


@given(
    spend=st.integers(0, 10**9),
    days=st.integers(0, 3000),
    retention=st.integers(0, 95),
)
def test_discounted_equals_simple_without_discount_or_margin(spend, days, retention):
    s = value.ValueSettings(margin_pct=100, discount_pct=0, retention_pct=retention)
    ltv = value.lifetime_value(spend, ON - timedelta(days=days), ON, s)
    assert ltv.ltv_fen == ltv.simple_ltv_fen
    assert isinstance(ltv.ltv_fen, int) and ltv.ltv_fen >= 0


@given(d=st.integers(0, 50), r=st.integers(0, 95), m=st.integers(1, 100))
def test_ltv_grows_with_retention_and_falls_with_discount(d, r, m):
    base = value.lifetime_value(
        1_000_000, ON - timedelta(days=400), ON, value.ValueSettings(m, d, r)
    )
    if r < 95:
        more = value.lifetime_value(
            1_000_000, ON - timedelta(days=400), ON, value.ValueSettings(m, d, r + 1)
        )
        assert more.ltv_fen >= base.ltv_fen
    if d < 50:
        less = value.lifetime_value(
            1_000_000, ON - timedelta(days=400), ON, value.ValueSettings(m, d + 1, r)
        )
        assert less.ltv_fen <= base.ltv_fen


def test_settings_change_the_value_and_bad_ones_are_refused(book):
    rice, _o, _w = products(book)
    c = buyer(book, "王建国", rice, every=30, qty=10, n=13)
    before = value.customer_value(book, c.id, ON)
    set_setting(book, "value_margin_pct", 30)
    after = value.customer_value(book, c.id, ON)
    assert after.margin_pct == 30 and after.ltv_fen == pytest.approx(2 * before.ltv_fen, abs=2)
    for key, bad in [
        ("value_retention_pct", 100),
        ("value_margin_pct", 0),
        ("tier_gold_pct", "lots"),
    ]:
        with pytest.raises(ValidationError):
            set_setting(book, key, bad)
    assert book.setting("value_retention_pct") == 80


# ---------------------------------------------------------------- pyramid


def test_pyramid_ranks_by_value_into_tiers(book):
    spread_book(book, 100)
    p = value.pyramid(book, ON)
    assert [t.tier for t in p.tiers] == ["platinum", "gold", "iron", "lead"]
    assert [p.count(t) for t in value.TIERS] == [1, 4, 15, 80]
    plat, gold = p.tiers[0], p.tiers[1]
    assert plat.min_value_fen > gold.min_value_fen
    assert sum(t.share for t in p.tiers) == pytest.approx(1.0)
    ranking, total = value.ltv_ranking(book, ON, limit=6)
    assert total == 100
    assert [r.name for r in ranking[:2]] == ["客户100", "客户099"]
    assert [r.tier for r in ranking] == ["platinum"] + ["gold"] * 4 + ["iron"]
    assert ranking[0].rank == 1 and ranking[0].ltv.ltv_fen == plat.value_fen


def test_tier_thresholds_are_settings(book):
    spread_book(book, 100)
    set_setting(book, "tier_platinum_pct", 5)
    set_setting(book, "tier_iron_pct", 0)
    p = value.pyramid(book, ON, write_snapshot=False)
    assert [p.count(t) for t in value.TIERS] == [5, 4, 0, 91]


def test_a_small_book_still_has_a_platinum_customer(book):
    rice, _o, _w = products(book)
    buyer(book, "甲", rice, every=30, qty=10, n=3)
    buyer(book, "乙", rice, every=30, qty=5, n=3)
    add_customer(book, name="丙")  # never bought: lead
    p = value.pyramid(book, ON)
    assert [p.count(t) for t in value.TIERS] == [1, 0, 0, 2]  # ceil(2 x 1%), ceil(2 x 5%)...


def test_movement_between_tiers_since_last_month(book):
    custs = spread_book(book, 100)
    last_month = ON - timedelta(days=31)
    # the view writes nothing: the month's snapshot is the monthly job's
    first = value.pyramid(book, last_month)
    assert not first.snapshot_written and first.since is None
    assert book.conn.execute("SELECT COUNT(*) FROM value_snapshots").fetchone()[0] == 0
    assert "value_snapshot" in monthly.run_due(book, last_month)
    # the same month again: no second snapshot
    assert "value_snapshot" not in monthly.run_due(book, last_month)
    assert value.pyramid(book, last_month).since is None
    rice = book.conn.execute("SELECT id FROM products WHERE name = '大米'").fetchone()[0]
    with book.transaction() as conn:  # a lead starts buying big, every week
        for k in range(1, 9):
            insert_delivery(conn, custs[0].id, rice, ON - timedelta(days=7 * k), 100, 600)
        supply.refresh_customers(book, [custs[0].id])
    p = value.pyramid(book, ON)
    assert p.since == value.period_of(last_month)
    assert "value_snapshot" in monthly.run_due(book, ON)
    assert value.pyramid(book, ON) == p  # this month's snapshot changes nothing shown
    assert (custs[0].id, "客户001", "lead", "platinum") in p.up
    assert any(old == "platinum" and new == "gold" for _c, _n, old, new in p.down)
    assert p.moves[("lead", "platinum")] == 1
    hist = value.tier_history(book, custs[0].id)
    assert [h[1] for h in hist] == ["lead", "platinum"]
    q = value.pyramid(book, ON, "quarter")  # nothing kept 3 months back: the oldest is used? no
    assert q.since is None
    with pytest.raises(ValidationError):
        value.pyramid(book, ON, "year")


def test_a_snapshot_is_never_written_for_an_older_period(book):
    spread_book(book, 10)
    assert value.pyramid(book, ON, write_snapshot=True).snapshot_written
    assert not value.pyramid(book, ON - timedelta(days=62), write_snapshot=True).snapshot_written
    assert "value_snapshot" in monthly.run_due(book, ON)  # this month's is kept: marked done
    assert monthly.run_due(book, ON - timedelta(days=62)) == []  # an older month: not due
    value.store_snapshot(
        book, ON - timedelta(days=62), value.snapshot_rows(book, ON - timedelta(days=62))
    )
    periods = [r[0] for r in book.conn.execute("SELECT DISTINCT period FROM value_snapshots")]
    assert periods == [value.period_of(ON)]


# ---------------------------------------------------------------- RFM


@given(st.lists(st.integers(-50, 50), min_size=1, max_size=200))
def test_quintile_scores_are_monotone_and_share_ties(values):
    scores = segments.quintile_scores(values)
    assert all(1 <= s <= 5 for s in scores)
    for a, sa in zip(values, scores, strict=True):
        for b, sb in zip(values, scores, strict=True):
            if a < b:
                assert sa <= sb
            if a == b:
                assert sa == sb
    assert max(scores) == 5


def test_quintiles_of_a_hundred_distinct_values():
    assert segments.quintile_scores(list(range(100))) == [v // 20 + 1 for v in range(100)]


def test_rfm_segments_name_the_customers(book):
    rice, oil, _w = products(book)
    # a big regular who still buys: champion
    champ = buyer(book, "老主顾", rice, every=15, qty=25, n=30, last_days_ago=3)
    # a big regular gone quiet for 4 months: keep (call now)
    quiet = buyer(book, "大户", rice, every=15, qty=25, n=30, last_days_ago=120)
    # first purchase last week: new
    new = buyer(book, "新来的", oil, every=10, qty=1, n=1, last_days_ago=7)
    # little, rarely, long ago: at risk
    lost = buyer(book, "路过", oil, every=60, qty=1, n=2, last_days_ago=200)
    for i in range(8):  # a middle of the book
        buyer(book, f"普通{i}", rice, every=30, qty=10, n=4 + i, last_days_ago=10 + 5 * i)
    scores = segments.rfm_scores(value.base_rows(book, ON, need="state"), ON)
    assert scores[champ.id].segment == "champions" and scores[champ.id].code[1:] == "55"
    assert scores[quiet.id].segment in ("keep", "win_back")
    assert scores[new.id].segment == "new"
    assert scores[lost.id].segment == "at_risk" and scores[lost.id].r == 1
    summary = {s.segment: s.count for s in segments.segment_summary(scores)}
    assert sum(summary.values()) == 12
    assert segments.rfm_summary(book, ON) == segments.segment_summary(scores)  # the SQL path
    assert segments.segment_name("champions") == "重要价值"
    assert segments.segment_name("win_back", "en") == "win back"
    assert "流失风险" == segments.segment_name("at_risk")


@pytest.mark.parametrize("seed", range(6))
def test_sql_views_agree_with_the_per_customer_rules(book, seed):
    """The pyramid, the LTV ranking and the RFM summary are computed in SQL over
    customer_value; they must give what the per-customer rules give."""
    import random

    rng = random.Random(seed)
    rice, oil, water = products(book)
    with book.transaction() as conn:
        for i in range(rng.randint(1, 60)):
            c = add_customer(book, name=f"客{i}", household_size=rng.randint(1, 5))
            for _k in range(rng.choice([0, 1, 2, 5, 9])):
                p = rng.choice([rice, oil, water])
                day = ON - timedelta(days=rng.randint(0, 700))
                price = rng.choice([p.unit_price_fen, p.unit_price_fen // 2, 0])  # gifts too
                insert_delivery(conn, c.id, p.id, day, rng.randint(1, 30), price)
        supply.refresh_all(book)
    rows = value.base_rows(book, ON)
    s = value.ValueSettings.of(book)
    values = value.ltv_values(rows, s)
    tiers = value.rank_tiers(values, s)
    p = value.pyramid(book, ON, write_snapshot=False)
    for t in p.tiers:
        mine = [c for c, (tier, _r) in tiers.items() if tier == t.tier]
        assert t.count == len(mine)
        assert t.value_fen == sum(values[c] for c in mine)
    ranking, total = value.ltv_ranking(book, ON, limit=None)
    assert total == len(rows)
    assert [(r.customer_id, r.rank, r.tier) for r in ranking] == sorted(
        ((c, rk, tier) for c, (tier, rk) in tiers.items()),
        key=lambda t: (t[1] is None, t[1] or 0, t[0]),
    )
    assert all(r.ltv.ltv_fen == values[r.customer_id] for r in ranking)
    scores = segments.rfm_scores(rows, ON)
    assert segments.rfm_summary(book, ON) == segments.segment_summary(scores)


def test_a_price_change_is_picked_up_by_the_next_view(book):
    rice, oil, _w = products(book)
    c = buyer(book, "王", rice, every=30, qty=10, n=4)
    before = value.base_rows(book, ON)[0]
    from salesbook.insight.value_base import value_state
    from salesbook.records.products import update_product

    update_product(book, rice.id, price="12")  # twice the price: the need in fen doubles
    record_delivery(book, c.id, oil.id, 1, on=ON)
    after = value.base_rows(book, ON)[0]
    assert after.need_fen_day == pytest.approx(2 * before.need_fen_day)  # oil: no share yet
    assert value_state(book) == sorted(supply.value_state_rows(book.conn))
    update_product(book, oil.id, price="20")  # no write after it: the trigger keeps the rows
    assert value_state(book) == sorted(supply.value_state_rows(book.conn))


def test_customer_value_follows_each_write(book):
    """customer_value is kept in the same transaction as a delivery, a rename
    and an archive (the views read it, never the deliveries)."""
    rice, _o, _w = products(book)
    c = buyer(book, "王", rice, every=30, qty=10, n=4)
    record_delivery(book, c.id, rice.id, 10, on=ON)
    from salesbook.records.customers import archive_customer, update_customer

    update_customer(book, c.id, name="王二")
    row = book.conn.execute(
        "SELECT name, n_days, spend_fen, r_gaps FROM customer_value WHERE customer_id = ?", (c.id,)
    ).fetchone()
    assert row == ("王二", 5, 5 * 10 * rice.unit_price_fen, 4)
    archive_customer(book, c.id)
    assert value.base_rows(book, ON) == []
    assert value.ltv_ranking(book, ON)[1] == 0


# ---------------------------------------------------------------- value x potential


def test_matrix_places_customers_by_value_and_potential(book):
    rice, oil, water = products(book)
    # big household buying only part of its rice and nothing else: develop/grow
    big = buyer(book, "大家庭", rice, every=60, qty=10, n=6, size=6)
    # small household buying all three: little room left
    small = buyer(book, "小两口", rice, every=30, qty=9, n=12, size=2)
    for p, q, every in ((oil, 1.5, 30), (water, 2.4, 30)):
        with book.transaction() as conn:
            for i in range(12):
                insert_delivery(
                    conn, small.id, p.id, ON - timedelta(days=every * (i + 1)), q, p.unit_price_fen
                )
            supply.refresh_customers(book, [small.id])
    nosize = add_customer(book, name="没人数")
    record_delivery(book, nosize.id, rice.id, 10, on=ON - timedelta(days=5))
    m = value.value_matrix(book, ON)
    idx = {c: i for i, c in enumerate(m.ids)}
    assert m.unknown == 1 and nosize.id not in idx
    assert m.potentials[idx[big.id]] > m.potentials[idx[small.id]]
    assert m.quadrants[idx[big.id]] in ("develop", "grow")
    assert m.quadrants[idx[small.id]] in ("keep", "maintain")
    assert sum(m.counts.values()) == 2
    assert "别处" in m.action("grow") and "referrals" in m.action("keep", "en")


def test_potential_needs_a_household_size():
    row = value.BaseRow(
        1, "x", None, "2026-01-01", 1000, 1, "2026-01-01", "2026-01-01", 10, 10, 30, 20,
        1, None, None, 0.0, 0, 0, 1.0, 1000, 0, 0, None,
    )  # fmt: skip
    assert value.potential_fen(row, value.CrossBuy({1: 100.0})) is None
    assert (
        value.potential_fen(row._replace(household_size=2), value.CrossBuy({1: 100.0, 2: 50.0}))
        == 300
    )


# ---------------------------------------------------------------- referrals and loyalty


def test_referrals_are_recorded_and_count_in_loyalty(book):
    rice, oil, _w = products(book)
    a = buyer(book, "介绍人", rice, every=30, qty=10, n=12, phone="13900000001")
    b = buyer(book, "邻居甲", rice, every=30, qty=10, n=2, phone="13900000002")
    c = buyer(book, "邻居乙", oil, every=30, qty=1, n=2, phone="13900000003")
    value.record_referral(book, b.id, a.id)
    value.record_referral(book, c.id, a.id)
    assert value.referrals_of(book, a.id) == [(b.id, "邻居甲"), (c.id, "邻居乙")]
    with pytest.raises(ValidationError):
        value.record_referral(book, a.id, b.id)  # a loop: b was brought by a
    with pytest.raises(ValidationError):
        value.record_referral(book, a.id, a.id)
    with pytest.raises(NotFound):
        value.record_referral(book, a.id, 999)
    (la,) = segments.loyalty(book, ON, a.id)
    assert la.referrals == 2 and la.cross_buying == 1
    b_loyal = segments.book_loyalty(segments.loyalty(book, ON))
    assert b_loyal.referrers == 1 and b_loyal.referrals == 2 and b_loyal.customers == 3
    assert segments.book_loyalty_summary(book, ON) == b_loyal  # the fast pass agrees
    value.record_referral(book, c.id, None)
    assert value.referrals_of(book, a.id) == [(b.id, "邻居甲")]


def test_regularity_tells_clockwork_from_erratic(book):
    rice, _o, _w = products(book)
    steady = buyer(book, "准时", rice, every=20, qty=10, n=10)
    erratic = add_customer(book, name="随缘", household_size=3)
    with book.transaction() as conn:
        for d in (400, 390, 300, 290, 150, 140, 60, 20):
            insert_delivery(conn, erratic.id, rice.id, ON - timedelta(days=d), 10, 600)
        supply.refresh_customers(book, [erratic.id])
    rh = segments.rhythm_by_customer(book)
    assert rh[steady.id].regularity == pytest.approx(1.0)
    assert rh[steady.id].mean_gap == pytest.approx(20)
    assert rh[erratic.id].regularity < 0.4
    loy = {x.customer_id: x for x in segments.loyalty(book, ON)}
    assert loy[steady.id].score > loy[erratic.id].score


def test_rhythm_cache_follows_new_and_deleted_deliveries(book):
    rice, _o, _w = products(book)
    c = buyer(book, "王", rice, every=30, qty=10, n=4)
    assert segments.rhythm_by_customer(book)[c.id].n_gaps == 3
    rec = record_delivery(book, c.id, rice.id, 10, on=ON)
    assert segments.rhythm_by_customer(book)[c.id].n_gaps == 4
    from salesbook.records.deliveries import delete_delivery

    delete_delivery(book, rec.id)
    assert segments.rhythm_by_customer(book)[c.id].n_gaps == 3
    assert segments.refresh_rhythm(book) == 0  # up to date: nothing recomputed


# ---------------------------------------------------------------- customer types


def test_customer_types_from_history(book):
    rice, oil, _w = products(book)
    regular = buyer(book, "规律", rice, every=30, qty=10, n=10)
    bulk = buyer(book, "囤货", rice, every=90, qty=50, n=5)
    cheap = buyer(book, "讲价", oil, every=30, qty=5, n=6, price=1300)  # list price 16.00
    new = buyer(book, "新人", rice, every=10, qty=10, n=1, last_days_ago=5)
    lapsed = buyer(book, "沉睡", oil, every=20, qty=1, n=5, last_days_ago=150)
    never = add_customer(book, name="没买过")
    for i in range(4):  # the book's usual rice buyers
        buyer(book, f"普通{i}", rice, every=30, qty=10, n=6)
    types = segments.customer_types(book, ON)
    assert types[regular.id] == "regular"
    assert types[bulk.id] == "bulk"
    assert types[cheap.id] == "price"
    assert types[new.id] == "new"
    assert types[lapsed.id] == "lapsed"
    assert types[never.id] == "none"
    assert (
        segments.type_name("bulk") == "囤货型"
        and segments.type_name("price", "en") == "price-driven"
    )


# ---------------------------------------------------------------- the Excel contract


def test_customer_values_has_every_column(book):
    rice, _o, _w = products(book)
    a = buyer(book, "甲", rice, every=30, qty=10, n=8)
    b = add_customer(book, name="乙")
    vals = value.customer_values(book, ON)
    assert set(vals) == {a.id, b.id}
    va, vb = vals[a.id], vals[b.id]
    assert va.tier == "platinum" and va.tier_rank == 1 and va.rfm and va.segment
    assert va.ltv_fen == va.ltv.ltv_fen and va.yearly_spend_fen > 0 and va.expected_years == 5.0
    assert va.customer_type == "regular" and 0 <= va.loyalty <= 100
    assert va.risk is not None and va.risk_reason
    assert vb.tier == "lead" and vb.tier_rank is None and vb.rfm is None and vb.risk is None
    assert vb.customer_type == "none" and vb.ltv_fen == 0


# ---------------------------------------------------------------- CLI


def test_cli_value_views(seeded, run_cli):
    path = seeded.path
    seeded.book.close()
    for by in ("ltv", "tier", "rfm", "matrix", "loyalty", "type"):
        r = run_cli("value", "--by", by, "--on", "2026-03-20", book=path)
        assert r.code == 0 and "Traceback" not in r.err, (by, r)
        assert r.out.strip()
        r = run_cli("value", "--by", by, "--on", "2026-03-20", "--format", "json", book=path)
        assert r.code == 0, (by, r)
        json.loads(r.out)
        r = run_cli("value", "--by", by, "--on", "2026-03-20", "--format", "csv", book=path)
        assert r.code == 0 and r.out.splitlines()[0], (by, r)
    rows = json.loads(run_cli("value", "--on", "2026-03-20", "--format", "json", book=path).out)
    assert rows[0]["customer"] == "王建国" and rows[0]["tier"] == "platinum"
    assert {"ltv", "simple_ltv", "yearly_spend", "observed_days", "margin_pct"} <= rows[0].keys()
    r = run_cli("value", "--on", "2026-03-20", book=path, lang="zh")
    assert "铂金" in r.out and "年均消费" in r.out
    r = run_cli("value", "--by", "tier", "--on", "2026-03-20", book=path, lang="zh")
    assert "铂金" in r.out and "黄金" in r.out and "下个月" in r.out
    r = run_cli("value", "--by", "rfm", "--segment", "nonsense", book=path)
    assert r.code == 2 and "Traceback" not in r.err
    r = run_cli("value", "--by", "nonsense", book=path)
    assert r.code == 2


def test_cli_referral(seeded, run_cli):
    path = seeded.path
    seeded.book.close()
    r = run_cli("referral", "add", "王建国", "李秀英", book=path)
    assert r.code == 0 and "李秀英" in r.out, r
    r = run_cli("referral", "add", "李秀英", "王建国", book=path)
    assert r.code == 1 and r.out == "" and "referral" in r.err.lower(), r
    r = run_cli("referral", "add", "nobody", "王建国", book=path)
    assert r.code == 1 and "No customer" in r.err


# ---------------------------------------------------------------- SQL paths = the Python rules


def varied_book(book, seed, n_max=60):
    """A random small book with what the rules branch on: household sizes
    (unknown, 1-6), purchase days from us and elsewhere, gifts and
    discounts, a purchase after ON, a product with no per-person use,
    referrals, open and resolved complaints, bargainer tags, archived
    customers, one-off and steady buyers."""
    import random

    from salesbook.records.complaints import add_complaint, resolve_complaint
    from salesbook.records.customers import archive_customer

    rng = random.Random(seed)
    rice, oil, water = products(book)
    gas = add_product(book, name="煤气", unit="罐", price="120")  # no per-person use
    prods = [rice, oil, water, gas]
    custs = []
    with book.transaction() as conn:
        for i in range(rng.randint(1, n_max)):
            size = rng.choice([None, 1, 2, 3, 4, 6])
            c = add_customer(book, name=f"客{i}", household_size=size)
            custs.append(c)
            style = rng.random()
            for p in rng.sample(prods, rng.randint(0, 3)):
                if style < 0.4:  # steady: every ~gap days, maybe stopped a while ago
                    gap = rng.choice([7, 14, 30, 45])
                    last = rng.randint(-3, 200)
                    for k in range(rng.randint(1, 12)):
                        day = ON - timedelta(days=last + gap * k + rng.randint(0, 2))
                        insert_delivery(conn, c.id, p.id, day, rng.choice([1, 2, 5, 10, 25]),
                                        p.unit_price_fen)  # fmt: skip
                else:
                    for _k in range(rng.choice([0, 1, 2, 3, 6])):
                        day = ON - timedelta(days=rng.randint(-5, 700))
                        price = rng.choice([p.unit_price_fen, p.unit_price_fen * 9 // 10, 0])
                        insert_delivery(conn, c.id, p.id, day, rng.randint(1, 40), price,
                                        source=rng.choice(["us", "us", "us", "elsewhere"]))  # fmt: skip
            if rng.random() < 0.1:
                conn.execute("UPDATE customers SET behaviour_type = ? WHERE id = ?",
                             (rng.choice(["bargainer", "讲价型", "other"]), c.id))  # fmt: skip
        supply.refresh_all(book)
    for c in custs:
        r = rng.random()
        if r < 0.15 and len(custs) > 1:
            other = rng.choice(custs)
            try:
                value.record_referral(book, c.id, other.id)
            except ValidationError:
                pass  # itself, or a loop
        elif r < 0.25:
            k = add_complaint(book, c.id, on=ON - timedelta(days=rng.randint(0, 60)), what="x")
            if rng.random() < 0.3:
                resolve_complaint(book, k.id, how="y", on=ON)
        elif r < 0.3:
            archive_customer(book, c.id)
    return custs


def same_loyalty(a, b):
    """BookLoyalty equal, the means up to the last bits (SQLite 3.43+ sums
    doubles with compensation; Python adds them one by one)."""
    for f in a.__dataclass_fields__:
        x, y = getattr(a, f), getattr(b, f)
        if isinstance(x, float) or isinstance(y, float):
            assert x == pytest.approx(y, rel=1e-12, abs=1e-12), f
        else:
            assert x == y, f
    return True


@pytest.mark.parametrize("seed", range(8))
def test_sql_matrix_loyalty_types_and_excel_agree_with_the_rules(book, seed):
    """The matrix, the book's loyalty, the customer types and the Excel columns
    are computed in SQL over customer_value; on random books they must give
    exactly what the per-customer Python rules give."""
    varied_book(book, seed)
    on = ON + timedelta(days=seed % 3)  # a purchase may be dated after the day asked about
    rows, cross = value.book_base(book, on, "matrix")
    pts, unknown = value._value_potential(rows, cross)
    m = value.value_matrix(book, on)
    assert (m.ids, m.values, m.potentials, m.unknown) == (
        [c for c, _v, _p in pts], [v for _c, v, _p in pts], [p for *_x, p in pts], unknown,
    )  # fmt: skip
    vs, ps = value._median([v for _c, v, _p in pts]), value._median([p for *_x, p in pts])
    assert m.quadrants == [value.quadrant_of(v, p, vs, ps) for _c, v, p in pts]
    assert same_loyalty(
        segments.book_loyalty_summary(book, on), segments.book_loyalty(segments.loyalty(book, on))
    )
    assert segments.customer_types(book, on) == segments.customer_types_by_rule(book, on)
    for lang, with_risk in (("zh", True), ("en", True), ("zh", False)):
        fast = value.customer_values(book, on, lang=lang, with_risk=with_risk)
        slow = value.customer_values_by_rule(book, on, lang=lang, with_risk=with_risk)
        assert dict(fast) == slow
        assert set(fast) == set(slow) and len(fast) == len(slow)


def test_round_sql_rounds_halves_to_even(book):
    from salesbook.insight.value_base import round_sql

    xs = [-2.5, -1.5, -0.5, -0.49999999999999994, 0.0, 0.49999999999999994, 0.5, 1.5, 2.5,
          2.5000000000000004, 3.4999999999999996, 12345.5, 12346.5, 99.99999999999999, -7.2]  # fmt: skip
    for x in xs:
        got = book.conn.execute(f"SELECT {round_sql('x')} FROM (SELECT ? AS x)", (x,)).fetchone()
        assert got[0] == round(x), x


def test_the_math_fallbacks_give_the_same_views(book):
    """A SQLite built without math functions gets Python's (registered on the
    connection): the views must not change."""
    from salesbook.insight import risk
    from salesbook.insight.value_base import register_math

    varied_book(book, 11)
    before = (risk.at_risk(book, ON, top=15), value.customer_values(book, ON),
              segments.book_loyalty_summary(book, ON))  # fmt: skip
    register_math(book.conn)  # overrides the built-in ln/exp/sqrt on this connection
    after = (risk.at_risk(book, ON, top=15), value.customer_values(book, ON),
             segments.book_loyalty_summary(book, ON))  # fmt: skip
    assert before[0] == after[0] and dict(before[1]) == dict(after[1])
    assert same_loyalty(before[2], after[2])


def test_customer_values_is_a_read_only_mapping(book):
    rice, _o, _w = products(book)
    a = buyer(book, "甲", rice, every=30, qty=10, n=8)
    vals = value.customer_values(book, ON)
    assert vals.get("not-an-id") is None and vals.get(a.uid) is None and a.id in vals
    assert next(iter(vals.values())).customer_id == a.id
    assert vals[a.id].ltv.explain("en").startswith("yearly spend")
    with pytest.raises(KeyError):
        vals[999]


def test_risk_scores_near_a_half_point_are_rescored_in_python(book, monkeypatch):
    varied_book(book, 3)
    monkeypatch.setattr(value, "RISK_TIE", 0.5)  # every score goes through the Python model
    assert dict(value.customer_values(book, ON)) == value.customer_values_by_rule(book, ON)


def test_the_monthly_snapshot_keeps_what_the_pyramid_shows(book):
    spread_book(book, 60)
    assert "value_snapshot" in monthly.run_due(book, ON)
    sql = "SELECT period, customer_id, tier, value_fen FROM value_snapshots ORDER BY 2"
    by_job = book.conn.execute(sql).fetchall()
    assert len(by_job) == 60 and {r[0] for r in by_job} == {value.period_of(ON)}
    with book.transaction() as tx:
        tx.execute("DELETE FROM value_snapshots")
    assert value.pyramid(book, ON, write_snapshot=True).snapshot_written
    assert book.conn.execute(sql).fetchall() == by_job
