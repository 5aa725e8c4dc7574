#!/usr/bin/env bash
# Where the app's wasm goes: the same build as `./x app` (cargo wasm-release, wasm-split-cli,
# wasm-bindgen, wasm-opt -Oz) but keeping function names (-g), then twiggy on the main module
# (what home loads), by function and by crate, and the size of every page module.
# The sizes are before brotli; `./x app` prints the brotli size of the real bundle.
#
#   ./x app && scripts/wasm-size.sh [ROWS] [MODULE]     (MODULE: linli_app_bg, split_item_page, …)
#
# twiggy is not a dependency of the build: `cargo install twiggy --root /var/tmp/linli/tools`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
LINLI_CACHE=${LINLI_CACHE:-/var/tmp/linli}
TARGET=${CARGO_TARGET_DIR:-$LINLI_CACHE/target}
export PATH="$LINLI_CACHE/tools/bin:$PWD/node_modules/.bin:$PATH"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

wasm-split-cli --out-name linli_app "$TARGET/wasm32-unknown-unknown/wasm-release/linli-app.wasm" "$out"
wasm-bindgen --target web --no-typescript --keep-debug --keep-lld-exports --out-name linli_app \
  --out-dir "$out" "$out/linli_app.wasm"
rm "$out/linli_app.wasm"
for wasm in "$out"/*.wasm; do
  wasm-opt -Oz -g --strip-dwarf --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$wasm" -o "$wasm" 2> >(grep -v '^warning: unknown name subsection' >&2)
done

echo "== modules (bytes with names, before compression)"
for wasm in "$out"/*.wasm; do printf '%10d  %s\n' "$(stat -c %s "$wasm")" "$(basename "$wasm" .wasm)"; done
cp "$out/${2:-linli_app_bg}.wasm" "$out/named.wasm"

echo "== ${2:-linli_app_bg}: largest functions and data (bytes before compression; names not counted)"
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
