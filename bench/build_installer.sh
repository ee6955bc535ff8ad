#!/usr/bin/env bash
# Build the one-folder app with PyInstaller (build_installer.spec), report its
# size, and smoke-start it: the window on a demo book (offscreen) until the
# Today list is shown, and one command-line call.
#
#     bash bench/build_installer.sh [OUT]      (default /tmp/salesbook-installer)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
OUT=${1:-/tmp/salesbook-installer}
"$PY" -m PyInstaller --version >/dev/null 2>&1 || "$PY" -m pip install --quiet pyinstaller
start=$(date +%s)
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$OUT/dist" --workpath "$OUT/build" build_installer.spec
APP="$OUT/dist/salesbook"
echo "built in $(( $(date +%s) - start )) s: $APP"
du -sh "$APP" | sed 's/^/size: /'
echo "files: $(find "$APP" -type f | wc -l)"
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
echo "smoke: the window on a demo book"
HOME="$home" XDG_CONFIG_HOME="$home/.config" QT_QPA_PLATFORM=offscreen SALESBOOK_QUIT_AFTER_MS=300 \
    timeout 120 "$APP/salesbook" --demo --lang zh
echo "smoke: the command line"
HOME="$home" timeout 60 "$APP/salesbook" --lang en demo "$home/demo.db" --customers 50
HOME="$home" timeout 60 "$APP/salesbook" --lang en --book "$home/demo.db" due --format csv | head -3
echo "installer OK"
