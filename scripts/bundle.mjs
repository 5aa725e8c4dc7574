// Assembles dist/ from the wasm-bindgen output and public/: content-hashed asset names (so
// they can be cached for a year), index.html pointing at them, and a brotli and a gzip copy of
// every text or wasm file (the server picks one by Accept-Encoding).
//
//   node scripts/bundle.mjs PKG_DIR PUBLIC_DIR DIST_DIR
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const [pkg, pub, dist] = process.argv.slice(2);
if (!dist) {
  console.error('usage: node scripts/bundle.mjs PKG_DIR PUBLIC_DIR DIST_DIR');
  process.exit(2);
}
rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, 'assets'), { recursive: true });

const hashed = {};
// `{{name}}` in a template becomes the hashed name of an asset added before it.
function fill(text, from) {
  return text.replace(/\{\{([^}]+)\}\}/g, (_, key) => {
    if (!hashed[key]) throw new Error(`${from} refers to unknown asset ${key}`);
    return hashed[key];
  });
}
function addHashed(path, bytes = readFileSync(path)) {
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  const ext = extname(path);
  const name = `${basename(path, ext)}-${hash}${ext}`;
  writeFileSync(join(dist, 'assets', name), bytes);
  hashed[basename(path)] = name;
}
addHashed(join(pkg, 'linli_app.js'));
addHashed(join(pkg, 'linli_app_bg.wasm'));
addHashed(join(pub, 'style.css'));
// The boot script names the two files above, so it is filled in, then hashed itself.
addHashed(join(pub, 'boot.js'), Buffer.from(fill(readFileSync(join(pub, 'boot.js'), 'utf8'), 'boot.js')));

for (const name of readdirSync(pub)) {
  if (['index.html', 'style.css', 'boot.js'].includes(name)) continue;
  copyFileSync(join(pub, name), join(dist, name));
}
const html = fill(readFileSync(join(pub, 'index.html'), 'utf8'), 'index.html');
// The Content-Security-Policy refuses inline scripts and styles: none may slip in.
if (/<script(?![^>]*\bsrc=)[^>]*>|<style|\sstyle=/i.test(html)) {
  throw new Error('index.html has an inline script or style, which the Content-Security-Policy refuses');
}
writeFileSync(join(dist, 'index.html'), html);

function compressAll(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) { compressAll(path); continue; }
    if (!/\.(html|js|css|wasm|svg|webmanifest|json)$/.test(name)) continue;
    const bytes = readFileSync(path);
    writeFileSync(`${path}.br`, brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }));
    writeFileSync(`${path}.gz`, gzipSync(bytes, { level: 9 }));
  }
}
compressAll(dist);

for (const [from, to] of Object.entries(hashed)) {
  const size = (p) => statSync(join(dist, 'assets', p)).size;
  console.log(`${from} -> assets/${to}: ${size(to)} B, brotli ${size(to + '.br')} B, gzip ${size(to + '.gz')} B`);
}
