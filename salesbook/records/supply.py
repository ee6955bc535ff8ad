"""The maintained forecast: derived state kept in the same transaction as each write.

Three tables hold it:

* ``supply``: per customer x product: prior/observed/blended rate, stock after
  the last delivery, run-out and remind dates, share of wallet;
* ``customer_state``: per customer: balance, oldest unpaid delivery, the
  collection date (first payday on or after it), last contact, follow-up date;
* ``customer_value``: per customer, what the value views read (see
  ``fill_value_state``), refreshed with the Today rows (``refresh_agenda``).

Every write that can change them calls ``refresh_pair`` / ``refresh_customer_state``
inside its transaction, so the Today list is an indexed query over these tables.
``refresh_all`` rebuilds both in bulk (imports, demo, settings changes), and
uses the very same functions per row, so there is one rule, not two.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import date, timedelta
from itertools import groupby

from ..rules import forecast, forecast_batch, paycycle
from ..store import hooks
from ..store.book import Book, local_day
from . import tuning

_SUPPLY_COLS = (
    "customer_id, product_id, prior_rate, observed_rate, rate, rate_source, n_deliveries,"
    " first_date, last_date, stock_at_last, runout_date, remind_date, bought_us,"
    " bought_elsewhere, share_of_wallet, n_days_us, sum_gap, sum_gap2, last_gap"
)
_INSERT_SUPPLY = f"INSERT OR REPLACE INTO supply ({_SUPPLY_COLS}) VALUES ({', '.join('?' * 19)})"
_STATE_COLS = (
    "customer_id, balance_fen, oldest_unpaid_date, collect_date, last_contact_date,"
    " follow_up_date, spend_fen, n_deliveries, first_delivery_date, last_delivery_date"
)
_INSERT_STATE = (
    f"INSERT OR REPLACE INTO customer_state ({_STATE_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _customer_filter(customer_ids: Iterable[int] | None, col: str) -> tuple[str, list]:
    if customer_ids is None:
        return "", []
    ids = list(customer_ids)
    return f" AND {col} IN ({', '.join('?' * len(ids))})", ids


def _supply_rows(
    book: Book, customer_ids: list[int] | None = None, product_id: int | None = None
) -> list[tuple]:
    """Compute supply rows for some customers (None: all), optionally one product."""
    conn = book.conn
    settings = book.settings()
    default_lead = int(settings["lead_days"])
    fit = tuning.params_for(book)  # the book's own tuning (monthly backtest)
    per_person = dict(conn.execute("SELECT id, per_person_daily FROM products"))
    where_c, params = _customer_filter(customer_ids, "id")
    customers = {
        r[0]: (r[1], r[2])
        for r in conn.execute(
            f"SELECT id, household_size, lead_days FROM customers WHERE 1=1{where_c}", params
        )
    }
    where_o, _ = _customer_filter(customer_ids, "customer_id")
    overrides = {
        (r[0], r[1]): r[2]
        for r in conn.execute(
            f"SELECT customer_id, product_id, daily_rate FROM consumption_overrides WHERE 1=1{where_o}",
            params,
        )
    }
    where_d, params_d = _customer_filter(customer_ids, "customer_id")
    if product_id is not None:
        where_d += " AND product_id = ?"
        params_d = [*params_d, product_id]
    found = conn.execute(
        "SELECT customer_id, product_id, date, quantity, source FROM deliveries"
        f" WHERE deleted_at IS NULL{where_d} ORDER BY customer_id, product_id, date",
        params_d,
    ).fetchall()
    if not found:
        return []
    # one column per field, each ISO date parsed once; a pair starts where the
    # customer or product changes (forecast_batch takes the columns as they are)
    cids, pids, iso, quantities, sources = zip(*found, strict=True)
    ordinal = {d: date.fromisoformat(d).toordinal() for d in set(iso)}
    days = [ordinal[d] for d in iso]
    starts = [0]
    starts.extend(
        i for i in range(1, len(found)) if cids[i] != cids[i - 1] or pids[i] != pids[i - 1]
    )
    keys = [(cids[i], pids[i]) for i in starts]
    jobs = []
    for cid, pid in keys:
        household, _lead = customers.get(cid, (None, None))
        prior = forecast.prior_rate(overrides.get((cid, pid)), household, per_person.get(pid))
        weight, ratio = fit.params(pid)
        jobs.append((prior, weight, ratio))
    # all pairs at once (forecast_batch: the very floats estimate_supply gives)
    estimates = forecast_batch.estimate_flat(starts, days, quantities, sources, jobs)
    ends = [*starts[1:], len(found)]
    iso_of: dict[date, str] = {}

    def text(day: date | None) -> str | None:
        if day is None:
            return None
        got = iso_of.get(day)
        if got is None:
            got = iso_of[day] = day.isoformat()
        return got

    rows = []
    for (cid, pid), (est, rhythm), first, end in zip(keys, estimates, starts, ends, strict=True):
        lead = customers.get(cid, (None, None))[1]
        remind = forecast.remind_date(est.runout_date, default_lead if lead is None else lead)
        if rhythm is None:
            rhythm = purchase_rhythm(
                [date.fromordinal(days[i]) for i in range(first, end) if sources[i] == "us"]
            )
        days_us, s1, s2, last_gap = rhythm
        rows.append(
            (
                cid,
                pid,
                est.prior_rate,
                est.observed_rate,
                est.rate,
                est.rate_source,
                est.n_deliveries,
                text(est.first_date),
                text(est.last_date),
                est.stock_at_last,
                text(est.runout_date),
                text(remind),
                est.bought_us,
                est.bought_elsewhere,
                est.share_of_wallet,
                days_us,
                s1,
                s2,
                last_gap,
            )
        )
    return rows


def purchase_rhythm(dates: list[date]) -> tuple[int, float, float, float | None]:
    """The rhythm of one customer x product from the (sorted) dates bought from
    us: (purchase days, sum of the gaps between them, sum of their squares,
    the latest gap or None), gaps in days."""
    days = sorted(set(dates))
    s1 = s2 = 0
    gap = None
    for a, b in zip(days, days[1:], strict=False):
        gap = (b - a).days
        s1 += gap
        s2 += gap * gap
    return len(days), float(s1), float(s2), None if gap is None else float(gap)


def refresh_pair(book: Book, customer_id: int, product_id: int) -> None:
    """Recompute one customer x product inside the caller's transaction."""
    conn = book.conn
    rows = _supply_rows(book, [customer_id], product_id)
    if rows:
        conn.execute(_INSERT_SUPPLY, rows[0])
    else:
        conn.execute(
            "DELETE FROM supply WHERE customer_id = ? AND product_id = ?", (customer_id, product_id)
        )
    refresh_agenda(book, [customer_id])


def refresh_customer_products(book: Book, customer_id: int) -> None:
    """Recompute every product of one customer (household size or lead days changed)."""
    book.conn.execute("DELETE FROM supply WHERE customer_id = ?", (customer_id,))
    rows = _supply_rows(book, [customer_id])
    book.conn.executemany(_INSERT_SUPPLY, rows)
    refresh_agenda(book, [customer_id])


def _insert_supply_in_chunks(book: Book, product_id: int | None = None) -> int:
    """Supply rows of every customer (of one product), REFRESH_CHUNK customers at a
    time: a whole book's history is never held at once (the arrays of a 100k book
    in one go took ~1.2 GB). Returns the rows written."""
    ids = [r[0] for r in book.conn.execute("SELECT id FROM customers ORDER BY id")]
    n = 0
    for start in range(0, len(ids), REFRESH_CHUNK):
        rows = _supply_rows(book, ids[start : start + REFRESH_CHUNK], product_id)
        book.conn.executemany(_INSERT_SUPPLY, rows)
        n += len(rows)
    return n


def refresh_product(book: Book, product_id: int) -> None:
    """Recompute every customer of one product (its per-person rate changed)."""
    book.conn.execute("DELETE FROM supply WHERE product_id = ?", (product_id,))
    _insert_supply_in_chunks(book, product_id)
    fill_value_state(book.conn)
    refresh_agenda(book)


def oldest_unpaid(amounts_by_date: list[tuple[str, int]], paid_fen: int) -> str | None:
    """First delivery date not covered by payments, paying oldest first (FIFO).
    ``amounts_by_date``: what is still owed on each day once the payments taken
    on a delivery have settled it; ``paid_fen``: every other payment."""
    covered = paid_fen
    for day, amount in amounts_by_date:
        if amount <= 0:
            continue
        if covered >= amount:
            covered -= amount
        else:
            return day
    return None


def _has_payment_link(book: Book) -> bool:
    """Does ``payments.delivery_id`` exist yet? Only a migration before m0006
    (m0004 runs this code) sees a book without it; asked once per Book."""
    known = getattr(book, "_payment_link", None)
    if known is None:
        cols = book.conn.execute("PRAGMA table_info(payments)")
        known = book._payment_link = any(r[1] == "delivery_id" for r in cols)  # type: ignore[attr-defined]
    return known


def _state_rows(book: Book, customer_ids: list[int] | None) -> list[tuple]:
    conn = book.conn
    settings = book.settings()
    cadence: dict = settings["cadence_days"]  # type: ignore[assignment]
    where_c, params = _customer_filter(customer_ids, "id")
    customers = conn.execute(
        f"SELECT id, pay_cycle, level, created_at FROM customers WHERE 1=1{where_c}", params
    ).fetchall()
    where_d, _ = _customer_filter(customer_ids, "customer_id")
    paid: dict[int, int] = {}
    last_pay: dict[int, str] = {}
    for cid, total, last_day in conn.execute(
        "SELECT customer_id, SUM(amount_fen), MAX(date) FROM payments"
        f" WHERE deleted_at IS NULL{where_d} GROUP BY customer_id",
        params,
    ):
        paid[cid], last_pay[cid] = total or 0, last_day
    last_contact = dict(
        conn.execute(
            f"SELECT customer_id, MAX(date) FROM contacts WHERE deleted_at IS NULL{where_d}"
            " GROUP BY customer_id",
            params,
        )
    )
    # Per customer: what was bought from us (fen), on how many days, first and last.
    bought = {
        r[0]: r[1:]
        for r in conn.execute(
            "SELECT customer_id, SUM(amount_fen), COUNT(DISTINCT date), MIN(date), MAX(date)"
            f" FROM deliveries WHERE deleted_at IS NULL AND source = 'us'{where_d}"
            " GROUP BY customer_id",
            params,
        )
    }
    owing = [cid for cid, (spend, *_rest) in bought.items() if spend - paid.get(cid, 0) > 0]
    unpaid_of = _oldest_unpaid_days(book, owing, paid)
    rows = []
    for cid, pay_cycle, level, created_at in customers:
        spend, n_days, first_delivery, last_delivery = bought.get(cid, (0, 0, None, None))
        balance = spend - paid.get(cid, 0)
        unpaid = unpaid_of.get(cid) if balance > 0 else None
        collect = (
            paycycle.next_payday(paycycle.decode(pay_cycle), date.fromisoformat(unpaid)).isoformat()
            if unpaid
            else None
        )
        contact_dates = [d for d in (last_delivery, last_pay.get(cid), last_contact.get(cid)) if d]
        last = max(contact_dates) if contact_dates else None
        base = last or local_day(created_at)
        every = int(cadence.get(level) or 0)
        follow_up = (
            (date.fromisoformat(base) + timedelta(days=every)).isoformat() if every else None
        )
        rows.append(
            (
                cid,
                balance,
                unpaid,
                collect,
                last,
                follow_up,
                spend,
                n_days,
                first_delivery,
                last_delivery,
            )
        )
    return rows


def _oldest_unpaid_days(
    book: Book, customer_ids: list[int], paid_of: dict[int, int]
) -> dict[int, str | None]:  # paid_of: each customer's payments (fen)
    """For customers who owe: the first day bought from us not yet paid for
    (``oldest_unpaid``: the payments taken on a delivery settle it, never more
    than the delivery itself; the others pay the oldest days first). Only these
    customers' days are read, REFRESH_CHUNK customers at a time (most customers
    owe nothing, and a whole book's days at once took ~600 MB on 100,000)."""
    conn = book.conn
    found: dict[int, str | None] = {}
    for start in range(0, len(customer_ids), REFRESH_CHUNK):
        chunk = customer_ids[start : start + REFRESH_CHUNK]
        marks = ", ".join("?" * len(chunk))
        # what the customer paid on each of their deliveries (a payment linked to
        # another customer's delivery settles nothing there: it is a payment on
        # account, whichever customers a refresh covers)
        linked = (  # before m0006 (a migration that runs this code) payments had no link
            "SELECT delivery_id, customer_id, SUM(amount_fen) AS paid FROM payments"
            " WHERE delivery_id IS NOT NULL AND deleted_at IS NULL"
            f" AND customer_id IN ({marks}) GROUP BY delivery_id, customer_id"
            if _has_payment_link(book)
            else "SELECT NULL AS delivery_id, NULL AS customer_id, 0 AS paid"
            f" WHERE 0 AND customer_id IN ({marks})"
        )
        for cid, group in groupby(
            conn.execute(
                "SELECT d.customer_id, d.date, SUM(d.amount_fen),"
                " SUM(MIN(d.amount_fen, COALESCE(lp.paid, 0))) FROM deliveries d"
                f" LEFT JOIN ({linked}) lp ON lp.delivery_id = d.id"
                " AND lp.customer_id = d.customer_id"
                f" WHERE d.deleted_at IS NULL AND d.source = 'us' AND d.customer_id IN ({marks})"
                " GROUP BY d.customer_id, d.date ORDER BY d.customer_id, d.date",
                [*chunk, *chunk],
            ),
            key=lambda r: r[0],
        ):
            days = [(r[1], r[2], r[3]) for r in group]
            settled = sum(s for _, _, s in days)
            owed = [(day, a - s) for day, a, s in days]
            found[cid] = oldest_unpaid(owed, paid_of.get(cid, 0) - settled)
    return found


def refresh_customer_state(book: Book, customer_id: int) -> None:
    """Recompute one customer's balance, collection and follow-up dates (in the caller's transaction)."""
    book.conn.executemany(_INSERT_STATE, _state_rows(book, [customer_id]))
    refresh_agenda(book, [customer_id])


def refresh_all(book: Book) -> tuple[int, int]:
    """Rebuild all derived state (inside the caller's transaction). Returns (pairs, customers)."""
    conn = book.conn
    conn.execute("DELETE FROM supply")
    pairs = _insert_supply_in_chunks(book)
    return pairs, refresh_customers_state_all(book)


# Customers refreshed at once: the forecast of their pairs is computed as arrays
# (forecast_batch), quicker the more pairs it has; two IN lists of this many
# ids stay well under SQLite's 32,766 variables.
REFRESH_CHUNK = 4000


def refresh_customers(book: Book, customer_ids: Iterable[int]) -> None:
    """Rebuild derived state for some customers (an import touching them)."""
    ids = sorted(set(customer_ids))
    for start in range(0, len(ids), REFRESH_CHUNK):
        chunk = ids[start : start + REFRESH_CHUNK]
        marks = ", ".join("?" * len(chunk))
        book.conn.execute(f"DELETE FROM supply WHERE customer_id IN ({marks})", chunk)
        book.conn.executemany(_INSERT_SUPPLY, _supply_rows(book, chunk))
        book.conn.executemany(_INSERT_STATE, _state_rows(book, chunk))
        refresh_agenda(book, chunk)


def update_remind_dates(book: Book) -> None:
    """Lead days changed: move every remind date (one SQL statement)."""
    lead = int(book.setting("lead_days"))
    book.conn.execute(
        "UPDATE supply SET remind_date = date(runout_date, '-' || COALESCE("
        "(SELECT lead_days FROM customers c WHERE c.id = supply.customer_id), ?) || ' days')"
        " WHERE runout_date IS NOT NULL",
        (lead,),
    )
    refresh_agenda(book)


def refresh_customers_state_all(book: Book) -> int:
    """Rebuild every customer's state (bulk, or a cadence changed). Returns the count."""
    book.conn.execute("DELETE FROM customer_state")
    rows = _state_rows(book, None)
    book.conn.executemany(_INSERT_STATE, rows)
    fill_value_state(book.conn)
    refresh_agenda(book)
    return len(rows)


# act_day / left_day: the date to act and the run-out (else the date to act) as
# day numbers, date.toordinal() (julianday - 1721424.5): due.py compares these;
# customer_sort: the customer's pinyin sort key (names due the same day in order).
_AGENDA_SELECT = """
INSERT INTO agenda (customer_id, kind, product_id, due_date, runout_date, amount_fen, amount,
    customer_uid, customer, phone, area, level, last_contact, product, snoozed_until,
    act_day, left_day, customer_sort)
SELECT s.customer_id, 'resupply', s.product_id, s.remind_date, s.runout_date, NULL, NULL,
    c.uid, c.name, c.phone, c.area, c.level, cs.last_contact_date, p.name,
    (SELECT MAX(z.until) FROM snoozes z WHERE z.customer_id = s.customer_id
     AND z.kind = 'resupply' AND z.product_id IN (0, s.product_id)),
    CAST(julianday(s.remind_date) - 1721424.5 AS INTEGER),
    CAST(julianday(COALESCE(s.runout_date, s.remind_date)) - 1721424.5 AS INTEGER), c.sort_key
FROM supply s JOIN customers c ON c.id = s.customer_id JOIN products p ON p.id = s.product_id
LEFT JOIN customer_state cs ON cs.customer_id = s.customer_id
WHERE s.remind_date IS NOT NULL AND c.archived_at IS NULL {where_s}
UNION ALL
SELECT cs.customer_id, 'collect', 0, cs.collect_date, NULL, cs.balance_fen,
    printf('%d.%02d', cs.balance_fen / 100, cs.balance_fen % 100),
    c.uid, c.name, c.phone, c.area, c.level, cs.last_contact_date, NULL, z.until,
    CAST(julianday(cs.collect_date) - 1721424.5 AS INTEGER),
    CAST(julianday(cs.collect_date) - 1721424.5 AS INTEGER), c.sort_key
FROM customer_state cs JOIN customers c ON c.id = cs.customer_id
LEFT JOIN snoozes z ON z.customer_id = cs.customer_id AND z.kind = 'collect' AND z.product_id = 0
WHERE cs.collect_date IS NOT NULL AND cs.balance_fen > 0 AND c.archived_at IS NULL {where_cs}
UNION ALL
SELECT cs.customer_id, 'follow_up', 0, cs.follow_up_date, NULL, NULL, NULL,
    c.uid, c.name, c.phone, c.area, c.level, cs.last_contact_date, NULL, z.until,
    CAST(julianday(cs.follow_up_date) - 1721424.5 AS INTEGER),
    CAST(julianday(cs.follow_up_date) - 1721424.5 AS INTEGER), c.sort_key
FROM customer_state cs JOIN customers c ON c.id = cs.customer_id
LEFT JOIN snoozes z ON z.customer_id = cs.customer_id AND z.kind = 'follow_up' AND z.product_id = 0
WHERE cs.follow_up_date IS NOT NULL AND c.archived_at IS NULL {where_cs}
"""


def refresh_agenda(book: Book, customer_ids: Iterable[int] | None = None) -> None:
    """Rebuild the Today list rows (``agenda``) of some customers, or all, from
    ``supply``, ``customer_state``, the customer and product, and snoozes.
    Called inside the caller's transaction by every refresh above and by
    edits that change what the list shows (name, phone, area, archive, snooze)."""
    conn = book.conn
    if customer_ids is None:
        conn.execute("DELETE FROM agenda")
        conn.execute(_AGENDA_SELECT.format(where_s="", where_cs=""))
        return
    ids = sorted(set(customer_ids))
    fill_value_state(conn, ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        conn.execute(f"DELETE FROM agenda WHERE customer_id IN ({marks})", chunk)
        conn.execute(
            _AGENDA_SELECT.format(
                where_s=f"AND s.customer_id IN ({marks})",
                where_cs=f"AND cs.customer_id IN ({marks})",
            ),
            chunk * 3,
        )


# -- per-customer value state (issue 7) ---------------------------------------------

VALUE_COLS = (
    "customer_id, archived, name, household_size, created, spend_fen, n_days, first_date,"
    " last_date, first_day, last_day, max_runout_day, min_runout_us_day, n_products, n_slowing,"
    " need_fen_day, got_fen_day, list_fen, products, bought_units, pack_key,"
    " r_gaps, r_wcv2, r_kcv, r_sum_gap, r_lg, r_mg"
)

# Day numbers are date.toordinal() (julianday - 1721424.5). Money-weighted sums
# use the products' list prices (CROSS JOIN keeps supply the outer loop, so a
# customer's products are summed and listed in the same order every time).
VALUE_SELECT = """
SELECT c.id, c.archived_at IS NOT NULL, c.name, c.household_size, substr(c.created_at, 1, 10),
    COALESCE(cs.spend_fen, 0), COALESCE(cs.n_deliveries, 0),
    cs.first_delivery_date, cs.last_delivery_date,
    CAST(julianday(cs.first_delivery_date) - 1721424.5 AS INTEGER),
    CAST(julianday(cs.last_delivery_date) - 1721424.5 AS INTEGER),
    a.max_runout_day, a.min_runout_us_day, COALESCE(a.n_products, 0), COALESCE(a.n_slowing, 0),
    a.need_fen_day, a.got_fen_day, a.list_fen, a.products, a.bought_units, a.pack_key,
    a.r_gaps, a.r_wcv2, a.r_kcv, a.r_sum_gap, a.r_lg, a.r_mg
FROM customers c LEFT JOIN customer_state cs ON cs.customer_id = c.id
LEFT JOIN (
    SELECT s.customer_id,
        CAST(julianday(MAX(s.runout_date)) - 1721424.5 AS INTEGER) AS max_runout_day,
        CAST(julianday(MIN(CASE WHEN s.bought_us > 0 THEN s.runout_date END)) - 1721424.5
             AS INTEGER) AS min_runout_us_day,
        SUM(s.bought_us > 0) AS n_products,
        SUM(s.n_deliveries >= 4 AND s.rate < 0.75 * s.observed_rate) AS n_slowing,
        SUM(CASE WHEN s.share_of_wallet IS NOT NULL
            THEN s.prior_rate * COALESCE(p.unit_price_fen, 0) END) AS need_fen_day,
        SUM(CASE WHEN s.share_of_wallet IS NOT NULL
            THEN MIN(s.share_of_wallet, 1.0) * s.prior_rate * COALESCE(p.unit_price_fen, 0) END)
            AS got_fen_day,
        SUM(s.bought_us * COALESCE(p.unit_price_fen, 0)) AS list_fen,
        group_concat(CASE WHEN s.bought_us > 0 THEN s.product_id END) AS products,
        SUM(CASE WHEN s.bought_us > 0 THEN s.bought_us END) AS bought_units,
        group_concat(CASE WHEN s.bought_us > 0 THEN s.product_id || ':' || s.n_deliveries END)
            AS pack_key,
        SUM(CASE WHEN s.n_days_us >= 2 THEN s.n_days_us - 1 END) AS r_gaps,
        SUM(CASE WHEN s.n_days_us >= 3 AND s.sum_gap > 0 THEN (s.n_days_us - 1)
            * (s.sum_gap2 * (s.n_days_us - 1) / (s.sum_gap * s.sum_gap) - 1) END) AS r_wcv2,
        SUM(CASE WHEN s.n_days_us >= 3 AND s.sum_gap > 0 THEN s.n_days_us - 1 END) AS r_kcv,
        SUM(CASE WHEN s.n_days_us >= 2 THEN s.sum_gap END) AS r_sum_gap,
        SUM(CASE WHEN s.n_days_us >= 3 AND s.last_gap IS NOT NULL THEN s.last_gap END) AS r_lg,
        SUM(CASE WHEN s.n_days_us >= 3 AND s.last_gap IS NOT NULL
            THEN s.sum_gap / (s.n_days_us - 1) END) AS r_mg
    FROM supply s CROSS JOIN products p ON p.id = s.product_id
    WHERE 1 = 1 {where_s}
    GROUP BY s.customer_id
) a ON a.customer_id = c.id
WHERE 1 = 1 {where_c}
"""


def value_state_rows(conn, customer_ids: list[int] | None = None) -> list[tuple]:
    """The ``customer_value`` rows computed now (all customers, or some), without
    writing: what a read-only book's value views use."""
    where_s = where_c = ""
    params: list = []
    if customer_ids is not None:
        marks = ", ".join("?" * len(customer_ids))
        where_s, where_c = f"AND s.customer_id IN ({marks})", f"AND c.id IN ({marks})"
        params = [*customer_ids, *customer_ids]
    return conn.execute(VALUE_SELECT.format(where_s=where_s, where_c=where_c), params).fetchall()


def fill_value_state(conn, customer_ids: list[int] | None = None) -> None:
    """Recompute ``customer_value`` for some customers, or all (inside the
    caller's transaction). A product's new price reaches its buyers' rows
    through the trigger ``customer_value_prices`` (see ``price_trigger_sql``)."""
    if customer_ids is None:
        conn.execute("DELETE FROM customer_value")
        conn.execute(
            f"INSERT INTO customer_value ({VALUE_COLS})"
            + VALUE_SELECT.format(where_s="", where_c="")
        )
        return
    ids = list(customer_ids)
    for start in range(0, len(ids), 400):
        chunk = ids[start : start + 400]
        marks = ", ".join("?" * len(chunk))
        try:
            conn.execute(f"DELETE FROM customer_value WHERE customer_id IN ({marks})", chunk)
        except sqlite3.OperationalError as exc:  # a book held at an older schema (tests of
            if "no such table" in str(exc):  # upgrades): m0004 fills the table when it runs
                return
            raise
        conn.execute(
            f"INSERT INTO customer_value ({VALUE_COLS})"
            + VALUE_SELECT.format(
                where_s=f"AND s.customer_id IN ({marks})", where_c=f"AND c.id IN ({marks})"
            ),
            [*chunk, *chunk],
        )


def price_trigger_sql() -> str:
    """A trigger that recomputes the rows of a product's buyers when its list
    price changes (whoever changes it: the product form, an import, an undo),
    so ``customer_value``'s money sums are always at today's prices."""
    buyers = "(SELECT customer_id FROM supply WHERE product_id = NEW.id)"
    return (
        "CREATE TRIGGER customer_value_prices AFTER UPDATE OF unit_price_fen ON products"
        " WHEN NEW.unit_price_fen IS NOT OLD.unit_price_fen BEGIN"
        f" DELETE FROM customer_value WHERE customer_id IN {buyers};"
        f" INSERT INTO customer_value ({VALUE_COLS})"
        + VALUE_SELECT.format(
            where_s=f"AND s.customer_id IN {buyers}", where_c=f"AND c.id IN {buyers}"
        )
        + "; END"
    )


def _rebuild_derived(conn: sqlite3.Connection, customer_ids: list[int] | None) -> None:
    """A migration's rebuild with today's rules (store/migrations.py calls it
    through hooks): every customer, or these, 500 at a time."""
    book = Book(conn, "")
    book.auto_backup = False
    if customer_ids is None:
        refresh_all(book)
        return
    for start in range(0, len(customer_ids), 500):
        refresh_customers(book, customer_ids[start : start + 500])


# what the book file (store/) calls up: undo, the trash and migrations
hooks.provide("refresh_customers", refresh_customers)
hooks.provide("refresh_product", refresh_product)
hooks.provide("rebuild_derived", _rebuild_derived)
hooks.provide("fill_value_state", fill_value_state)
hooks.provide("price_trigger_sql", price_trigger_sql)
