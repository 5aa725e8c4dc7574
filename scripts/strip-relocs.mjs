// Removes the linker's relocation and linking sections (custom sections `linking` and
// `reloc.*`) from a linked wasm module, which wasm-opt cannot optimise with them present. The
// build links every wasm with `--emit-relocs` (the resident app's splitter needs them); the
// staff console is not split, so they are only in the way there.
//
//   node scripts/strip-relocs.mjs IN.wasm OUT.wasm
import { readFileSync, writeFileSync } from 'node:fs';

const [input, output] = process.argv.slice(2);
if (!output) {
  console.error('usage: node scripts/strip-relocs.mjs IN.wasm OUT.wasm');
  process.exit(2);
}
const bytes = readFileSync(input);
if (bytes.readUInt32LE(0) !== 0x6d736100) throw new Error(`${input} is not a wasm module`);
function leb(at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, at];
  }
}
const kept = [bytes.subarray(0, 8)];
let removed = 0;
for (let at = 8; at < bytes.length;) {
  const start = at;
  const id = bytes[at];
  const [size, payload] = leb(at + 1);
  const end = payload + size;
  let drop = false;
  if (id === 0) {
    const [nameLength, nameAt] = leb(payload);
    const name = bytes.subarray(nameAt, nameAt + nameLength).toString('utf8');
    drop = name === 'linking' || name.startsWith('reloc.');
  }
  if (drop) removed += end - start;
  else kept.push(bytes.subarray(start, end));
  at = end;
}
writeFileSync(output, Buffer.concat(kept));
console.log(`${input}: ${removed} bytes of relocation sections removed`);
