#!/usr/bin/env bash
# Debian packages the test suite needs, installed only when missing (called by `make test`):
#   postgresql  a real PostgreSQL server, started by the tests for the app-state suite
#   chromium    Debian's Chromium, driven by Playwright for the browser tests
set -euo pipefail

need=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
# fonts for readable screenshots (Chromium pulls in some, not always a sans with Indonesian glyphs)
[ -d /usr/share/fonts/truetype/dejavu ] || need+=(fonts-dejavu-core)

if [ ${#need[@]} -eq 0 ]; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "Paket Debian belum terpasang: ${need[*]}." >&2
    echo "Saran: jalankan 'sudo apt-get install -y ${need[*]}' lalu ulangi 'make test'." >&2
    exit 1
fi
echo "Memasang paket Debian: ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
