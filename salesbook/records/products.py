"""Products: name, unit, unit price (fen), per-person daily use; and per-customer overrides."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import NotFound, ValidationError
from ..rules.text import normalize, parse_decimal, parse_money_fen
from ..store.book import Book, new_uid, now_iso
from . import supply


@dataclass(frozen=True)
class Product:
    id: int
    uid: str
    name: str
    unit: str
    unit_price_fen: int
    per_person_daily: float | None
    archived_at: str | None


_COLS = "id, uid, name, unit, unit_price_fen, per_person_daily, archived_at"


def clean_fields(data: dict, *, partial: bool = False) -> dict:
    """Validate product fields as typed; price in yuan (text or number) -> fen."""
    out: dict = {}
    if "name" in data or not partial:
        name = normalize(data.get("name"))
        if not name:
            raise ValidationError("required", field="product")
        out["name"] = name
    if "unit" in data:
        out["unit"] = normalize(data["unit"])
    for key in ("unit_price", "price"):
        if key in data and data[key] is not None and normalize(data[key]) != "":
            out["unit_price_fen"] = parse_money_fen(data[key], field="unit_price")
    if "unit_price_fen" in data:
        out["unit_price_fen"] = int(data["unit_price_fen"])
    if "per_person_daily" in data:
        v = data["per_person_daily"]
        if v is None or normalize(v) == "":
            out["per_person_daily"] = None
        else:
            d = parse_decimal(v, field="per_person_daily")
            if d < 0 or d > 1000:
                raise ValidationError("bad_number", field="per_person_daily", value=str(v))
            out["per_person_daily"] = float(d)
    return out


def add_product(book: Book, **data) -> Product:
    clean = clean_fields(data)
    with book.transaction() as conn:
        if conn.execute("SELECT 1 FROM products WHERE name = ?", (clean["name"],)).fetchone():
            raise ValidationError("duplicate_product", field="product", value=clean["name"])
        conn.execute(
            "INSERT INTO products (uid, name, unit, unit_price_fen, per_person_daily, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                new_uid(),
                clean["name"],
                clean.get("unit", ""),
                clean.get("unit_price_fen", 0),
                clean.get("per_person_daily"),
                now_iso(),
            ),
        )
    return find_product(book, clean["name"])


def update_product(book: Book, product_id: int, **data) -> Product:
    """Edit a product; a new per-person rate re-forecasts every customer who buys it."""
    clean = clean_fields(data, partial=True)
    with book.transaction() as conn:
        if (
            "name" in clean
            and conn.execute(
                "SELECT 1 FROM products WHERE name = ? AND id != ?", (clean["name"], product_id)
            ).fetchone()
        ):
            raise ValidationError("duplicate_product", field="product", value=clean["name"])
        if clean:
            sets = ", ".join(f"{k} = ?" for k in clean)
            conn.execute(f"UPDATE products SET {sets} WHERE id = ?", [*clean.values(), product_id])
        if "per_person_daily" in clean:
            supply.refresh_product(book, product_id)
        elif "name" in clean:
            supply.refresh_agenda(book)
    return get_product(book, product_id)


def get_product(book: Book, product_id: int) -> Product | None:
    row = book.conn.execute(f"SELECT {_COLS} FROM products WHERE id = ?", (product_id,)).fetchone()
    return Product(*row) if row else None


def find_product(book: Book, name: str) -> Product:
    """A product by exact name, uid, or unique prefix. Raises NotFound."""
    q = normalize(name)
    conn = book.conn
    row = conn.execute(f"SELECT {_COLS} FROM products WHERE name = ? OR uid = ?", (q, q)).fetchone()
    if row:
        return Product(*row)
    esc = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    rows = conn.execute(
        f"SELECT {_COLS} FROM products WHERE lower(name) = lower(?) OR name LIKE ? ESCAPE '\\'"
        " LIMIT 2",
        (q, esc + "%"),
    ).fetchall()
    if len(rows) == 1 and q:
        return Product(*rows[0])
    raise NotFound("product_not_found", query=q)


def list_products(book: Book, include_archived: bool = False) -> list[Product]:
    where = "" if include_archived else " WHERE archived_at IS NULL"
    return [
        Product(*r) for r in book.conn.execute(f"SELECT {_COLS} FROM products{where} ORDER BY id")
    ]


def set_override(book: Book, customer_id: int, product_id: int, daily_rate: float | None) -> None:
    """Set (or clear with None) a customer's own daily rate for a product."""
    with book.transaction() as conn:
        if daily_rate is None:
            conn.execute(
                "DELETE FROM consumption_overrides WHERE customer_id = ? AND product_id = ?",
                (customer_id, product_id),
            )
        else:
            if daily_rate <= 0:
                raise ValidationError("not_positive", field="daily_rate", value=str(daily_rate))
            conn.execute(
                "INSERT INTO consumption_overrides (customer_id, product_id, daily_rate) VALUES (?, ?, ?)"
                " ON CONFLICT (customer_id, product_id) DO UPDATE SET daily_rate = excluded.daily_rate",
                (customer_id, product_id, float(daily_rate)),
            )
        supply.refresh_pair(book, customer_id, product_id)


# The customer detail says so when the book believes a household uses a
# product this much below / above the rule of thumb (and no rate was set).
UNUSUAL = (0.6, 1.67)


@dataclass(frozen=True)
class Usage:
    """One product a customer buys: what the book believes they use a day."""

    product_id: int
    product: str
    unit: str
    rule_of_thumb: float | None  # household size x per-person rate (units/day)
    override: float | None  # the rate the rep set for this customer, if any
    rate: float | None  # the rate the forecast uses (units/day)
    unusual: str | None  # 'low' | 'high': far from the rule of thumb, no override


def usage_of(book: Book, customer_id: int) -> list[Usage]:
    """Per product the customer buys (or has a set rate for), in product order."""
    rows = book.conn.execute(
        "SELECT p.id, p.name, p.unit, p.per_person_daily * c.household_size, o.daily_rate, s.rate"
        " FROM products p JOIN customers c ON c.id = ?"
        " LEFT JOIN supply s ON s.customer_id = c.id AND s.product_id = p.id"
        " LEFT JOIN consumption_overrides o ON o.customer_id = c.id AND o.product_id = p.id"
        " WHERE s.customer_id IS NOT NULL OR o.customer_id IS NOT NULL ORDER BY p.id",
        (customer_id,),
    ).fetchall()
    out = []
    for pid, name, unit, rule, override, rate in rows:
        unusual = None
        if override is None and rule and rate:
            if rate < UNUSUAL[0] * rule:
                unusual = "low"
            elif rate > UNUSUAL[1] * rule:
                unusual = "high"
        out.append(Usage(pid, name, unit or "", rule or None, override, rate, unusual))
    return out


def require_product(book: Book, product_id: int) -> Product:
    p = get_product(book, product_id)
    if p is None:
        raise NotFound("product_not_found", query=str(product_id))
    return p
