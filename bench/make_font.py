"""Make the Chinese font Salesbook carries: ui/resources/fonts/SalesbookSansSC-Regular.otf.

A subset of Noto Sans CJK SC Regular (SIL Open Font License 1.1, see
ui/resources/fonts/OFL.txt), so the window and the charts show Chinese on a
machine without any CJK font (a fresh Debian has only DejaVu). Kept to a few
MB by taking only:

* every character of GB 2312 (all 7,445 that Python's 'gb2312' codec decodes:
  the 6,763 hanzi of levels 1 and 2, punctuation, full-width forms, kana,
  Greek, Cyrillic, box drawing, circled numbers...);
* characters common in given names and surnames that GB 2312 lacks
  (NAME_EXTRA below: 喆 堃 赟 玥 珺 彧 昇 旻 祎 镕 ...);
* printable ASCII and Latin-1 (¥ £ ° ± × ÷ ·), general punctuation, the CJK
  symbols block and the full-width/half-width forms (￥ ！ ，), arrows and
  a few signs the app prints (− … № ℃ ※ ✓).

The outlines stay CFF (an .otf): Qt and matplotlib (FreeType, Agg) both read
it. The family is renamed "Salesbook Sans SC" (the OFL lets a Modified Version
keep any name but the Reserved Font Name 'Source'; a name of its own keeps it
apart from a system's full Noto Sans CJK SC). Characters outside the subset
fall back to the system's fonts.

Run (fontTools is a build-time tool here, not a dependency of the app):

    apt-get download fonts-noto-cjk && dpkg-deb -x fonts-noto-cjk_*.deb noto
    python3 -m venv /tmp/fontvenv && /tmp/fontvenv/bin/pip install fonttools
    /tmp/fontvenv/bin/python bench/make_font.py \\
        noto/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc

(or `apt-get install fonts-noto-cjk` and no argument). Made from Debian's
fonts-noto-cjk 1:20220127+repack1-1 (Noto Sans CJK 2.004): 8,102 characters
(82 name characters beyond GB 2312), 3.5 MB; the same source gives the same
bytes (the source's timestamp is kept).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "ui" / "resources" / "fonts" / "SalesbookSansSC-Regular.otf"
SOURCE = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
SOURCE_FACE = "Noto Sans CJK SC"
FAMILY = "Salesbook Sans SC"
POSTSCRIPT = "SalesbookSansSC-Regular"

# Characters seen in Chinese names (given names above all, a few surnames and
# place names) that GB 2312 does not have; those it has are dropped below.
NAME_EXTRA = (
    "喆堃赟玥珺彧昇旻祎镕瑄琇珉昀晗湉玟珈妤芊蓁锜铖淏垚犇燚炅炟昶晞暐杺栎棽槿樾"
    "沄浠溥澍濛珅珩珣琰瑀瑗璟璠瓅甦禛翀翊翙翾苡菡鋆锟镛飏鹍龑竑禤邗邶郗郜"
    "昉昺晁晧晖晔暄曌朗杲枫柘桦梵棣楦榕樨檀毓泷洺浛涴淳渟湲滢漪潆澄灏炘炜烨焓"
    "煊熙熠燊珏珞琬瑢瑭璇璎璘璞瓒甯皓睿祐祜祚禹秾稷穆竺笃筱箐篪纾绮缙羲翎翕耘"
    "胤臻舸芃芮芷苓茈荀莜莞萁萱葳蒨蓉蔚蕤薏藜虓衎褚觐誉谞谡谧谌贇赉跞轩辰迦逍"
    "郦鄞铄铎铮锴锵镝阆隽雩雯霁霈霖靖韪颀颉颢飒馥骐骞骅骊鸾鹂麒黉"
    "丞亘亨亶仝伋佶侬俣俶倢偲傥儇兖冏冼凇凊刖劭勖卬叡啟喾嘉嫚嫱孥岑岙岚峤嵘嶙巽"
    "弢彬徕忞恪恺悦惇愔慜懿扆挚攸敩斐旸昊昕晏晟暾曦朴杞枞柃栩桐梓椿楷樾"
)
EXTRA_RANGES = (
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1: ¥ £ ° ± × ÷ ·
    (0x2000, 0x206F),  # general punctuation: – — ‘ ’ “ ” … ‰ ※
    (0x2100, 0x215F),  # letterlike and number forms: ℃ № ™ Ⅰ
    (0x2190, 0x21FF),  # arrows
    (0x2212, 0x2212),  # minus sign
    (0x2460, 0x24FF),  # enclosed numbers ① ⑴ ⒈
    (0x25A0, 0x25FF),  # geometric shapes □ ■ ○ ● △ ▲
    (0x2713, 0x2714),  # ✓ ✔
    (0x3000, 0x303F),  # CJK symbols and punctuation: 、。〈〉《》「」【】〔〕〜
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # full-width and half-width forms: ！，（）￥
)


def gb2312_chars() -> set[str]:
    """Every character the 'gb2312' codec decodes (rows 0xA1..0xF7, cells 0xA1..0xFE)."""
    chars = set()
    for row in range(0xA1, 0xF8):
        for cell in range(0xA1, 0xFF):
            try:
                chars.add(bytes((row, cell)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def character_set() -> set[str]:
    chars = gb2312_chars()
    chars |= set(NAME_EXTRA)
    for lo, hi in EXTRA_RANGES:
        chars |= {chr(c) for c in range(lo, hi + 1)}
    return chars


def make(source: str, out: Path) -> None:
    from fontTools import subset
    from fontTools.ttLib import TTCollection, TTFont

    if source.lower().endswith(".ttc"):
        faces = TTCollection(source).fonts
        font = next(f for f in faces if f["name"].getDebugName(1) == SOURCE_FACE)
    else:
        font = TTFont(source)
    cmap = font.getBestCmap()
    wanted = character_set()
    present = sorted(ord(c) for c in wanted if ord(c) in cmap)
    missing = sorted(c for c in wanted if ord(c) not in cmap and c.isprintable())
    hanzi_extra = [c for c in NAME_EXTRA if ord(c) in cmap and c not in gb2312_chars()]

    options = subset.Options()
    options.layout_features = ["ccmp", "kern", "liga", "locl", "palt", "halt", "vert", "vrt2"]
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 7, 9, 11, 13, 14]
    options.name_languages = [0x409]  # English names only (the Windows zh ones name the source)
    options.notdef_outline = True
    options.desubroutinize = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=present)
    subsetter.subset(font)

    rename(font)
    font.recalcTimestamp = False  # the same source gives the same file
    out.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(out))
    size = out.stat().st_size
    print(f"{out}: {len(present)} characters "
          f"({len(hanzi_extra)} name characters beyond GB 2312), {size / 1e6:.2f} MB")  # fmt: skip
    if missing:
        print(f"not in the source font (left to the system's fonts): {len(missing)}")


def rename(font) -> None:
    """Give the subset a family name of its own (name table and CFF)."""
    name = font["name"]
    version = name.getDebugName(5) or ""
    for rec in list(name.names):
        if rec.nameID in (1, 3, 4, 6, 16, 17):
            name.removeNames(nameID=rec.nameID)
    name.setName(FAMILY, 1, 3, 1, 0x409)
    name.setName("Regular", 2, 3, 1, 0x409)
    name.setName(f"{POSTSCRIPT};{version}", 3, 3, 1, 0x409)
    name.setName(FAMILY, 4, 3, 1, 0x409)
    name.setName(POSTSCRIPT, 6, 3, 1, 0x409)
    name.setName(
        "A subset of Noto Sans CJK SC (GB 2312 and common name characters) for Salesbook.", 10, 3, 1, 0x409
    )  # fmt: skip
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [POSTSCRIPT]
        top = cff.topDictIndex[0]
        top.FamilyName = FAMILY
        top.FullName = FAMILY
        # a CID-keyed font names each FD after the source; harmless, left as is


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "source", nargs="?", default=SOURCE, help="NotoSansCJK-Regular.ttc (or an SC .otf)"
    )
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    if not Path(args.source).exists():
        print(f"{args.source} not found: see this script's docstring", file=sys.stderr)
        return 1
    make(args.source, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
