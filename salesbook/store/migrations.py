"""Named, ordered schema steps.

Each migration is a function taking a sqlite3 connection; ``book.open_book``
applies the pending ones in order, each in its own transaction, and records
its name in the ``migrations`` table. ``PRAGMA user_version`` holds how many
have been applied, so a book written by a newer Salesbook (more migrations
than this code knows) is refused instead of being touched.

Never edit a migration that has shipped: add a new one at the end.
"""

from __future__ import annotations

import sqlite3

from . import hooks


def run_script(conn: sqlite3.Connection, script: str) -> None:
    """Run several statements inside the caller's transaction.

    (``executescript`` would COMMIT first, breaking the one-transaction rule.)
    """
    statement = ""
    for line in script.splitlines(keepends=True):
        if line.strip().startswith("--"):
            continue
        statement += line
        if sqlite3.complete_statement(statement):
            conn.execute(statement)
            statement = ""
    if statement.strip():
        conn.execute(statement)


def m0001_initial(conn: sqlite3.Connection) -> None:
    run_script(
        conn,
        """
        CREATE TABLE book_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);

        CREATE TABLE customers (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            phone TEXT,
            address TEXT,
            area TEXT,
            household_size INTEGER CHECK (household_size IS NULL OR household_size > 0),
            pay_cycle TEXT NOT NULL DEFAULT 'none',
            level TEXT NOT NULL DEFAULT 'passerby'
                CHECK (level IN ('passerby', 'acquaintance', 'friend', 'confidant')),
            lead_days INTEGER CHECK (lead_days IS NULL OR lead_days >= 0),
            behaviour_type TEXT,
            temperament TEXT,
            referred_by INTEGER REFERENCES customers(id),
            notes TEXT,
            search_key TEXT NOT NULL DEFAULT '',
            sort_key TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT,
            archived_at TEXT
        );
        CREATE INDEX customers_phone ON customers(phone);
        CREATE INDEX customers_name ON customers(name);
        CREATE INDEX customers_sort ON customers(sort_key, id);
        CREATE INDEX customers_area ON customers(area);
        CREATE INDEX customers_level ON customers(level);

        CREATE TABLE products (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
            unit TEXT NOT NULL DEFAULT '',
            unit_price_fen INTEGER NOT NULL DEFAULT 0 CHECK (unit_price_fen >= 0),
            per_person_daily REAL CHECK (per_person_daily IS NULL OR per_person_daily >= 0),
            created_at TEXT NOT NULL,
            archived_at TEXT
        );

        CREATE TABLE consumption_overrides (
            customer_id INTEGER NOT NULL REFERENCES customers(id),
            product_id INTEGER NOT NULL REFERENCES products(id),
            daily_rate REAL NOT NULL CHECK (daily_rate > 0),
            PRIMARY KEY (customer_id, product_id)
        );

        CREATE TABLE deliveries (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            customer_id INTEGER NOT NULL REFERENCES customers(id),
            product_id INTEGER NOT NULL REFERENCES products(id),
            date TEXT NOT NULL,
            quantity REAL NOT NULL CHECK (quantity > 0),
            unit_price_fen INTEGER NOT NULL CHECK (unit_price_fen >= 0),
            amount_fen INTEGER NOT NULL CHECK (amount_fen >= 0),
            source TEXT NOT NULL DEFAULT 'us' CHECK (source IN ('us', 'elsewhere')),
            note TEXT,
            import_id INTEGER,
            created_at TEXT NOT NULL,
            deleted_at TEXT
        );
        CREATE INDEX deliveries_pair ON deliveries(customer_id, product_id, date);
        CREATE INDEX deliveries_date ON deliveries(date);

        CREATE TABLE payments (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            customer_id INTEGER NOT NULL REFERENCES customers(id),
            date TEXT NOT NULL,
            amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
            note TEXT,
            import_id INTEGER,
            created_at TEXT NOT NULL,
            deleted_at TEXT
        );
        CREATE INDEX payments_customer ON payments(customer_id, date);

        CREATE TABLE contacts (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            customer_id INTEGER NOT NULL REFERENCES customers(id),
            date TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('visit', 'call', 'message')),
            note TEXT,
            created_at TEXT NOT NULL,
            deleted_at TEXT
        );
        CREATE INDEX contacts_customer ON contacts(customer_id, date);

        CREATE TABLE level_history (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            customer_id INTEGER NOT NULL REFERENCES customers(id),
            date TEXT NOT NULL,
            from_level TEXT,
            to_level TEXT NOT NULL,
            reason TEXT,
            created_at TEXT NOT NULL
        );
        CREATE INDEX level_history_customer ON level_history(customer_id, date);

        -- Derived state, kept by supply.py in the same transaction as each write.
        CREATE TABLE supply (
            customer_id INTEGER NOT NULL REFERENCES customers(id),
            product_id INTEGER NOT NULL REFERENCES products(id),
            prior_rate REAL,
            observed_rate REAL,
            rate REAL,
            rate_source TEXT NOT NULL,
            n_deliveries INTEGER NOT NULL,
            first_date TEXT NOT NULL,
            last_date TEXT NOT NULL,
            stock_at_last REAL NOT NULL,
            runout_date TEXT,
            remind_date TEXT,
            bought_us REAL NOT NULL,
            bought_elsewhere REAL NOT NULL,
            share_of_wallet REAL,
            PRIMARY KEY (customer_id, product_id)
        ) WITHOUT ROWID;
        CREATE INDEX supply_remind ON supply(remind_date);

        CREATE TABLE customer_state (
            customer_id INTEGER PRIMARY KEY REFERENCES customers(id),
            balance_fen INTEGER NOT NULL DEFAULT 0,
            oldest_unpaid_date TEXT,
            collect_date TEXT,
            last_contact_date TEXT,
            follow_up_date TEXT,
            spend_fen INTEGER NOT NULL DEFAULT 0,
            n_deliveries INTEGER NOT NULL DEFAULT 0,
            first_delivery_date TEXT,
            last_delivery_date TEXT
        );
        CREATE INDEX customer_state_collect ON customer_state(collect_date);
        CREATE INDEX customer_state_follow_up ON customer_state(follow_up_date);

        -- The Today list, one row per thing to do, kept by supply.refresh_agenda
        -- with everything the list shows, so it is one indexed range scan.
        CREATE TABLE agenda (
            customer_id INTEGER NOT NULL,
            kind TEXT NOT NULL,
            product_id INTEGER NOT NULL,
            due_date TEXT NOT NULL,
            runout_date TEXT,
            amount_fen INTEGER,
            amount TEXT,
            customer_uid TEXT NOT NULL,
            customer TEXT NOT NULL,
            phone TEXT,
            area TEXT,
            level TEXT NOT NULL,
            last_contact TEXT,
            product TEXT,
            snoozed_until TEXT,
            PRIMARY KEY (customer_id, kind, product_id)
        ) WITHOUT ROWID;
        -- covering: the Today list is read from the index alone, in date order
        CREATE INDEX agenda_due ON agenda(due_date, snoozed_until, kind, customer_uid, customer,
            phone, area, product, runout_date, amount, level, last_contact, amount_fen);

        CREATE TABLE snoozes (
            customer_id INTEGER NOT NULL REFERENCES customers(id),
            kind TEXT NOT NULL CHECK (kind IN ('resupply', 'collect', 'follow_up')),
            product_id INTEGER NOT NULL DEFAULT 0,
            until TEXT NOT NULL,
            PRIMARY KEY (customer_id, kind, product_id)
        ) WITHOUT ROWID;

        CREATE TABLE dismissed_suggestions (
            customer_id INTEGER NOT NULL REFERENCES customers(id),
            to_level TEXT NOT NULL,
            date TEXT NOT NULL,
            PRIMARY KEY (customer_id, to_level)
        ) WITHOUT ROWID;

        CREATE TABLE complaints (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            customer_id INTEGER NOT NULL REFERENCES customers(id),
            date TEXT NOT NULL,
            product_id INTEGER REFERENCES products(id),
            what TEXT NOT NULL,
            resolution TEXT,
            resolved_date TEXT,
            created_at TEXT NOT NULL
        );
        CREATE INDEX complaints_customer ON complaints(customer_id, date);

        CREATE TABLE imports (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            at TEXT NOT NULL,
            kind TEXT NOT NULL,
            file TEXT NOT NULL,
            rows INTEGER NOT NULL,
            mode TEXT NOT NULL,
            reverted_at TEXT
        );
        -- What an import changed, so it can be reverted as one step.
        CREATE TABLE import_changes (
            import_id INTEGER NOT NULL REFERENCES imports(id),
            table_name TEXT NOT NULL,
            row_id INTEGER NOT NULL,
            action TEXT NOT NULL CHECK (action IN ('insert', 'update')),
            before_json TEXT
        );
        CREATE INDEX import_changes_import ON import_changes(import_id);
        """,
    )


def m0002_undo(conn: sqlite3.Connection) -> None:
    """Undo log and trash support (undo.py). The triggers that fill undo_log are
    not created here: the migration runner re-creates them from the live schema
    after every migration (undo.install_triggers), so they always cover every column."""
    run_script(
        conn,
        """
        CREATE TABLE undo_actions (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT 'do' CHECK (kind IN ('do', 'undo', 'redo')),
            reverses INTEGER,
            undone_by INTEGER,
            label TEXT,
            n_changes INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE undo_log (
            id INTEGER PRIMARY KEY,
            action_id INTEGER,
            tbl TEXT NOT NULL,
            op TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
            row_id INTEGER NOT NULL,
            old TEXT
        );
        CREATE INDEX undo_log_action ON undo_log(action_id);
        CREATE TABLE undo_switch (id INTEGER PRIMARY KEY CHECK (id = 1), recording INTEGER NOT NULL);
        INSERT INTO undo_switch (id, recording) VALUES (1, 1);
        CREATE INDEX deliveries_deleted ON deliveries(deleted_at) WHERE deleted_at IS NOT NULL;
        CREATE INDEX payments_deleted ON payments(deleted_at) WHERE deleted_at IS NOT NULL;
        CREATE INDEX contacts_deleted ON contacts(deleted_at) WHERE deleted_at IS NOT NULL;
        CREATE INDEX customers_archived ON customers(archived_at) WHERE archived_at IS NOT NULL;
        """,
    )


def m0003_value(conn: sqlite3.Connection) -> None:
    """Customer value (value.py, segments.py, risk.py, complaints.py).

    * ``value_snapshots``: each customer's tier and value (discounted LTV, fen)
      once per month (period 'YYYY-MM'), written the first time value is
      computed in that month, so movement between tiers can be shown;
    * ``value_rhythm``: per customer x product, the purchase days from us and
      the sum and sum of squares of the gaps between them (regularity), a cache
      refreshed lazily from ``supply``'s (n_deliveries, first, last) signature;
    * indexes for referrals and open complaints.
    """
    run_script(
        conn,
        """
        CREATE TABLE value_snapshots (
            period TEXT NOT NULL,
            customer_id INTEGER NOT NULL REFERENCES customers(id),
            tier TEXT NOT NULL CHECK (tier IN ('platinum', 'gold', 'iron', 'lead')),
            value_fen INTEGER NOT NULL,
            PRIMARY KEY (period, customer_id)
        ) WITHOUT ROWID;
        CREATE TABLE value_rhythm (
            customer_id INTEGER NOT NULL REFERENCES customers(id),
            product_id INTEGER NOT NULL REFERENCES products(id),
            sig TEXT NOT NULL,
            n_days INTEGER NOT NULL,
            sum_gap REAL NOT NULL,
            sum_gap2 REAL NOT NULL,
            last_gap REAL,
            PRIMARY KEY (customer_id, product_id)
        ) WITHOUT ROWID;
        CREATE INDEX customers_referred_by ON customers(referred_by);
        CREATE INDEX complaints_open ON complaints(resolved_date, customer_id);
        """,
    )


def m0004_value_state(conn: sqlite3.Connection) -> None:
    """Per-customer value state kept by supply.py with every write (issue 7 speed).

    * ``supply`` gains the purchase rhythm of each pair (purchase days from us,
      sum and sum of squares of the gaps between them, the latest gap), computed
      with the rest of the pair's forecast;
    * ``customer_value``: one row per customer with what the value views need
      (spend, purchase days, first/last purchase as day numbers, latest and
      earliest run-out, products bought, need and share of wallet in fen at
      list prices (a trigger on products' prices keeps them current), the
      rhythm summed over products), so a value view reads 100k narrow rows instead of
      aggregating ``supply``; ``value_rhythm`` (the lazy cache it replaces) goes;
    * indexes: run-outs of products bought from us (products past run-out as
      of a day), customers' behaviour tags.

    A customer removed (an import reverted, an undo) takes its row along
    (ON DELETE CASCADE): no code that deletes customers needs to know the table.
    """
    fill_value_state = hooks.need("fill_value_state")  # registered by records/supply.py
    price_trigger_sql = hooks.need("price_trigger_sql")

    run_script(
        conn,
        """
        ALTER TABLE supply ADD COLUMN n_days_us INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE supply ADD COLUMN sum_gap REAL NOT NULL DEFAULT 0;
        ALTER TABLE supply ADD COLUMN sum_gap2 REAL NOT NULL DEFAULT 0;
        ALTER TABLE supply ADD COLUMN last_gap REAL;
        UPDATE supply SET n_days_us = r.n_days, sum_gap = r.sum_gap, sum_gap2 = r.sum_gap2,
            last_gap = r.last_gap
        FROM (
            SELECT customer_id, product_id, COUNT(*) AS n_days, COALESCE(SUM(gap), 0) AS sum_gap,
                   COALESCE(SUM(gap * gap), 0) AS sum_gap2, MAX(date), gap AS last_gap
            FROM (
                SELECT customer_id, product_id, date,
                       julianday(date) - julianday(LAG(date) OVER (
                           PARTITION BY customer_id, product_id ORDER BY date)) AS gap
                FROM (SELECT DISTINCT customer_id, product_id, date FROM deliveries
                      WHERE deleted_at IS NULL AND source = 'us')
            )
            GROUP BY customer_id, product_id
        ) AS r
        WHERE supply.customer_id = r.customer_id AND supply.product_id = r.product_id;
        DROP TABLE value_rhythm;
        CREATE TABLE customer_value (
            customer_id INTEGER PRIMARY KEY REFERENCES customers(id) ON DELETE CASCADE,
            archived INTEGER NOT NULL,
            name TEXT NOT NULL,
            household_size INTEGER,
            created TEXT NOT NULL,
            spend_fen INTEGER NOT NULL,
            n_days INTEGER NOT NULL,
            first_date TEXT,
            last_date TEXT,
            first_day INTEGER,
            last_day INTEGER,
            max_runout_day INTEGER,
            min_runout_us_day INTEGER,
            n_products INTEGER NOT NULL,
            n_slowing INTEGER NOT NULL,
            need_fen_day REAL,
            got_fen_day REAL,
            list_fen REAL,
            products TEXT,
            bought_units REAL,
            pack_key TEXT,
            r_gaps INTEGER,
            r_wcv2 REAL,
            r_kcv INTEGER,
            r_sum_gap REAL,
            r_lg REAL,
            r_mg REAL
        );
        CREATE INDEX supply_runout_us ON supply(runout_date, customer_id) WHERE bought_us > 0;
        CREATE INDEX customers_behaviour ON customers(behaviour_type)
            WHERE behaviour_type IS NOT NULL;
        """,
    )
    conn.execute(price_trigger_sql())
    fill_value_state(conn)


MIGRATIONS = [m0001_initial, m0002_undo, m0003_value, m0004_value_state]


def m0005_surname_pinyin(conn: sqlite3.Connection) -> None:
    """Surnames read as surnames: 曾伟 sorts and searches as zengwei (zw), not
    cengwei; also 单 shan, 解 xie, 仇 qiu, 朴 piao, 区 ou, 查 zha, 盖 ge, 覃 qin,
    乐 yue/le, 尉迟 yuchi... (customers.SURNAME_PINYIN). Rebuilds search_key and
    sort_key of the customers whose name starts with one of them."""
    # registered by records/customers.py: the surnames' first characters, the rebuild
    firsts = hooks.need("surname_first_chars")()
    hooks.need("rebuild_name_keys")(conn, "".join(sorted(firsts)))


MIGRATIONS.append(m0005_surname_pinyin)


def m0006_paid_on_delivery(conn: sqlite3.Connection) -> None:
    """A payment taken on delivery settles that delivery (review finding: applied
    to the oldest debt instead, a customer paying cash for new deliveries hid an
    old unpaid one, and its collection date kept moving later).

    ``payments.delivery_id`` links the two; the payments Salesbook itself wrote
    on delivery ("paid on delivery", an import's "已付 paid") are linked to the
    delivery of the same customer, day and amount."""
    run_script(
        conn,
        """
        ALTER TABLE payments ADD COLUMN delivery_id INTEGER REFERENCES deliveries(id);
        CREATE INDEX payments_delivery ON payments(delivery_id) WHERE delivery_id IS NOT NULL;
        """,
    )
    taken: set[int] = set()
    rows = conn.execute(
        "SELECT id, customer_id, date, amount_fen FROM payments"
        " WHERE note IN ('paid on delivery', '已付 paid') ORDER BY id"
    ).fetchall()
    for pid, cid, day, amount in rows:
        for (did,) in conn.execute(
            "SELECT id FROM deliveries WHERE customer_id = ? AND date = ? AND amount_fen = ?"
            " AND source = 'us' ORDER BY deleted_at IS NOT NULL, id",
            (cid, day, amount),
        ):
            if did not in taken:
                taken.add(did)
                conn.execute("UPDATE payments SET delivery_id = ? WHERE id = ?", (did, pid))
                break
    affected = sorted(
        {
            r[0]
            for r in conn.execute("SELECT customer_id FROM payments WHERE delivery_id IS NOT NULL")
        }
    )
    if affected:  # their oldest unpaid delivery and collection date move
        _agenda_days(conn)
        hooks.need("rebuild_derived")(conn, affected)  # records/supply.py


MIGRATIONS.append(m0006_paid_on_delivery)


def m0007_import_after(conn: sqlite3.Connection) -> None:
    """What an import wrote over a customer or product (``after_json`` beside
    ``before_json``), so reverting it restores only the fields it changed, and
    only where nobody has edited them since (review finding: a revert brought
    back an old phone over one typed in later, and cleared the notes)."""
    conn.execute("ALTER TABLE import_changes ADD COLUMN after_json TEXT")


MIGRATIONS.append(m0007_import_after)


def m0008_rebuild_derived(conn: sqlite3.Connection) -> None:
    """Rebuild every forecast and the state kept beside it (supply, customer_state,
    agenda, customer_value) with today's rules: the forecast fit changed (a change
    of rate seen in one interval only keeps a prior), and a book upgraded without
    this kept the old predictions until each customer was next written to.
    When the rules that fill these tables change again, append another such step."""
    search_key = hooks.need("search_key")  # registered by records/customers.py
    sort_key = hooks.need("sort_key")

    # names holding a space had the phone written inside them in their search key
    rows = conn.execute("SELECT id, name, phone FROM customers WHERE name LIKE '% %'").fetchall()
    conn.executemany(
        "UPDATE customers SET search_key = ?, sort_key = ? WHERE id = ?",
        [(search_key(name, phone), sort_key(name), cid) for cid, name, phone in rows],
    )
    _agenda_days(conn)
    hooks.need("rebuild_derived")(conn, None)  # records/supply.py: every customer


MIGRATIONS.append(m0008_rebuild_derived)


def _agenda_days(conn: sqlite3.Connection) -> None:
    """Add the agenda columns today's code writes if missing: ``act_day`` /
    ``left_day`` (m0009) and ``customer_sort`` (m0010). A migration that
    rebuilds derived state through today's code (supply.refresh_*) calls this
    first: it may run before the migrations that add them do."""
    have = {r[1] for r in conn.execute("PRAGMA table_info(agenda)")}
    for col, kind in (("act_day", "INTEGER"), ("left_day", "INTEGER"), ("customer_sort", "TEXT")):
        if col not in have:
            conn.execute(f"ALTER TABLE agenda ADD COLUMN {col} {kind}")


def m0009_agenda_days(conn: sqlite3.Connection) -> None:
    """The Today list's dates also as day numbers (date.toordinal()), so its
    status and order are integer comparisons SQLite makes itself (due.py), and
    its indexes for the list of keys (narrow) and of whole items (covering)."""
    _agenda_days(conn)
    run_script(
        conn,
        """
        DROP INDEX IF EXISTS agenda_due;
        UPDATE agenda SET act_day = CAST(julianday(due_date) - 1721424.5 AS INTEGER),
            left_day = CAST(julianday(CASE kind WHEN 'resupply' THEN COALESCE(runout_date, due_date)
                ELSE due_date END) - 1721424.5 AS INTEGER);
        CREATE INDEX agenda_keys ON agenda(act_day, snoozed_until, kind, level, left_day, customer);
        CREATE INDEX agenda_items ON agenda(act_day, snoozed_until, kind, level, left_day, customer,
            customer_uid, phone, area, product, runout_date, due_date, amount, last_contact,
            amount_fen);
        """,
    )


MIGRATIONS.append(m0009_agenda_days)


def m0010_agenda_customer_sort(conn: sqlite3.Connection) -> None:
    """The customer's pinyin sort key in the Today list (``customers.sort_key``),
    so names due the same day come in the order a Chinese reader expects (李
    before 张, not code-point order); the list's indexes order by it."""
    _agenda_days(conn)
    run_script(
        conn,
        """
        DROP INDEX IF EXISTS agenda_keys;
        DROP INDEX IF EXISTS agenda_items;
        UPDATE agenda SET
            customer_sort = (SELECT c.sort_key FROM customers c WHERE c.id = agenda.customer_id);
        CREATE INDEX agenda_keys ON agenda(act_day, snoozed_until, kind, level, left_day,
            customer_sort);
        CREATE INDEX agenda_items ON agenda(act_day, snoozed_until, kind, level, left_day,
            customer_sort, customer_uid, customer, phone, area, product, runout_date, due_date,
            amount, last_contact, amount_fen);
        """,
    )


MIGRATIONS.append(m0010_agenda_customer_sort)


def m0011_trust_cells_phones(conn: sqlite3.Connection) -> None:
    """Mainland phones kept with their country code (+8613800000013, typed as
    +86 138-0000-0013 before text.parse_phone dropped it) become the number as
    dialled at home (13800000013), so they match the same number typed without
    it; their search key and the Today list's copy follow."""
    from ..errors import ValidationError
    from ..rules.text import parse_phone

    search_key = hooks.need("search_key")  # registered by records/customers.py

    rows = conn.execute(
        "SELECT id, name, phone FROM customers"
        " WHERE phone LIKE '+86%' OR phone LIKE '0086%' OR phone LIKE '86%'"
    ).fetchall()
    changed = []
    for cid, name, phone in rows:
        try:
            new = parse_phone(phone)
        except ValidationError:
            continue
        if new != phone:
            changed.append((new, search_key(name, new), cid))
    conn.executemany("UPDATE customers SET phone = ?, search_key = ? WHERE id = ?", changed)
    conn.executemany(
        "UPDATE agenda SET phone = ? WHERE customer_id = ?", [(new, cid) for new, _, cid in changed]
    )


MIGRATIONS.append(m0011_trust_cells_phones)


def _customer_reach_columns(conn: sqlite3.Connection) -> None:
    """Add ``customers.address_as`` and ``delivery_note`` (m0012) if missing:
    today's customer code reads them, so a test writing into an older book with
    today's calls adds them first (as ``_agenda_days``)."""
    have = {r[1] for r in conn.execute("PRAGMA table_info(customers)")}
    for col in ("address_as", "delivery_note"):
        if col not in have:
            conn.execute(f"ALTER TABLE customers ADD COLUMN {col} TEXT")


def m0012_reach_messages(conn: sqlite3.Connection) -> None:
    """Reaching the customer (issue 15): the form of address a message uses
    (``customers.address_as``: 王姐, 李师傅), the customer's standing delivery
    habits (``customers.delivery_note``: 放门口, 旧米倒出来放在上面; apart from the
    general notes), and the rep's own message templates per kind, level and
    language (``message_templates``; the defaults live in salesbook/insight/message_templates.py),
    kept in the book so they travel with its backups."""
    _customer_reach_columns(conn)
    run_script(
        conn,
        """
        CREATE TABLE message_templates (
            kind TEXT NOT NULL CHECK (kind IN ('resupply', 'collect', 'follow_up')),
            level TEXT NOT NULL
                CHECK (level IN ('passerby', 'acquaintance', 'friend', 'confidant')),
            lang TEXT NOT NULL CHECK (lang IN ('zh', 'en')),
            text TEXT NOT NULL CHECK (length(trim(text)) > 0),
            updated_at TEXT NOT NULL,
            PRIMARY KEY (kind, level, lang)
        ) WITHOUT ROWID;
        -- Today shows the 称呼 beside the names: only the customers who have one
        CREATE INDEX customers_address_as ON customers(id, address_as, archived_at)
            WHERE address_as IS NOT NULL;
        """,
    )


MIGRATIONS.append(m0012_reach_messages)
