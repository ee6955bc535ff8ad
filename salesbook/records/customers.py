"""Customers: add, edit, archive, find and search (name, phone, pinyin initials)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, fields
from datetime import date
from functools import lru_cache

from ..errors import Ambiguous, NotFound, ValidationError
from ..rules import paycycle
from ..rules.text import as_typed, as_written, normalize, parse_int, parse_level, parse_phone
from ..store import hooks
from ..store.book import Book, local_day, new_uid, now_iso
from . import supply

EDITABLE = (
    "name",
    "phone",
    "address",
    "area",
    "household_size",
    "pay_cycle",
    "level",
    "lead_days",
    "notes",
    "behaviour_type",
    "temperament",
    "address_as",
    "delivery_note",
)


@dataclass(frozen=True)
class Customer:
    id: int
    uid: str
    name: str
    phone: str | None
    address: str | None
    area: str | None
    household_size: int | None
    pay_cycle: str
    level: str
    lead_days: int | None
    notes: str | None
    behaviour_type: str | None
    temperament: str | None
    referred_by: int | None
    created_at: str
    archived_at: str | None
    address_as: str | None = None  # 称呼: how messages address them (王姐, 李师傅)
    delivery_note: str | None = None  # standing delivery habits (放门口), apart from notes

    @property
    def pay(self) -> paycycle.PayCycle:
        return paycycle.decode(self.pay_cycle)


_COLS = ", ".join(f.name for f in fields(Customer))


def _row(row) -> Customer | None:
    return Customer(*row) if row else None


# Surnames whose reading as a name differs from the everyday one pypinyin gives
# (曾 is céng in 曾经 but Zēng as a surname). The first reading is how the name
# sorts; every reading is searchable (乐: mostly Yuè, some families say Lè;
# a single 尉 is Wèi, the compound 尉迟 is Yùchí).
SURNAME_PINYIN: dict[str, tuple[str, ...]] = {
    "曾": ("zeng",), "单": ("shan",), "解": ("xie",), "仇": ("qiu",), "朴": ("piao",),
    "区": ("ou",), "查": ("zha",), "盖": ("ge",), "覃": ("qin",), "尉": ("wei", "yu"),
    "乐": ("yue", "le"), "翟": ("zhai",), "缪": ("miao",), "卜": ("bu",), "薄": ("bo",),
    "秘": ("bi",), "繁": ("po",), "折": ("she",), "佴": ("nai",), "粘": ("nian",),
    "阚": ("kan",), "乜": ("nie",), "召": ("shao",), "句": ("gou",), "贠": ("yun",),
}  # fmt: skip
COMPOUND_SURNAMES: dict[str, tuple[str, ...]] = {"尉迟": ("yu", "chi"), "万俟": ("mo", "qi")}


def _leading_phrase(name: str) -> int:
    """Length of the dictionary phrase (2+ characters) the name starts with, or 0."""
    from pypinyin.constants import PHRASES_DICT

    for n in range(min(len(name), 6), 1, -1):
        if name[:n] in PHRASES_DICT:
            return n
    return 0


@lru_cache(maxsize=16384)
def name_pinyin(name: str) -> tuple[tuple[str, ...], ...]:
    """The pinyin of a customer's name, one tuple of readings per syllable (the
    first reading is the main one; a run of letters or digits is one item).

    The first character is read as a surname (曾伟 -> zeng wei, 单丽 -> shan li)
    unless the name is a longer one that starts with a word (解放路小卖部 -> jie
    fang..., 区政府食堂 -> qu zheng fu...): a name of two or three characters is a
    person; a shop or an office is named with words."""
    from pypinyin import lazy_pinyin

    text = name.strip()
    if not text:
        return ()
    for surname, readings in COMPOUND_SURNAMES.items():
        if text.startswith(surname):
            rest = lazy_pinyin(text[len(surname) :]) if len(text) > len(surname) else []
            return tuple((r,) for r in readings) + tuple((s.lower(),) for s in rest)
    readings = SURNAME_PINYIN.get(text[0])
    phrase = _leading_phrase(text) if readings else 0
    if readings and not (phrase >= 3 or (phrase and len(text) >= 4)):
        rest = lazy_pinyin(text[1:]) if len(text) > 1 else []
        return (readings,) + tuple((s.lower(),) for s in rest)
    return tuple((s.lower(),) for s in lazy_pinyin(text))


def initials(text: str) -> str:
    """Pinyin initials: 王建国 -> 'wjg', 曾伟 -> 'zw' (the surname read as one)."""
    return "".join(r[0][:1] for r in name_pinyin(text))


def full_pinyin(text: str) -> str:
    """Full pinyin without tones: 王建国 -> 'wangjianguo', 曾伟 -> 'zengwei'."""
    return "".join(r[0] for r in name_pinyin(text))


@lru_cache(maxsize=16384)
def _name_search(name: str) -> tuple[str, ...]:
    """The name parts of a search key: the name, its initials and full pinyin,
    then those of any other reading of the surname (乐平: yp yueping lp leping)."""
    syllables = name_pinyin(name)
    parts = [name.lower(), initials(name), full_pinyin(name)]
    if syllables:
        rest = syllables[1:]
        for other in syllables[0][1:]:
            parts.append(other[:1] + "".join(r[0][:1] for r in rest))
            parts.append(other + "".join(r[0] for r in rest))
    return tuple(x for x in parts if x)


def sort_key(name: str) -> str:
    """How a Chinese reader orders names: by pinyin (王 after 李; 曾 among the z),
    then the name."""
    return full_pinyin(name) + " " + name


def search_key(name: str, phone: str | None, address: str | None = None) -> str:
    """What search-as-you-type matches against: name, phone, initials, pinyin."""
    name_part, *rest = _name_search(name) or ("",)
    # the phone right after the whole name (which may hold spaces: 老王 水站)
    return " ".join(x for x in (name_part, phone, *rest) if x)


def rebuild_name_keys(conn: sqlite3.Connection, first_chars: str | None = None) -> int:
    """Recompute search_key and sort_key of every customer (or of those whose
    name starts with one of ``first_chars``) inside the caller's transaction,
    e.g. after the pinyin rules changed. Returns how many rows were rewritten."""
    sql = "SELECT id, name, phone FROM customers"
    params: list = []
    if first_chars is not None:
        sql += f" WHERE substr(name, 1, 1) IN ({', '.join('?' * len(first_chars))})"
        params = list(first_chars)
    rows = conn.execute(sql, params).fetchall()
    conn.executemany(
        "UPDATE customers SET search_key = ?, sort_key = ? WHERE id = ?",
        [(search_key(name, phone), sort_key(name), cid) for cid, name, phone in rows],
    )
    return len(rows)


def clean_fields(data: dict, *, partial: bool = False) -> dict:
    """Validate and normalise customer fields as typed by a person.

    Raises ValidationError naming the field. With ``partial`` only the given
    fields are checked (an edit)."""
    out: dict = {}
    for key, value in data.items():
        if key not in EDITABLE:
            continue
        if key == "name":
            name = normalize(value)
            if not name:
                raise ValidationError("required", field="name")
            if len(name) > 100:
                raise ValidationError("too_large", field="name", value=name[:20] + "…")
            out["name"] = name
        elif key == "phone":
            out["phone"] = parse_phone(value)
        elif key == "household_size":
            if value is None or normalize(value) == "":
                out[key] = None
            else:
                n = parse_int(value, field="household_size")
                if n <= 0:
                    raise ValidationError(
                        "not_positive", field="household_size", value=as_typed(value)
                    )
                if n > 500:
                    raise ValidationError(
                        "too_large", field="household_size", value=as_typed(value)
                    )
                out[key] = n
        elif key == "pay_cycle":
            if isinstance(value, paycycle.PayCycle):
                out[key] = value.encode()
            else:
                out[key] = paycycle.parse_pay_cycle(value).encode()
        elif key == "level":
            out[key] = parse_level(value)
        elif key == "lead_days":
            if value is None or normalize(value) == "":
                out[key] = None
            else:
                n = parse_int(value, field="lead_days")
                if not 0 <= n <= 60:
                    raise ValidationError("bad_number", field="lead_days", value=as_typed(value))
                out[key] = n
        elif key in ("address_as", "delivery_note"):
            # as typed (no NFKC: a message or a note keeps its full-width ，。)
            text = "" if value is None else str(value).replace("\u3000", " ").strip()
            limit = 20 if key == "address_as" else 500
            if len(text) > limit:
                raise ValidationError("too_large", field=key, value=text[:20] + "…")
            out[key] = text or None
        elif key == "notes":  # as typed: full-width ，。！ are the rep's own writing
            out[key] = as_written(value)
        else:
            text = normalize(value)
            out[key] = text or None
    if not partial and "name" not in out:
        raise ValidationError("required", field="name")
    return out


def _check_phone_free(book: Book, phone: str | None, except_id: int | None) -> None:
    if not phone:
        return
    row = book.conn.execute(
        "SELECT id, name FROM customers WHERE phone = ? AND archived_at IS NULL AND id IS NOT ?",
        (phone, except_id),
    ).fetchone()
    if row:
        raise ValidationError("duplicate_phone", field="phone", value=phone, other=row[1])


def phone_taken(book: Book, phone: str | None, except_id: int | None) -> bool:
    """Does another (active) customer have this phone number?"""
    try:
        _check_phone_free(book, phone, except_id)
    except ValidationError:
        return True
    return False


def add_customer(book: Book, *, on: str | None = None, **data) -> Customer:
    """Add a customer (one transaction). Returns it. Raises ValidationError."""
    clean = clean_fields(data)
    with book.transaction() as conn:
        _check_phone_free(book, clean.get("phone"), None)
        cid = insert_customer(conn, clean, created_at=on)
        supply.refresh_customer_state(book, cid)
    return get_customer(book, cid)


def insert_customer(conn: sqlite3.Connection, clean: dict, created_at: str | None = None) -> int:
    """Insert already-cleaned fields inside the caller's transaction; returns the row id."""
    level = clean.get("level", "passerby")
    row = dict(clean)
    row.setdefault("pay_cycle", "none")
    row["level"] = level
    row["uid"] = row.get("uid") or new_uid()
    row["created_at"] = created_at or now_iso()
    row["search_key"] = search_key(row["name"], row.get("phone"))
    row["sort_key"] = sort_key(row["name"])
    cols = ", ".join(row)
    cur = conn.execute(
        f"INSERT INTO customers ({cols}) VALUES ({', '.join('?' * len(row))})", list(row.values())
    )
    cid = cur.lastrowid
    conn.execute(
        "INSERT INTO level_history (uid, customer_id, date, from_level, to_level, reason, created_at)"
        " VALUES (?, ?, ?, NULL, ?, ?, ?)",
        (new_uid(), cid, local_day(row["created_at"]), level, "new", now_iso()),
    )
    return cid


def update_customer(book: Book, customer_id: int, *, reason: str | None = None, **data) -> Customer:
    """Edit fields of a customer (one transaction). A level change is recorded
    in the history with ``reason``. The forecast follows household/lead-day changes."""
    clean = clean_fields(data, partial=True)
    before = get_customer(book, customer_id)
    if before is None:
        raise NotFound("customer_not_found", query=str(customer_id))
    with book.transaction() as conn:
        write_customer_update(book, before, clean, reason=reason)
        del conn
    return get_customer(book, customer_id)


def write_customer_update(
    book: Book, before: Customer, clean: dict, reason: str | None = None
) -> None:
    """Apply cleaned fields inside the caller's transaction, keeping derived state."""
    conn = book.conn
    if "phone" in clean:
        _check_phone_free(book, clean["phone"], before.id)
    changed = {k: v for k, v in clean.items() if getattr(before, k) != v}
    if not changed:
        return
    new_level = changed.pop("level", None)
    if changed:
        name = changed.get("name", before.name)
        phone = changed.get("phone", before.phone) if "phone" in changed else before.phone
        changed["search_key"] = search_key(name, phone)
        changed["sort_key"] = sort_key(name)
        changed["updated_at"] = now_iso()
        sets = ", ".join(f"{k} = ?" for k in changed)
        conn.execute(f"UPDATE customers SET {sets} WHERE id = ?", [*changed.values(), before.id])
    if new_level:
        from .relationship import write_level_change

        write_level_change(book, before.id, before.level, new_level, reason)
    if {"household_size", "lead_days"} & changed.keys():
        supply.refresh_customer_products(book, before.id)
    if {"pay_cycle"} & changed.keys() or new_level:
        supply.refresh_customer_state(book, before.id)
    if {"name", "phone", "area"} & changed.keys():
        supply.refresh_agenda(book, [before.id])


def archive_customer(book: Book, customer_id: int, *, restore: bool = False) -> Customer:
    """Archive (hide from lists and due items) or restore a customer. History is kept."""
    with book.transaction() as conn:
        if restore and (c := get_customer(book, customer_id)) is not None:
            _check_phone_free(book, c.phone, c.id)  # someone else may have the number by now
        conn.execute(
            "UPDATE customers SET archived_at = ?, updated_at = ? WHERE id = ?",
            (None if restore else now_iso(), now_iso(), customer_id),
        )
        supply.refresh_agenda(book, [customer_id])
    return get_customer(book, customer_id)


def get_customer(book: Book, customer_id: int) -> Customer | None:
    return _row(
        book.conn.execute(f"SELECT {_COLS} FROM customers WHERE id = ?", (customer_id,)).fetchone()
    )


def distinct_prefixes(uids: list[str], least: int = 8) -> dict[str, str]:
    """The shortest start of each uid (``least`` characters or more) that no
    other uid of the list shares: what a rep types to pick one of them."""
    out = {}
    for u in uids:
        n = least
        while n < len(u) and any(o != u and o.startswith(u[:n]) for o in uids):
            n += 1
        out[u] = u[:n]
    return out


def find_customer(book: Book, query: str, *, include_archived: bool = False) -> Customer:
    """A customer by uid (or its first 8+ characters), phone, unique name, or
    '#row'. A short number is never taken for a customer (a partial phone must
    not pay someone else). Raises NotFound or Ambiguous."""
    q = normalize(query)
    arch = "" if include_archived else " AND archived_at IS NULL"
    conn = book.conn
    row = conn.execute(f"SELECT {_COLS} FROM customers WHERE uid = ?", (q.lower(),)).fetchone()
    if row:
        return Customer(*row)
    try:
        phone = parse_phone(q)
    except ValidationError:
        phone = None
    if phone:
        rows = conn.execute(
            f"SELECT {_COLS} FROM customers WHERE phone = ?{arch}", (phone,)
        ).fetchall()
        if len(rows) == 1:
            return Customer(*rows[0])
    rows = conn.execute(f"SELECT {_COLS} FROM customers WHERE name = ?{arch}", (q,)).fetchall()
    if len(rows) == 1:
        return Customer(*rows[0])
    if len(rows) > 1:
        candidates = [Customer(*r) for r in rows]
        short = distinct_prefixes([c.uid for c in candidates])
        names = "; ".join(
            f"{c.name} {c.phone or ''} {c.area or ''} [{short[c.uid]}]" for c in candidates
        )
        raise Ambiguous("customer_ambiguous", candidates, query=q, names=names)
    if q.startswith("#") and q[1:].isdigit():  # '#150': the book's row number, said so
        row = conn.execute(f"SELECT {_COLS} FROM customers WHERE id = ?", (int(q[1:]),)).fetchone()
        if row:
            return Customer(*row)
    # A uid prefix, as the candidates of an ambiguous name show it ([3ade23b8]); at
    # least 8 characters, so a partial phone number is never taken for one.
    if 8 <= len(q) <= 32 and all(ch in "0123456789abcdef" for ch in q.lower()):
        rows = conn.execute(
            f"SELECT {_COLS} FROM customers WHERE uid LIKE ? LIMIT 2", (q.lower() + "%",)
        ).fetchall()
        if len(rows) == 1:
            return Customer(*rows[0])
    raise NotFound("customer_not_found", query=q)


@dataclass(frozen=True)
class CustomerRow:
    """One line of the customer list."""

    id: int
    uid: str
    name: str
    phone: str | None
    area: str | None
    level: str
    household_size: int | None
    balance_fen: int
    last_contact_date: str | None
    next_runout: str | None
    archived: bool


def runout_status(runout: str | None, on: str | date, at_risk_days: int) -> str | None:
    """How late a run-out date is on day ``on``, by the rule of Today and of the
    status filter: "overdue" (run out, less than ``at_risk_days`` ago), "at_risk"
    (run out ``at_risk_days`` or more ago: probably buying elsewhere), None (not
    run out yet, or no prediction)."""
    if not runout:
        return None
    day = on if isinstance(on, date) else date.fromisoformat(on)
    late = (day - date.fromisoformat(runout)).days
    if late < 0:
        return None
    return "at_risk" if late >= at_risk_days else "overdue"


SORTABLE = {
    "name": "c.sort_key",
    "phone": "c.phone",
    "area": "c.area",
    "level": "CASE c.level WHEN 'confidant' THEN 3 WHEN 'friend' THEN 2 WHEN 'acquaintance' THEN 1 ELSE 0 END",
    "household_size": "c.household_size",
    "balance": "cs.balance_fen",
    "last_contact": "cs.last_contact_date",
    "next_runout": "next_runout",
    "id": "c.id",
}


def _where(
    text: str | None,
    area: str | None,
    level: str | None,
    status: str | None,
    include_archived: bool,
    on: str | None,
    at_risk_days: int = 14,
) -> tuple[str, list]:
    """The WHERE clause of the customer list. The run-out statuses follow the
    Today list (due.py): due = reminded, not yet run out; overdue = run out
    less than ``at_risk_days`` ago; at_risk = run out ``at_risk_days`` or more ago."""
    clauses, params = [], []
    if not include_archived:
        clauses.append("c.archived_at IS NULL")
    if text:
        q = normalize(text).lower()
        if q and q[-1].isdigit():  # a phone as typed (+86 138-0000-0013) as the book keeps it
            try:
                q = parse_phone(q) or q
            except ValidationError:
                pass
        if q:
            clauses.append("c.search_key LIKE ? ESCAPE '\\'")
            esc = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            params.append(f"%{esc}%")
    if area:
        clauses.append("c.area = ?")
        params.append(area)
    if level:
        clauses.append("c.level = ?")
        params.append(level)
    if status == "owing":
        clauses.append("cs.balance_fen > 0")
    elif status in ("due", "overdue", "at_risk") and on:
        from datetime import timedelta

        day = date.fromisoformat(on)
        risk = day - timedelta(days=at_risk_days)
        if status == "due":
            clauses.append(
                "EXISTS (SELECT 1 FROM supply s WHERE s.customer_id = c.id AND s.remind_date <= ? AND s.runout_date > ?)"
            )
            params += [on, on]
        elif status == "overdue":
            clauses.append(
                "EXISTS (SELECT 1 FROM supply s WHERE s.customer_id = c.id AND s.runout_date <= ? AND s.runout_date > ?)"
            )
            params += [on, risk.isoformat()]
        else:
            clauses.append(
                "EXISTS (SELECT 1 FROM supply s WHERE s.customer_id = c.id AND s.runout_date <= ?)"
            )
            params.append(risk.isoformat())
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def search_customers(
    book: Book,
    text: str | None = None,
    *,
    area: str | None = None,
    level: str | None = None,
    status: str | None = None,
    order_by: str = "name",
    descending: bool = False,
    limit: int = 200,
    offset: int = 0,
    include_archived: bool = False,
    on: str | None = None,
) -> list[CustomerRow]:
    """A page of the customer list, filtered and sorted in SQL.

    ``text`` matches name, phone, pinyin initials (``wjg`` finds 王建国) or
    full pinyin. ``status``: owing | due | overdue | at_risk (needs ``on``)."""
    where, params = _where(
        text, area, level, status, include_archived, on, int(book.setting("at_risk_days"))
    )
    order = SORTABLE.get(order_by, "c.name")
    direction = "DESC" if descending else "ASC"
    next_runout = "(SELECT MIN(s.runout_date) FROM supply s WHERE s.customer_id = c.id)"
    if where and params:
        # With a filter, one pass over the table and a sort of the matches beats
        # walking the sort index (which reads every row in name order): "+" keeps
        # SQLite off the index. Without one, the index walk stops after a page.
        order = "+" + order if order.startswith("c.") else order
    # Page first (ids only, walking an index where it can), then fill in the
    # page's columns: the run-out subquery runs for one page, not every match.
    ids = [
        r[0]
        for r in book.conn.execute(
            f"SELECT c.id FROM customers c LEFT JOIN customer_state cs ON cs.customer_id = c.id{where}"
            f" ORDER BY {order.replace('next_runout', next_runout)} {direction}, c.id {direction}"
            " LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
    ]
    if not ids:
        return []
    rows = book.conn.execute(
        "SELECT c.id, c.uid, c.name, c.phone, c.area, c.level, c.household_size,"
        f" COALESCE(cs.balance_fen, 0), cs.last_contact_date, {next_runout},"
        " c.archived_at IS NOT NULL"
        " FROM customers c LEFT JOIN customer_state cs ON cs.customer_id = c.id"
        f" WHERE c.id IN ({', '.join('?' * len(ids))})",
        ids,
    ).fetchall()
    by_id = {r[0]: CustomerRow(*r[:-1], bool(r[-1])) for r in rows}
    return [by_id[i] for i in ids]


def count_customers(
    book: Book,
    text: str | None = None,
    *,
    area: str | None = None,
    level: str | None = None,
    status: str | None = None,
    include_archived: bool = False,
    on: str | None = None,
) -> int:
    where, params = _where(
        text, area, level, status, include_archived, on, int(book.setting("at_risk_days"))
    )
    sql = f"SELECT COUNT(*) FROM customers c LEFT JOIN customer_state cs ON cs.customer_id = c.id{where}"
    return book.conn.execute(sql, params).fetchone()[0]


def areas(book: Book) -> list[str]:
    """The areas in use, for filters."""
    return [
        r[0]
        for r in book.conn.execute(
            "SELECT DISTINCT area FROM customers WHERE area IS NOT NULL AND archived_at IS NULL ORDER BY area"
        )
    ]


def _surname_first_chars() -> set[str]:
    """The first characters of the surnames read apart (migration m0005)."""
    return set(SURNAME_PINYIN) | {s[0] for s in COMPOUND_SURNAMES}


# what the book file (store/) calls up: the trash and migrations
hooks.provide("archive_customer", archive_customer)
hooks.provide("search_key", search_key)
hooks.provide("sort_key", sort_key)
hooks.provide("rebuild_name_keys", rebuild_name_keys)
hooks.provide("surname_first_chars", _surname_first_chars)
