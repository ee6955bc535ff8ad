"""Message templates: the defaults per kind x relationship level x language,
the rep's own (kept in the book's ``message_templates`` table, so they travel
with its backups), their check and how they are filled.

Placeholders: {称呼} the form of address, {品名} the product(s), {用完日期} the
run-out date, {欠款} what is owed, {发薪日} the next payday; English aliases
{address_as} {product} {runout} {owed} {payday}. Each kind says only what it
has (``KIND_VALUES``): a check-in has no {欠款}. A bad template (empty, an
unknown placeholder, one its kind has no value for, unmatched braces) is
refused with a message naming the template and the placeholder. Only plain
names are filled (no attribute or index access: ``string.Formatter`` parses,
this module fills).
"""

from __future__ import annotations

import string
from dataclasses import dataclass

from ..errors import ValidationError
from ..records.due import KINDS
from ..rules.text import LEVELS, level_name
from ..store.book import Book, now_iso

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


def _lang(lang: str | None) -> str:
    from ..i18n import current_language

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
