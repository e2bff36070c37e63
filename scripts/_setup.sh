# Sourced by scripts/start and scripts/test: make .venv and install qualdesk into it, once per
# change of pyproject.toml, so a fresh machine with only Python needs nothing else.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PYTHON="${PYTHON:-python3}"
if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
fi
STAMP="$VENV/.qualdesk-installed"
WANT="$(sha256sum "$ROOT/pyproject.toml" | cut -d' ' -f1)-$1"
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$WANT" ]; then
  "$VENV/bin/python" -m pip install --quiet --upgrade pip >/dev/null 2>&1 || true
  if [ "$1" = "test" ]; then
    "$VENV/bin/python" -m pip install --quiet -e "$ROOT[test]" > "$VENV/pip.log" 2>&1 || { cat "$VENV/pip.log"; exit 1; }
  else
    "$VENV/bin/python" -m pip install --quiet -e "$ROOT" > "$VENV/pip.log" 2>&1 || { cat "$VENV/pip.log"; exit 1; }
  fi
  echo "$WANT" > "$STAMP"
fi
