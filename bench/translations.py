"""Keep the window's translations up to date (Qt Linguist tools from PySide6).

    python bench/translations.py          # lupdate + lrelease: .ts from ui/*.py, then .qm
    python bench/translations.py --check  # only report what is not translated yet

The sources are English; ``salesbook_zh_CN.ts`` holds Chinese for every text,
``salesbook_en.ts`` only the English plural forms (%n). Edit the .ts files
with Qt Linguist (pyside6-linguist) or by hand, then run this again: the
.qm files it writes are what the window loads and what ships.
"""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UI = ROOT / "ui"
OUT = UI / "resources" / "translations"
BIN = Path(sys.executable).parent
TARGETS = {"salesbook_zh_CN": "zh_CN", "salesbook_en": "en"}


def tool(name: str) -> str:
    for candidate in (BIN / f"pyside6-{name}", BIN / f"pyside6-{name}.exe"):
        if candidate.exists():
            return str(candidate)
    return f"pyside6-{name}"


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in UI.glob("*.py"))


def _plural_messages(ts: Path) -> dict[tuple[str, str], str]:
    """(context, source) -> the <message> element's text, for plural (numerus) ones."""
    if not ts.exists():
        return {}
    out = {}
    for ctx in ET.parse(ts).getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            if msg.get("numerus") == "yes":
                out[(name, msg.findtext("source") or "")] = ET.tostring(msg, encoding="unicode")
    return out


def _keep_plurals(ts: Path, before: dict[tuple[str, str], str]) -> int:
    """lupdate reads ``QCoreApplication.translate(ctx, text, "", n)`` as a message
    without plural forms and turns its translation into one unfinished line (in
    English: "Ran out %n day ago" for every n). Put such messages back as they
    were; returns how many."""
    text = ts.read_text(encoding="utf-8")
    fixed = 0
    for ctx in ET.parse(ts).getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            old = before.get((name, msg.findtext("source") or ""))
            if old is None or msg.get("numerus") == "yes":
                continue
            src = ET.tostring(msg.find("source"), encoding="unicode").strip()
            tr = ET.tostring(msg.find("translation"), encoding="unicode").strip()
            demoted = re.compile(
                r"<message>\s*" + re.escape(src) + r"\s*" + re.escape(tr) + r"\s*</message>"
            )
            text, n = demoted.subn(lambda _m, old=old: old.strip(), text, count=1)
            fixed += n
    ts.write_text(text, encoding="utf-8")
    return fixed


def update() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, lang in TARGETS.items():
        ts = OUT / f"{name}.ts"
        before = _plural_messages(ts)
        subprocess.run([tool("lupdate"), *sources(), "-no-obsolete", "-locations", "none",
                        "-target-language", lang, "-ts", str(ts.relative_to(ROOT))],
                       cwd=ROOT, check=True)  # fmt: skip
        kept = _keep_plurals(ts, before)
        if kept:
            print(f"{name}: kept the plural forms of {kept} message(s) lupdate had flattened")
        subprocess.run(
            [tool("lrelease"), "-silent", str(ts), "-qm", str(ts.with_suffix(".qm"))], check=True
        )


def unfinished(ts: Path, numerus_only: bool = False) -> list[str]:
    """Source texts whose translation is missing (in the zh file: every one;
    in the en file: only plural forms)."""
    out = []
    for msg in ET.parse(ts).getroot().iter("message"):
        tr = msg.find("translation")
        if numerus_only and msg.get("numerus") != "yes":
            continue
        if tr is None or tr.get("type") in ("unfinished", "vanished", "obsolete"):
            out.append(msg.findtext("source") or "")
        elif msg.get("numerus") == "yes" and not all(
            (f.text or "").strip() for f in tr.iter("numerusform")
        ):
            out.append(msg.findtext("source") or "")
        elif msg.get("numerus") != "yes" and not (tr.text or "").strip():
            out.append(msg.findtext("source") or "")
    return out


def main() -> int:
    if "--check" not in sys.argv:
        update()
    bad = 0
    for name in TARGETS:
        missing = unfinished(OUT / f"{name}.ts", numerus_only=name.endswith("_en"))
        bad += len(missing)
        print(f"{name}: {len(missing)} not translated" + "".join(f"\n  {m}" for m in missing[:50]))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
