#!/usr/bin/env bash
# The README's test command: sets up everything on a fresh machine, then runs the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."

# Servers and browsers the tests run for real (Debian packages): redis-server for the distributed
# tests, chromium and its driver for the report test (tests/test_datasetreport.py; about a minute
# to install on a fresh machine).
need=()
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
if [ "${#need[@]}" -gt 0 ]; then
    if command -v apt-get >/dev/null 2>&1; then
        SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
        $SUDO apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
    else
        echo "scripts/test.sh: ${need[*]} missing and apt-get is not available" >&2
    fi
fi

# libmagic for datatrove's WARC reader (python-magic); Debian images usually have it already.
if ! ldconfig -p 2>/dev/null | grep -q 'libmagic\.so\.1' && command -v apt-get >/dev/null 2>&1; then
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libmagic1 >/dev/null
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
# pip 23 (Python 3.11's bundled one) fails to resolve lxml[html-clean] asked for twice (the bench extra)
.venv/bin/python -m pip install -q --disable-pip-version-check -U 'pip>=24'
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'

.venv/bin/ruff check .

set +e
.venv/bin/python -m pytest -q -p no:cacheprovider "$@"
rc=$?
set -e
if [ "$rc" -eq 5 ]; then
    echo "scripts/test.sh: pytest collected no tests; that is a failure, not a pass" >&2
    exit 1
fi
exit "$rc"
