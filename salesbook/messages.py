"""Messages ready to send (WeChat, SMS): a short, natural text per due item.

Reps reach customers by message far more often than at the door. For a
customer's due item the book writes the message the rep would type:

* resupply: the product and when it will run out (王姐，家里的大米估计12月9日前后就用完了…);
* collect: what is owed and the next payday, never pushy with a 知己;
* follow_up: a friendly check-in.

The tone follows the relationship level (polite and short for 过客, warmer for
朋友 and 知己). Each kind x level x language has a default template here
(``DEFAULTS``); the rep's own ones are kept in the book (``message_templates``,
so they travel with its backups) and checked when saved (``check_template``).

Placeholders: {称呼} the form of address (``customers.address_as``, else the
name), {品名} the product(s), {用完日期} the run-out date (a past one reads as
这几天 / now: it is out by now), {欠款} what is owed (¥12.50), {发薪日} the next payday
on or after the day. English aliases: {address_as} {product} {runout} {owed}
{payday}. Dates the local way: 12月9日 / Dec 9 (今天/明天, today/tomorrow).
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from datetime import date, timedelta

from . import paycycle
from .book import Book, now_iso
from .customers import Customer, get_customer
from .due import KINDS, DueItem, fetch_items, item_key, urgency_key
from .errors import NotFound, ValidationError
from .text import LEVELS, fen_to_yuan, level_name

LANGS = ("zh", "en")
# placeholder as typed -> the value's key
PLACEHOLDERS: dict[str, str] = {
    "称呼": "address_as", "address_as": "address_as",
    "品名": "product", "product": "product",
    "用完日期": "runout", "runout": "runout",
    "欠款": "owed", "owed": "owed",
    "发薪日": "payday", "payday": "payday",
}  # fmt: skip
ZH_NAME = {"address_as": "称呼", "product": "品名", "runout": "用完日期", "owed": "欠款",
           "payday": "发薪日"}  # fmt: skip
# what each kind of message can say
KIND_VALUES: dict[str, tuple[str, ...]] = {
    "resupply": ("address_as", "product", "runout"),
    "collect": ("address_as", "owed", "payday"),
    "follow_up": ("address_as",),
}
KIND_NAMES = {"resupply": ("补货", "resupply"), "collect": ("收款", "collect"),
              "follow_up": ("回访", "follow-up")}  # fmt: skip
MAX_TEMPLATE = 500

# (kind, level, lang) -> text. Polite and short for a passer-by, warmer up the
# levels; money is never pressed on a friend, even less on a confidant.
DEFAULTS: dict[tuple[str, str, str], str] = {
    ("resupply", "passerby", "zh"): "{称呼}您好，您家的{品名}预计{用完日期}就用完了，需要的话回复我，我给您送过去。",
    ("resupply", "acquaintance", "zh"): "{称呼}您好！家里的{品名}估计{用完日期}就用完了，要不要我给您送一份过去？",
    ("resupply", "friend", "zh"): "{称呼}，家里{品名}快用完了吧？算着{用完日期}就见底了，我顺路给你送过去，好不？",
    ("resupply", "confidant", "zh"): "{称呼}，算着你家{品名}{用完日期}该用完了，我照老样子给你送过去哈，还要带点别的跟我说一声～",
    ("resupply", "passerby", "en"): "Hello {address_as}, your {product} should run out by {runout}. Reply if you'd like me to deliver more.",
    ("resupply", "acquaintance", "en"): "Hi {address_as}! Your {product} will probably run out by {runout}. Shall I bring some over?",
    ("resupply", "friend", "en"): "Hi {address_as}, running low on {product}? By my count it runs out by {runout}. I'm passing by and can drop some off, OK?",
    ("resupply", "confidant", "en"): "{address_as}, your {product} should be running out by {runout}. I'll bring the usual; tell me if you need anything else!",
    ("collect", "passerby", "zh"): "{称呼}您好，您有一笔货款{欠款}还未结清，{发薪日}以后方便时请结一下，谢谢！",
    ("collect", "acquaintance", "zh"): "{称呼}您好，之前的货款一共{欠款}，我{发薪日}以后过来收，您看方便吗？",
    ("collect", "friend", "zh"): "{称呼}，之前的货款是{欠款}，不着急，{发薪日}以后我路过时顺便拿一下就行。",
    ("collect", "confidant", "zh"): "{称呼}，最近还好吧？之前的{欠款}你什么时候方便都行，不急。{发薪日}以后我正好过去看看你。",
    ("collect", "passerby", "en"): "Hello {address_as}, {owed} is still open on your account. Could you settle it when convenient after {payday}? Thank you!",
    ("collect", "acquaintance", "en"): "Hi {address_as}, the deliveries so far come to {owed}. I could come by to collect after {payday}, would that suit you?",
    ("collect", "friend", "en"): "Hi {address_as}, the deliveries come to {owed}, no rush: I can pick it up when I'm passing after {payday}.",
    ("collect", "confidant", "en"): "{address_as}, how are you doing? The {owed} can wait until whenever suits you. I'll drop by to see you after {payday} anyway.",
    ("follow_up", "passerby", "zh"): "{称呼}您好，最近东西用着还满意吗？有需要随时联系我。",
    ("follow_up", "acquaintance", "zh"): "{称呼}您好，有阵子没联系了，最近家里都好吧？需要什么随时跟我说。",
    ("follow_up", "friend", "zh"): "{称呼}，好久没见了，最近怎么样？过两天路过去看看你。",
    ("follow_up", "confidant", "zh"): "{称呼}，这阵子忙吗？挺想你们的，哪天有空一起坐坐、喝杯茶。",
    ("follow_up", "passerby", "en"): "Hello {address_as}, is everything you bought working out? Let me know any time you need something.",
    ("follow_up", "acquaintance", "en"): "Hi {address_as}, it's been a while. I hope all is well at home; tell me any time you need something.",
    ("follow_up", "friend", "en"): "Hi {address_as}, long time no see! How are things? I'll drop by in the next few days.",
    ("follow_up", "confidant", "en"): "{address_as}, busy lately? I've missed you all. Let's sit down over a cup of tea one of these days.",
}  # fmt: skip

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _lang(lang: str | None) -> str:
    from .i18n import current_language

    lang = lang or current_language()
    return "en" if lang.lower().startswith("en") else "zh"


def template_name(kind: str, level: str, lang: str, ui_lang: str | None = None) -> str:
    """How a template is named in messages: 补货·朋友·中文 / resupply / friend / en."""
    ui = _lang(ui_lang)
    if ui == "zh":
        return (
            f"{KIND_NAMES[kind][0]}·{level_name(level, 'zh')}·{'中文' if lang == 'zh' else '英文'}"
        )
    return f"{KIND_NAMES[kind][1]} / {level_name(level, 'en')} / {lang}"


def message_date(day: date, on: date, lang: str) -> str:
    """A date in a message the local way: 12月9日 / Dec 9; 今天/明天, today/tomorrow."""
    if day == on:
        return "今天" if lang == "zh" else "today"
    if day == on + timedelta(days=1):
        return "明天" if lang == "zh" else "tomorrow"
    if lang == "zh":
        text = f"{day.month}月{day.day}日"
        return text if day.year == on.year else f"{day.year}年{text}"
    text = f"{_MONTHS[day.month - 1]} {day.day}"
    return text if day.year == on.year else f"{text}, {day.year}"


def join_products(names: list[str], lang: str) -> str:
    """大米、食用油 / rice and oil / rice, oil and gas."""
    if lang == "zh" or len(names) < 2:
        return "、".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _day_title(day: date, lang: str) -> str:
    """2026年12月9日 星期三 / Wed, Dec 9, 2026."""
    if lang == "zh":
        return f"{day.year}年{day.month}月{day.day}日 星期{'一二三四五六日'[day.weekday()]}"
    wd = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[day.weekday()]
    return f"{wd}, {_MONTHS[day.month - 1]} {day.day}, {day.year}"


# -- templates ----------------------------------------------------------------


def _check_key(kind: str, level: str, lang: str) -> None:
    if kind not in KINDS:
        raise ValidationError("bad_kind", field="kind", value=kind)
    if level not in LEVELS:
        raise ValidationError("bad_level", field="level", value=level)
    if lang not in LANGS:
        raise ValidationError("bad_kind", field="lang", value=lang)


def _parts(kind: str, level: str, lang: str, text: str) -> list[tuple[str, str | None]]:
    """(literal, value key or None) pieces of a template; raises ValidationError
    naming the template and the placeholder that is wrong."""
    name = template_name(kind, level, lang)
    try:
        pieces = list(string.Formatter().parse(text))
    except ValueError:
        raise ValidationError("template_braces", field="template", template=name) from None
    out: list[tuple[str, str | None]] = []
    for literal, fld, spec, conv in pieces:
        if fld is None:
            out.append((literal, None))
            continue
        key = PLACEHOLDERS.get(fld.strip())
        if key is None or spec or conv:
            shown = "{" + fld + (f"!{conv}" if conv else "") + (f":{spec}" if spec else "") + "}"
            raise ValidationError(
                "template_unknown_placeholder", field="template", template=name,
                placeholder=shown, known=known_placeholders(kind),
            )  # fmt: skip
        if key not in KIND_VALUES[kind]:
            raise ValidationError(
                "template_wrong_placeholder", field="template", template=name,
                placeholder="{" + fld + "}", known=known_placeholders(kind),
            )  # fmt: skip
        out.append((literal, key))
    return out


def known_placeholders(kind: str) -> str:
    """{称呼} {品名} {用完日期} (or {address_as}...), what a kind's template may use."""
    return " ".join("{" + ZH_NAME[k] + "}" for k in KIND_VALUES[kind])


def check_template(kind: str, level: str, lang: str, text: str) -> str:
    """The template as it will be stored (trimmed), or ValidationError naming the
    template and what is wrong: empty, too long, unmatched braces, an unknown
    placeholder, or one this kind of message has no value for ({欠款} in a check-in)."""
    _check_key(kind, level, lang)
    # as typed: no NFKC, which would turn a Chinese message's ，。into ,.
    clean = ("" if text is None else str(text)).replace("\r\n", "\n").strip()
    name = template_name(kind, level, lang)
    if not clean:
        raise ValidationError("template_empty", field="template", template=name)
    if len(clean) > MAX_TEMPLATE:
        raise ValidationError("template_too_long", field="template", template=name,
                              limit=MAX_TEMPLATE)  # fmt: skip
    _parts(kind, level, lang, clean)
    return clean


def fill(kind: str, level: str, lang: str, text: str, values: dict[str, str]) -> str:
    """The template with its placeholders replaced by ``values`` (keys as in
    KIND_VALUES). Only plain names are filled: no attribute or index access."""
    return "".join(
        literal + (values.get(key, "") if key else "")
        for literal, key in _parts(kind, level, lang, text)
    )


@dataclass(frozen=True)
class Template:
    kind: str
    level: str
    lang: str
    text: str
    custom: bool  # the rep's own (else the default)
    default: str


def templates(book: Book, lang: str | None = None) -> list[Template]:
    """Every template (kind x level, in ``lang`` or both), the rep's own where set."""
    own = {
        (k, lv, lg): text
        for k, lv, lg, text in book.conn.execute(
            "SELECT kind, level, lang, text FROM message_templates"
        )
    }
    langs = (_lang(lang),) if lang else LANGS
    return [
        Template(k, lv, lg, own.get((k, lv, lg), DEFAULTS[k, lv, lg]), (k, lv, lg) in own,
                 DEFAULTS[k, lv, lg])
        for lg in langs
        for k in KINDS
        for lv in LEVELS
    ]  # fmt: skip


def template_text(book: Book, kind: str, level: str, lang: str) -> str:
    """The template used for this kind, level and language (the rep's own, else the default)."""
    row = book.conn.execute(
        "SELECT text FROM message_templates WHERE kind = ? AND level = ? AND lang = ?",
        (kind, level, lang),
    ).fetchone()
    return row[0] if row else DEFAULTS[kind, level, lang]


def set_template(book: Book, kind: str, level: str, text: str, lang: str | None = None) -> str:
    """Save the rep's own template (one transaction) after ``check_template``;
    the default text itself clears the custom one. Returns what was stored."""
    lang = _lang(lang)
    clean = check_template(kind, level, lang, text)
    with book.transaction() as conn:
        if clean == DEFAULTS[kind, level, lang]:
            conn.execute(
                "DELETE FROM message_templates WHERE kind = ? AND level = ? AND lang = ?",
                (kind, level, lang),
            )
        else:
            conn.execute(
                "INSERT INTO message_templates (kind, level, lang, text, updated_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (kind, level, lang)"
                " DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at",
                (kind, level, lang, clean, now_iso()),
            )
    return clean


def save_templates(book: Book, changes: list[tuple[str, str, str, str]]) -> int:
    """Several (kind, level, lang, text) at once, all or none (the settings
    window's Save). Every one is checked before anything is written."""
    checked = [(k, lv, lg, check_template(k, lv, lg, text)) for k, lv, lg, text in changes]
    with book.transaction():
        for k, lv, lg, text in checked:
            set_template(book, k, lv, text, lg)
    return len(checked)


def reset_templates(
    book: Book, kind: str | None = None, level: str | None = None, lang: str | None = None
) -> int:
    """Back to the defaults: every template, or those of a kind / level / language.
    Returns how many of the rep's own were removed."""
    clauses, params = [], []
    for col, value in (("kind", kind), ("level", level), ("lang", lang)):
        if value is not None:
            clauses.append(f"{col} = ?")
            params.append(value)
    if kind is not None or level is not None or lang is not None:
        _check_key(kind or KINDS[0], level or LEVELS[0], lang or LANGS[0])
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    with book.transaction() as conn:
        return conn.execute(f"DELETE FROM message_templates{where}", params).rowcount


# -- messages -------------------------------------------------------------------


@dataclass
class Message:
    """A message for one customer, ready to paste."""

    customer_id: int
    customer: str
    address_as: str
    phone: str | None
    area: str | None
    level: str
    kind: str
    lang: str
    text: str
    items: list[DueItem] = field(default_factory=list)  # what it is about
    also: list[DueItem] = field(default_factory=list)  # other due items it leaves out

    def to_json(self) -> dict:
        return {
            "customer": self.customer, "address_as": self.address_as, "phone": self.phone,
            "area": self.area, "level": self.level, "kind": self.kind, "lang": self.lang,
            "text": self.text, "about": [i.to_json() for i in self.items],
            "also_due": [i.to_json() for i in self.also],
        }  # fmt: skip


def address_of(customer: Customer) -> str:
    """The form of address a message uses: 称呼 when set, else the name."""
    return customer.address_as or customer.name


def address_forms(book: Book) -> dict[int, str]:
    """Customer id -> 称呼 of every active customer who has one (for Today)."""
    return dict(
        book.conn.execute(
            "SELECT id, address_as FROM customers"  # the partial index customers_address_as
            " WHERE address_as IS NOT NULL AND archived_at IS NULL"
        )
    )


def customer_items(book: Book, customer_id: int, on: date) -> list[DueItem]:
    """Every item of the customer in the agenda (upcoming ones too, snoozed or
    not), most urgent first, with its status on ``on``."""
    keys = [
        item_key(customer_id, kind, pid)
        for kind, pid in book.conn.execute(
            "SELECT kind, product_id FROM agenda WHERE customer_id = ?", (customer_id,)
        )
    ]
    return sorted(fetch_items(book, keys, on), key=urgency_key)


COMBINE_DAYS = 3  # as the visit plan: one trip takes what runs out within this many days
SOON_DAYS = 7  # with nothing due, an item falling due within a week is what to write about


def _choose(items: list[DueItem], on: date, kind: str | None, product_id: int | None):
    """The kind to write about and its items. One message per customer: the most
    urgent kind (a rep does not ask for money in the message that offers rice);
    every resupply item due goes in the same message (大米、食用油)."""
    horizon = (on + timedelta(days=SOON_DAYS)).isoformat()
    due = [i for i in items if i.due_date <= on.isoformat()]
    soon = due or [i for i in items if i.due_date <= horizon]
    if kind is None:
        kind = soon[0].kind if soon else "follow_up"
    pool = [i for i in (soon or items) if i.kind == kind] or [i for i in items if i.kind == kind]
    if product_id is not None:
        pool = [i for i in items if i.kind == kind and i.product_id == product_id]
    if kind == "resupply" and pool:
        # every product due now, and those running out within a few days of the
        # first (one delivery): not the eggs that last another month
        first = min(i.runout_date or i.due_date for i in pool)
        near = (date.fromisoformat(first) + timedelta(days=COMBINE_DAYS)).isoformat()
        pool = [i for i in pool if i.due_date <= on.isoformat() or (i.runout_date or "") <= near]
    return kind, pool, [i for i in due if i not in pool]


def _resupply_fallback(book: Book, customer_id: int, product_id: int | None) -> list[tuple]:
    """(product, runout) of the customer's forecasts, earliest first, when no
    resupply item is listed (the rep asks ahead of the reminder)."""
    sql = (
        "SELECT p.name, s.runout_date FROM supply s JOIN products p ON p.id = s.product_id"
        " WHERE s.customer_id = ? AND s.runout_date IS NOT NULL"
    )
    params: list = [customer_id]
    if product_id is not None:
        sql += " AND s.product_id = ?"
        params.append(product_id)
    return book.conn.execute(sql + " ORDER BY s.runout_date LIMIT 3", params).fetchall()


def _values(
    book: Book,
    cust: Customer,
    on: date,
    kind: str,
    about: list[DueItem],
    product_id: int | None,
    lang: str,
) -> dict[str, str]:
    """What the placeholders of a ``kind`` message say for this customer."""  # fmt: skip
    customer_id = cust.id
    values = {"address_as": address_of(cust)}
    if kind == "resupply":
        pairs = [(i.product, i.runout_date) for i in about if i.runout_date]
        if not pairs:
            pairs = _resupply_fallback(book, customer_id, product_id)
        if not pairs and product_id is not None:
            row = book.conn.execute("SELECT name FROM products WHERE id = ?", (product_id,))
            raise ValidationError("message_no_runout_product", field="product",
                                  customer=cust.name, product=row.fetchone()[0])  # fmt: skip
        if not pairs:
            raise ValidationError("message_no_runout", field="product", customer=cust.name)
        names = list(dict.fromkeys(p for p, _ in pairs))
        runout = min(date.fromisoformat(r) for _, r in pairs)
        values["product"] = join_products(names, lang)
        # run out already: it is out about now (a past date would read oddly)
        out_now = "这几天" if lang == "zh" else "now"
        values["runout"] = out_now if runout < on else message_date(runout, on, lang)
    elif kind == "collect":
        owed = book.conn.execute(
            "SELECT balance_fen FROM customer_state WHERE customer_id = ?", (customer_id,)
        ).fetchone()
        if not owed or owed[0] <= 0:
            raise ValidationError("message_nothing_owed", field="amount", customer=cust.name)
        values["owed"] = fen_to_yuan(owed[0])
        values["payday"] = message_date(paycycle.next_payday(cust.pay, on), on, lang)
    return values


def compose(
    book: Book,
    customer_id: int,
    on: date,
    kind: str | None = None,
    product_id: int | None = None,
    lang: str | None = None,
    items: list[DueItem] | None = None,
) -> Message:
    """The message for a customer on ``on``: about ``kind`` (default: the most
    urgent of their due items; a check-in when nothing is due), in ``lang``,
    from the template of their level. ``items``: their due items when the
    caller has them. Raises ValidationError when the kind has nothing to say
    (no run-out predicted, nothing owed)."""
    if kind is not None and kind not in KINDS:
        raise ValidationError("bad_kind", field="kind", value=kind)
    lang = _lang(lang)
    cust = get_customer(book, customer_id)
    if cust is None:
        raise NotFound("customer_not_found", query=str(customer_id))
    if items is None:
        items = customer_items(book, customer_id, on)
    kind, about, also = _choose(items, on, kind, product_id)
    values = _values(book, cust, on, kind, about, product_id, lang)
    text = fill(kind, cust.level, lang, template_text(book, kind, cust.level, lang), values)
    return Message(cust.id, cust.name, values["address_as"], cust.phone, cust.area, cust.level,
                   kind, lang, text, about, also)  # fmt: skip


def sample_customer(book: Book, kind: str) -> int | None:
    """A customer to preview a ``kind`` template on: one with such an item in the
    Today list (the first by name), else any active customer."""
    row = (
        book.conn.execute(
            "SELECT customer_id FROM agenda WHERE kind = ? ORDER BY customer_sort LIMIT 1", (kind,)
        ).fetchone()
        or book.conn.execute(
            "SELECT id FROM customers WHERE archived_at IS NULL ORDER BY sort_key LIMIT 1"
        ).fetchone()
    )
    return row[0] if row else None


def preview(
    book: Book, customer_id: int | None, on: date, kind: str, level: str, lang: str, text: str
) -> tuple[str, str]:
    """(customer id, name, ``text`` filled for that real customer) as a ``kind``
    message, whatever their level; ``customer_id`` None: ``sample_customer``.
    Raises ValidationError for a bad template or a kind with nothing to say."""
    clean = check_template(kind, level, lang, text)
    cid = customer_id if customer_id is not None else sample_customer(book, kind)
    cust = get_customer(book, cid) if cid is not None else None
    if cust is None:
        raise NotFound("customer_not_found", query=str(customer_id or ""))
    _kind, about, _also = _choose(customer_items(book, cust.id, on), on, kind, None)
    values = _values(book, cust, on, kind, about, None, lang)
    return cust.id, cust.name, fill(kind, level, lang, clean, values)


def compose_many(
    book: Book,
    customer_ids: list[int],
    on: date,
    lang: str | None = None,
    kind: str | None = None,
) -> list[Message | ValidationError]:
    """A message per customer (in order); a customer the kind has nothing to
    say about gives its ValidationError in its place (the rest are written)."""  # fmt: skip
    out: list[Message | ValidationError] = []
    for cid in dict.fromkeys(customer_ids):
        try:
            out.append(compose(book, cid, on, kind=kind, lang=lang))
        except ValidationError as exc:
            out.append(exc)
    return out


def log_sent(book: Book, customer_id: int, on: date, text: str):
    """The rep sent it: a contact of kind message, the text as its note (one
    transaction; the follow-up clock restarts)."""
    from .contacts import log_contact

    return log_contact(book, customer_id, on=on, kind="message", note=text)


# -- the day's plan as one text file ------------------------------------------


def plan_messages(
    book: Book, on: date, lang: str | None = None, capacity: int | None = None
) -> list[tuple]:
    """(stop, message) for every stop of the day's visit plan, in the plan's
    order. A stop whose kind has nothing to say (a complaint only) gets the check-in."""
    from .plan import visit_plan

    lang = _lang(lang)
    day = visit_plan(book, on, capacity=capacity, days=1)[0]
    out = []
    for _area, stops in day.by_area():
        for stop in stops:
            try:
                msg = compose(book, stop.customer_id, on, lang=lang, items=stop.reasons)
            except ValidationError:
                msg = compose(book, stop.customer_id, on, kind="follow_up", lang=lang)
            out.append((stop, msg))
    return out


def plan_text(book: Book, on: date, lang: str | None = None, capacity: int | None = None) -> str:
    """Every stop of the day's visit plan with its message, as one text: each
    headed by number, name (称呼), phone and area, with the delivery notes, then
    the message to paste."""
    from .i18n import t

    lang = _lang(lang)
    pairs = plan_messages(book, on, lang, capacity)
    lines = [t("message_plan_title", lang=lang, date=_day_title(on, lang)), "=" * 24, ""]
    for n, (stop, msg) in enumerate(pairs, start=1):
        name = stop.customer + (f"（{msg.address_as}）" if msg.address_as != stop.customer else "")
        lines.append(
            " · ".join(x for x in (f"{n}. {name}", stop.phone or "", stop.area or "") if x)
        )
        notes = stop.notes_text(lang)
        if notes:
            lines.append("  " + notes)
        lines.append(msg.text)
        lines.append("")
    if not pairs:
        lines.append(t("message_plan_empty", lang=lang))
    return "\n".join(lines).rstrip() + "\n"
