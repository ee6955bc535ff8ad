"""Products: name, unit, unit price (fen), per-person daily use; and per-customer overrides."""

from __future__ import annotations

from dataclasses import dataclass

from . import supply
from .book import Book, new_uid, now_iso
from .errors import NotFound, ValidationError
from .text import normalize, parse_decimal, parse_money_fen


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


def require_product(book: Book, product_id: int) -> Product:
    p = get_product(book, product_id)
    if p is None:
        raise NotFound("product_not_found", query=str(product_id))
    return p
