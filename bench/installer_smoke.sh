#!/usr/bin/env bash
# Installer smoke test: build the app with build_installer.spec (PyInstaller),
# then run the BUILT program, not the source tree:
#
#   1. the window, offscreen, on a demo book (--demo): it must show the Today
#      list and quit by itself with exit code 0 (SALESBOOK_QUIT_AFTER_MS);
#   2. the window on a book written by the built command line, same check;
#   3. the built command line keeps the book safe: a delivery, undo, a backup
#      (zstd must be bundled: the file ends in .db.zst), check --full;
#   4. the lock: while the built window has the book open, the built command
#      line refuses to write to it (exit 1, "open in another Salesbook").
#
#     bash bench/installer_smoke.sh [OUT]     (default: a temporary folder)
#     SMOKE_SKIP_BUILD=1 bash bench/installer_smoke.sh OUT   (reuse OUT/dist)
#
# Exit code 0 when every step passed; the first failure stops it with its output.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
OUT=${1:-$(mktemp -d)/salesbook-smoke}
mkdir -p "$OUT"

fail() { echo "SMOKE FAILED: $*" >&2; exit 1; }

if [ -z "${SMOKE_SKIP_BUILD:-}" ]; then
    [ -f build_installer.spec ] || fail "build_installer.spec is missing"
    "$PY" -m PyInstaller --version >/dev/null 2>&1 || "$PY" -m pip install --quiet pyinstaller
    start=$(date +%s)
    "$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
        --distpath "$OUT/dist" --workpath "$OUT/build" build_installer.spec
    echo "built in $(( $(date +%s) - start )) s"
fi
APP="$OUT/dist/salesbook/salesbook"
[ -x "$APP" ] || APP="$APP.exe"
[ -x "$APP" ] || fail "no built program under $OUT/dist/salesbook"
echo "program: $APP ($(du -sh "$OUT/dist/salesbook" | cut -f1))"

home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export HOME="$home" XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share"
export QT_QPA_PLATFORM=offscreen SALESBOOK_LANG=en

run_window() {  # run_window LOG ARGS...: the window must quit by itself with 0
    local log=$1; shift
    set +e
    SALESBOOK_QUIT_AFTER_MS=${QUIT_MS:-300} timeout 180 "$APP" "$@" >"$log" 2>&1
    local rc=$?
    set -e
    [ $rc -eq 0 ] || { cat "$log" >&2; fail "window $* exited with $rc"; }
    grep -q "Today loaded" "$log" || { cat "$log" >&2; fail "window $* never showed the Today list"; }
    grep "Today loaded" "$log" | sed 's/^/  /'
}

echo "1. window on a demo book"
run_window "$home/w1.log" --demo --lang zh

echo "2. window on a book made by the built command line"
"$APP" demo "$home/book.db" --customers 60 --today 2026-11-23 >/dev/null || fail "demo"
run_window "$home/w2.log" --book "$home/book.db"

echo "3. the built command line: deliver, undo, backup, check"
cust=$("$APP" --book "$home/book.db" customers --format csv --limit 1 | sed -n 2p | cut -d, -f1)
[ -n "$cust" ] || fail "no customer in the demo book"
expect() {  # expect WORD ARGS...: the built command line exits 0 and prints WORD
    local word=$1; shift
    local out
    out=$("$APP" --book "$home/book.db" "$@" 2>&1) || fail "$* exited with $?: $out"
    case "$out" in *"$word"*) echo "  $out" | head -2 ;; *) fail "$*: no '$word' in: $out" ;; esac
}
expect "Recorded" deliver "$cust" 大米 10 --date 2026-11-23
expect "Undone" undo
expect "Backed up" backup create
ls "$home/backups/book/"*.db.zst >/dev/null 2>&1 || fail "no .db.zst backup: zstandard not bundled?"
expect "manual" backup list
expect "sound" check --full

echo "4. the lock: the built window has the book, the built command line may not write"
SALESBOOK_QUIT_AFTER_MS=8000 timeout 180 "$APP" --book "$home/book.db" >"$home/w3.log" 2>&1 &
win=$!
for _ in $(seq 1 120); do grep -q "Today loaded" "$home/w3.log" 2>/dev/null && break; sleep 0.5; done
grep -q "Today loaded" "$home/w3.log" || { cat "$home/w3.log" >&2; fail "window for the lock test never came up"; }
set +e
msg=$("$APP" --book "$home/book.db" deliver "$cust" 大米 10 --date 2026-11-23 2>&1)
rc=$?
set -e
case "$msg" in *"open in another Salesbook"*) [ $rc -eq 1 ] || fail "refused with exit code $rc" ;;
    *) fail "a second writer was not refused ($rc): $msg" ;; esac
echo "  refused: $msg"
wait $win || fail "window in the lock test exited with $?"

echo "installer smoke test OK"
