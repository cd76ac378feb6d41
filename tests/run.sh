#!/usr/bin/env bash
# Install everything the test suite needs on a fresh Debian machine, then run all of it:
# lint, types, the Node tests of the browser runtime, and pytest (browser tests included,
# and the site served by nginx as an intranet serves it).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/sbin/nginx ] || missing+=(nginx)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
# WeasyPrint's system libraries, for the handbook's PDF (the pdf extra below).
for lib in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0; do
  dpkg -s "$lib" >/dev/null 2>&1 || missing+=("$lib")
done
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  # A fresh machine may be running unattended-upgrades: wait for its locks instead of failing.
  # install waits by itself (DPkg::Lock::Timeout); update does not, so it is retried while
  # the package lists are locked, for up to 15 minutes.
  wait_lock=(-o DPkg::Lock::Timeout=900)
  for attempt in $(seq 90); do
    if out=$($sudo apt-get "${wait_lock[@]}" update -qq 2>&1); then break; fi
    if ! grep -q "Unable to lock\|Could not get lock" <<<"$out" || [ "$attempt" -eq 90 ]; then
      echo "$out" >&2
      exit 1
    fi
    sleep 10
  done
  DEBIAN_FRONTEND=noninteractive $sudo apt-get "${wait_lock[@]}" install -y -qq "${missing[@]}"
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test,pdf]'

npm ci --no-audit --no-fund --silent  # axe-core, injected into pages by the accessibility test

.venv/bin/ruff check generator tests benchmarks examples
.venv/bin/mypy
.venv/bin/lint-imports --no-cache
if compgen -G "tests/js/*.test.*js" >/dev/null; then
  node --test tests/js/
fi
# Two workers on this two-core machine; a file's tests stay together, as its fixtures expect.
.venv/bin/python -m pytest -n 2 --dist loadfile "$@"
