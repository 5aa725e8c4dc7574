#!/usr/bin/env bash
# Where the app's wasm goes: the same build as `./x app` (cargo wasm-release, wasm-bindgen,
# wasm-opt -Oz) but keeping function names (-g), then twiggy, by function and by crate.
# The sizes are before brotli; `./x app` prints the brotli size of the real bundle.
#
#   ./x app && scripts/wasm-size.sh [ROWS]
#
# twiggy is not a dependency of the build: `cargo install twiggy --root /var/tmp/linli/tools`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
LINLI_CACHE=${LINLI_CACHE:-/var/tmp/linli}
TARGET=${CARGO_TARGET_DIR:-$LINLI_CACHE/target}
export PATH="$LINLI_CACHE/tools/bin:$PWD/node_modules/.bin:$PATH"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

wasm-bindgen --target web --no-typescript --keep-debug --out-name linli_app --out-dir "$out" \
  "$TARGET/wasm32-unknown-unknown/wasm-release/linli-app.wasm"
wasm-opt -Oz -g --strip-dwarf --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$out/linli_app_bg.wasm" -o "$out/named.wasm"

echo "== largest functions and data (bytes before compression; names not counted)"
twiggy top -n "${1:-25}" "$out/named.wasm" | grep -v '"function names" subsection'

echo "== by crate (a generic function counts for the crate that defines it)"
twiggy top -n 1000000 -f csv "$out/named.wasm" > "$out/top.csv"
node -e '
const rows = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").slice(1);
const by = new Map();
let total = 0;
for (const row of rows) {
  const m = row.match(/^("(?:[^"]|"")*"|[^,]*),(\d+),/);
  if (!m) continue;
  const name = m[1].replace(/^"|"$/g, "").replace(/""/g, "\"");
  if (name.includes("function names") || name.includes("data names")) continue;
  const size = Number(m[2]);
  let key = name.startsWith("data segment") ? "(data: strings, tables)"
    : (name.replace(/^(<|&mut |&|dyn )+/, "").match(/^[A-Za-z_][A-Za-z0-9_]*/) || [name])[0];
  if (key === "T") key = "(generic impls: T as IntoAny, …)";
  by.set(key, (by.get(key) || 0) + size);
  total += size;
}
for (const [key, size] of [...by].sort((a, b) => b[1] - a[1]).slice(0, 20)) {
  console.log(String(size).padStart(8), (100 * size / total).toFixed(1).padStart(5) + "%", key);
}
console.log(String(total).padStart(8), "total");
' "$out/top.csv"
