#!/usr/bin/env bash
# Regenerate the C header with the pinned cbindgen and compare it with include/wcodm.h
# (exit 1 on any difference). With --write, update the checked-in header instead.
set -euo pipefail
cd "$(dirname "$0")/../.."
want="cbindgen 0.29.2"
have=$(cbindgen --version 2>/dev/null || true)
[ "$have" = "$want" ] || { echo "check_header: need $want (have: ${have:-none}); cargo install cbindgen --version 0.29.2 --locked"; exit 2; }
tmp=$(mktemp)
cbindgen --quiet --config cbindgen.toml --crate wcodm --output "$tmp" .
if [ "${1:-}" = "--write" ]; then mkdir -p include; mv "$tmp" include/wcodm.h; echo "wrote include/wcodm.h"; exit 0; fi
if ! diff -u include/wcodm.h "$tmp"; then echo "include/wcodm.h is out of date: run tests/c/check_header.sh --write"; rm -f "$tmp"; exit 1; fi
rm -f "$tmp"; echo "include/wcodm.h is up to date"
