"""A realistic, deterministic Chinese demo book.

Households in a dozen areas buy rice, oil, water, gas, eggs and detergent
for one to two years up to ``today``: each at its own true rate (the rule of
thumb x 0.5..1.5), in its own pack sizes, sometimes a double pack, some
buying part elsewhere, reordering a little early or late; some stopped
buying (at risk), some are new. Pay cycles, payments on payday, a few debts,
contacts, and levels roughly 100:50:10:4. The same seed and ``today`` give
the same book (uids included). Scales to 100,000 customers.
"""

from __future__ import annotations

import itertools
import random
import time
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from ..errors import BookError
from ..records import supply
from ..records.customers import search_key, sort_key
from ..records.deliveries import amount_fen
from ..rules import paycycle
from ..store import undo
from ..store.book import Book, open_book

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = [
    "建国", "秀英", "桂英", "志强", "丽娟", "伟", "芳", "娜", "敏", "静", "磊", "洋", "勇", "军",
    "杰", "涛", "明", "超", "秀兰", "霞", "平", "刚", "玉兰", "红梅", "海燕", "建华", "国强", "淑珍",
    "春梅", "德明", "文华", "丽华", "秀珍", "晓东", "建军", "婷", "雪梅", "永红", "志刚", "金凤",
    "桂兰", "凤英", "俊杰", "宏伟", "佳怡", "子涵", "浩然", "梓轩", "欣怡", "宇航", "思远", "雨萱",
]  # fmt: skip
AREAS = [
    "东城片区", "西城片区", "南湖新村", "北苑小区", "幸福里", "光明街道",
    "解放路", "人民路", "滨江花园", "工业园", "老城区", "新华村",
]  # fmt: skip
STREETS = ["路", "街", "巷", "弄", "小区"]

# what customers complain about (about which product: None = any), how it was put right
COMPLAINTS = [
    ("送货晚了两个小时", "道歉，下次提前电话确认", None),
    ("米里有小虫", "上门换了一袋新的", "大米"),
    ("桶装水有异味", "换水并送了一桶", "桶装水"),
    ("价格比超市贵", "解释了品质差别，送了小礼品", None),
    ("送错了品牌", "当天换回", None),
    ("煤气罐阀门漏气", "立即上门更换", "煤气"),
    ("油桶漏了", "换了一桶，赔了损失", "食用油"),
    ("态度不好", "亲自上门道歉", None),
]

# name, unit, price in fen, per-person daily use, pack sizes, share of households buying it
PRODUCTS = [
    ("大米", "kg", 600, 0.15, (10, 10, 15, 25), 0.8),
    ("食用油", "L", 1600, 0.025, (1.8, 5, 5), 0.45),
    ("桶装水", "桶", 1500, 0.04, (3, 4, 5), 0.35),
    ("煤气", "瓶", 12000, 0.011, (1,), 0.25),
    ("鸡蛋", "斤", 650, 0.08, (5, 10), 0.25),
    ("洗衣液", "瓶", 3500, 0.006, (1, 2), 0.2),
]

LEVEL_WEIGHTS = [("passerby", 100), ("acquaintance", 50), ("friend", 10), ("confidant", 4)]


@dataclass
class DemoResult:
    path: str
    customers: int
    deliveries: int
    payments: int
    seconds: float


class _Ids:
    """Deterministic uids from the demo's own random stream, ordered like a
    time-ordered UUID (a 48-bit sequence, then 80 random bits): two million
    rows then append to each uid index instead of landing at random pages
    (the 100k build is ~30% faster)."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.seq = itertools.count(1)

    def __call__(self) -> str:
        return f"{next(self.seq):012x}{self.rng.getrandbits(80):020x}"

    def customer(self) -> str:
        """A customer's uid looks like a real one (a random UUID, as ``new_uid``
        makes): people type its first characters, so they must differ."""
        return uuid.UUID(int=self.rng.getrandbits(128), version=4).hex


def build_demo(
    path: str | Path,
    customers: int = 300,
    seed: int = 7,
    today: date | None = None,
    progress=None,
) -> DemoResult:
    """Write a demo book at ``path`` (must not exist). ``progress(done, total)``
    is called now and then; it may raise to cancel (nothing is kept)."""
    started = time.perf_counter()
    p = Path(path)
    if p.exists():
        raise BookError("target_exists", path=str(p))
    today = today or date.today()
    book = open_book(p)
    book.auto_backup = False  # a demo is rebuilt, not backed up
    try:
        with book.transaction(), undo.paused(book):  # a demo is not one undo step
            counts = _fill(book, customers, seed, today, progress)
            supply.refresh_all(book)
        book.conn.execute("PRAGMA optimize")
    except BaseException:
        book.close()
        for suffix in ("", "-wal", "-shm"):
            Path(str(p) + suffix).unlink(missing_ok=True)
        raise
    book.close()
    return DemoResult(str(p), customers, counts[0], counts[1], time.perf_counter() - started)


def _fill(book: Book, n_customers: int, seed: int, today: date, progress) -> tuple[int, int]:
    rng = random.Random(seed)
    uid = _Ids(random.Random(seed + 1))
    conn = book.conn
    created = (today - timedelta(days=760)).isoformat() + "T09:00:00+00:00"
    product_ids = []
    for name, unit, price, per_person, _packs, _share in PRODUCTS:
        cur = conn.execute(
            "INSERT INTO products (uid, name, unit, unit_price_fen, per_person_daily, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (uid(), name, unit, price, per_person, created),
        )
        product_ids.append(cur.lastrowid)
    levels = [lv for lv, _ in LEVEL_WEIGHTS]
    weights = [w for _, w in LEVEL_WEIGHTS]
    cust_rows, hist_rows, del_rows, pay_rows, con_rows = [], [], [], [], []
    complaint_rows: list[tuple] = []
    # complaints draw from their own stream: the rest of the book stays as it was
    krng = random.Random(seed + 2)
    n_del = n_pay = 0
    used_phones: set[str] = set()
    next_id = 1

    def flush(final: bool = False) -> None:
        nonlocal cust_rows, hist_rows, del_rows, pay_rows, con_rows
        if len(del_rows) < 200_000 and not final:
            return
        conn.executemany(
            "INSERT INTO customers (id, uid, name, phone, address, area, household_size, pay_cycle,"
            " level, notes, search_key, sort_key, created_at, archived_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            cust_rows,
        )
        conn.executemany(
            "INSERT INTO level_history (uid, customer_id, date, from_level, to_level, reason, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            hist_rows,
        )
        conn.executemany(
            "INSERT INTO deliveries (uid, customer_id, product_id, date, quantity, unit_price_fen,"
            " amount_fen, source, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'us', ?)",
            del_rows,
        )
        conn.executemany(
            "INSERT INTO payments (uid, customer_id, date, amount_fen, created_at) VALUES (?, ?, ?, ?, ?)",
            pay_rows,
        )
        conn.executemany(
            "INSERT INTO contacts (uid, customer_id, date, kind, note, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            con_rows,
        )
        conn.executemany(
            "INSERT INTO complaints (uid, customer_id, date, product_id, what, resolution,"
            " resolved_date, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            complaint_rows,
        )
        cust_rows, hist_rows, del_rows, pay_rows, con_rows = [], [], [], [], []
        complaint_rows.clear()

    notes_pool = [
        "",
        "",
        "",
        "老人在家，白天送",
        "下午五点后在家",
        "喜欢聊天",
        "付款爽快",
        "爱讲价",
        "要发票",
        "楼下有狗",
    ]
    for i in range(n_customers):
        cid = next_id
        next_id += 1
        surname = rng.choice(SURNAMES)
        given = rng.choice(GIVEN)
        name = surname + given
        while True:
            phone = "1" + rng.choice("3578") + f"{rng.randrange(10**9):09d}"
            if phone not in used_phones:
                used_phones.add(phone)
                break
        area = AREAS[i % len(AREAS)] if n_customers <= 2000 else rng.choice(AREAS)
        household = rng.choice((1, 2, 2, 3, 3, 3, 4, 4, 5, 6))
        level = rng.choices(levels, weights)[0]
        cycle = _random_cycle(rng, today)
        address = f"{area}{rng.randint(1, 40)}号楼{rng.randint(1, 6)}单元{rng.randint(101, 1802)}"
        start_days = rng.randint(30, 730) if rng.random() < 0.8 else rng.randint(14, 120)
        start = today - timedelta(days=start_days)
        churn_at = None
        if rng.random() < 0.08:  # stopped buying from us
            churn_at = start + timedelta(days=int(start_days * rng.uniform(0.4, 0.9)))
        archived = None  # a rep archives most customers lost long ago
        if churn_at and (today - churn_at).days > 150 and rng.random() < 0.7:
            archived = (churn_at + timedelta(days=120)).isoformat() + "T18:00:00+00:00"
        key = search_key(name, phone)  # the same keys as a customer typed in (cached per name)
        cust_rows.append(
            (cid, uid.customer(), name, phone, address, area, household, cycle.encode(), level,
             rng.choice(notes_pool) or None, key, sort_key(name),
             start.isoformat() + "T09:00:00+00:00",
             archived)
        )  # fmt: skip
        hist_rows.append((uid(), cid, start.isoformat(), None, "passerby", "新客户", created))
        order = ["passerby", "acquaintance", "friend", "confidant"]
        day = start
        for step in range(1, order.index(level) + 1):
            day = day + timedelta(days=rng.randint(20, max(21, start_days // 4)))
            if day > today:
                day = today
            hist_rows.append(
                (uid(), cid, day.isoformat(), order[step - 1], order[step],
                 rng.choice(["经常回购", "主动介绍邻居", "聊得来", "节日送了礼", "长期合作"]), created)
            )  # fmt: skip
        # deliveries per product
        unpaid: list[tuple[date, int]] = []
        events: list[tuple[date, int]] = []
        bought: list[int] = []  # the products delivered to them
        for pi, (_name, _unit, price, per_person, packs, share) in enumerate(PRODUCTS):
            if rng.random() > share:
                continue
            n_before = n_del
            true_rate = household * per_person * rng.uniform(0.5, 1.5)
            if rng.random() < 0.2:
                true_rate *= rng.uniform(0.5, 0.85)  # buys part elsewhere
            pack = rng.choice(packs)
            d = start + timedelta(days=rng.randint(0, 20))
            stock = 0.0
            while d <= today and (churn_at is None or d <= churn_at):
                qty = pack * (2 if rng.random() < 0.08 else 1)
                del_rows.append(
                    (uid(), cid, product_ids[pi], d.isoformat(), float(qty), price,
                     amount_fen(qty, price), created)
                )  # fmt: skip
                n_del += 1
                events.append((d, amount_fen(qty, price)))
                stock += qty
                days_last = stock / true_rate
                gap = max(1, round(days_last + rng.gauss(-1.0, 2.5)))
                if rng.random() < 0.05:
                    gap += rng.randint(3, 8)  # late once in a while
                stock = max(0.0, stock - true_rate * gap)
                d = d + timedelta(days=gap)
            if n_del > n_before:
                bought.append(product_ids[pi])
        # payments: on delivery, or on the first payday after it (a few still owe)
        events.sort()
        owes = rng.random() < 0.12
        for d, amt in events:
            if cycle.kind == "none":
                pay_rows.append((uid(), cid, d.isoformat(), amt, created))
                n_pay += 1
                continue
            unpaid.append((d, amt))
        if unpaid:
            by_payday: dict[date, int] = {}
            for d, amt in unpaid:
                pday = paycycle.next_payday(cycle, d) + timedelta(days=rng.choice((0, 0, 0, 1, 2)))
                by_payday[pday] = by_payday.get(pday, 0) + amt
            last_ok = today - timedelta(days=rng.randint(20, 60)) if owes else today
            for pday, amt in sorted(by_payday.items()):
                if pday <= last_ok:
                    pay_rows.append((uid(), cid, pday.isoformat(), amt, created))
                    n_pay += 1
        # complaints: about 1 customer in 80 complained in the last 3 months about
        # something delivered; most were put right, the recent ones often not yet
        if bought and not archived and krng.random() < 0.0125:
            kd = today - timedelta(days=krng.randint(0, 90))
            what, how, about = krng.choice(COMPLAINTS)
            pid = product_ids[[p[0] for p in PRODUCTS].index(about)] if about else None
            if pid is not None and pid not in bought:
                what, how, pid = COMPLAINTS[0][0], COMPLAINTS[0][1], None
            resolved = None  # a recent one is often still open; a few are left open
            if krng.random() < (0.4 if (today - kd).days <= 14 else 0.85):
                resolved = min(today, kd + timedelta(days=krng.randint(0, 6)))
            complaint_rows.append(
                (uid(), cid, kd.isoformat(), pid, what, how if resolved else None,
                 resolved.isoformat() if resolved else None, kd.isoformat() + "T10:00:00+00:00")
            )  # fmt: skip
        # contacts: more for closer levels
        n_contacts = {"passerby": 0, "acquaintance": 2, "friend": 6, "confidant": 14}[level]
        n_contacts = rng.randint(0, n_contacts)
        for _ in range(n_contacts):
            cd = start + timedelta(days=rng.randint(0, start_days))
            con_rows.append(
                (uid(), cid, cd.isoformat(), rng.choice(("visit", "call", "message")),
                 rng.choice(["聊了家常", "问了新品", "孩子考上大学了", "说最近米吃得快", "约下次送货", ""]) or None,
                 created)
            )  # fmt: skip
        flush()
        if progress and i % 2000 == 0:
            progress(i, n_customers)
    flush(final=True)
    if progress:
        progress(n_customers, n_customers)
    return n_del, n_pay


def _random_cycle(rng: random.Random, today: date) -> paycycle.PayCycle:
    r = rng.random()
    if r < 0.45:
        return paycycle.PayCycle("monthly", (rng.choice((5, 10, 10, 15, 20, 25, 28, 31)),))
    if r < 0.60:
        return paycycle.PayCycle("twice", rng.choice(((1, 15), (5, 20), (10, 25), (15, 31))))
    if r < 0.70:
        return paycycle.PayCycle("weekly", weekday=rng.choice((4, 4, 5, 0)))
    if r < 0.78:
        return paycycle.PayCycle("biweekly", anchor=today - timedelta(days=rng.randint(0, 13)))
    return paycycle.NONE
