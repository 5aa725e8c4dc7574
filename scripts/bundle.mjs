// Assembles dist/ from the wasm-bindgen output and public/: content-hashed asset names (so
// they can be cached for a year), index.html pointing at them, and a brotli and a gzip copy of
// every text or wasm file (the server picks one by Accept-Encoding). The lazy pages' modules
// and their loader (wasm-split-cli's output, see ./x app) are hashed the same way. The service
// worker (public/sw.js) gets the build's list of files to keep offline.
//
//   node scripts/bundle.mjs PKG_DIR PUBLIC_DIR DIST_DIR
//
// The staff console (console/, served under /staff) is a bundle of its own, added after the
// resident app's into the same dist/ (its assets hashed beside the app's, its page at
// dist/staff/index.html), and left out of the resident app's service worker:
//
//   node scripts/bundle.mjs --console PKG_DIR PUBLIC_DIR DIST_DIR
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const consoleMode = process.argv[2] === '--console';
const [pkg, pub, dist] = process.argv.slice(consoleMode ? 3 : 2);
if (!dist) {
  console.error('usage: node scripts/bundle.mjs [--console] PKG_DIR PUBLIC_DIR DIST_DIR');
  process.exit(2);
}
if (consoleMode) {
  bundleConsole();
  process.exit(0);
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
  const hash = hashOf(bytes);
  const ext = extname(path);
  const name = `${basename(path, ext)}-${hash}${ext}`;
  writeFileSync(join(dist, 'assets', name), bytes);
  hashed[basename(path)] = name;
}
function hashOf(bytes) {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 16);
}

// The lazy pages' modules (wasm-split-cli: `split_*.wasm` per page, `chunk_*.wasm` shared by
// several) are fetched by the loader `__wasm_split.js`, by names relative to itself.
const pageModules = readdirSync(pkg).filter((n) => n.endsWith('.wasm') && n !== 'linli_app_bg.wasm').sort();
for (const name of pageModules) addHashed(join(pkg, name));
let loader = readFileSync(join(pkg, '__wasm_split.js'), 'utf8');
for (const name of pageModules) {
  const quoted = `"./${name}"`;
  if (!loader.includes(quoted)) throw new Error(`__wasm_split.js does not name ${name}`);
  loader = loader.replaceAll(quoted, `"./${hashed[name]}"`);
}
// The glue imports the loader and the loader imports the glue: neither name can hold the other's
// hash, so both carry one hash of the two together (a change to either renames both).
const glue = readFileSync(join(pkg, 'linli_app.js'), 'utf8');
const pair = hashOf(`${glue}\0${loader}`);
hashed['linli_app.js'] = `linli_app-${pair}.js`;
hashed['__wasm_split.js'] = `__wasm_split-${pair}.js`;
// Only the import statements change: the glue's import object keeps the wasm's module name.
const glueOut = glue.replaceAll(/(\bfrom\s*)"\.\/__wasm_split\.js"/g, `$1"./${hashed['__wasm_split.js']}"`);
const loaderOut = loader.replaceAll(/(\bfrom\s*)"\.\/linli_app\.js"/g, `$1"./${hashed['linli_app.js']}"`);
if (glueOut === glue || loaderOut === loader) throw new Error('the glue and the split loader no longer name each other');
writeFileSync(join(dist, 'assets', hashed['linli_app.js']), glueOut);
writeFileSync(join(dist, 'assets', hashed['__wasm_split.js']), loaderOut);

addHashed(join(pkg, 'linli_app_bg.wasm'));
addHashed(join(pub, 'style.css'));
// The boot script names the two files above, so it is filled in, then hashed itself.
addHashed(join(pub, 'boot.js'), Buffer.from(fill(readFileSync(join(pub, 'boot.js'), 'utf8'), 'boot.js')));

const templates = ['index.html', 'style.css', 'boot.js', 'sw.js'];
const copied = [];
for (const name of readdirSync(pub)) {
  if (templates.includes(name)) continue;
  copyFileSync(join(pub, name), join(dist, name));
  copied.push(name);
}
const html = fill(readFileSync(join(pub, 'index.html'), 'utf8'), 'index.html');
// The Content-Security-Policy refuses inline scripts and styles: none may slip in.
if (/<script(?![^>]*\bsrc=)[^>]*>|<style|\sstyle=/i.test(html)) {
  throw new Error('index.html has an inline script or style, which the Content-Security-Policy refuses');
}
writeFileSync(join(dist, 'index.html'), html);

// The service worker keeps this build: every hashed asset (the pages' modules too, so an
// offline phone can open any page) and the files the manifest and index.html name. Its version
// is a hash of all of them and of index.html, so any change to the build is a new worker,
// which replaces the old cache (public/sw.js). robots.txt is no part of the app.
const shellFiles = [
  ...Object.values(hashed).map((name) => `/assets/${name}`),
  ...copied.filter((name) => name !== 'robots.txt').map((name) => `/${name}`),
].sort();
const version = hashOf(Buffer.concat([html, ...shellFiles, ...copied.map((name) => readFileSync(join(pub, name)))]
  .map((part) => Buffer.from(part))));
const worker = readFileSync(join(pub, 'sw.js'), 'utf8');
if (!worker.includes('__LINLI_BUILD__')) throw new Error('sw.js has no __LINLI_BUILD__ to fill in');
writeFileSync(join(dist, 'sw.js'), worker.replace('__LINLI_BUILD__', JSON.stringify({ version, files: shellFiles })));
console.log(`service worker: build ${version}, ${shellFiles.length} files kept`);

function compressAll(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) { compressAll(path); continue; }
    if (!/\.(html|js|css|wasm|svg|webmanifest|json|txt)$/.test(name)) continue;
    const bytes = readFileSync(path);
    writeFileSync(`${path}.br`, brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }));
    writeFileSync(`${path}.gz`, gzipSync(bytes, { level: 9 }));
  }
}
compressAll(dist);

const size = (p) => statSync(join(dist, 'assets', p)).size;
const sum = (names) => names.reduce((t, n) => [t[0] + size(n), t[1] + size(n + '.br'), t[2] + size(n + '.gz')], [0, 0, 0]);
const row = (label, [raw, br, gz]) => console.log(`${label}: ${raw} B, brotli ${br} B, gzip ${gz} B`);
for (const [from, to] of Object.entries(hashed)) row(`${from} -> assets/${to}`, sum([to]));
// What home needs (index.html and the API's answer aside), and what the other pages add.
const firstLoad = ['linli_app_bg.wasm', 'linli_app.js', '__wasm_split.js', 'boot.js', 'style.css'];
row('first load (home)', sum(firstLoad.map((n) => hashed[n])));
row('pages, all modules', sum(pageModules.map((n) => hashed[n])));

// The staff console: one wasm module (no lazy pages), its glue, boot script and style, hashed
// into dist/assets; its page into dist/staff/index.html. Only these files are compressed here.
function bundleConsole() {
  const written = [];
  const hashedConsole = {};
  const add = (name, bytes) => {
    const ext = extname(name);
    const out = `${basename(name, ext)}-${hashOf(bytes)}${ext}`;
    writeFileSync(join(dist, 'assets', out), bytes);
    hashedConsole[name] = out;
    written.push(join(dist, 'assets', out));
  };
  const fillConsole = (text, from) => text.replace(/\{\{([^}]+)\}\}/g, (_, key) => {
    if (!hashedConsole[key]) throw new Error(`${from} refers to unknown asset ${key}`);
    return hashedConsole[key];
  });
  mkdirSync(join(dist, 'assets'), { recursive: true });
  rmSync(join(dist, 'staff'), { recursive: true, force: true });
  mkdirSync(join(dist, 'staff'), { recursive: true });
  add('linli_console_bg.wasm', readFileSync(join(pkg, 'linli_console_bg.wasm')));
  add('linli_console.js', readFileSync(join(pkg, 'linli_console.js')));
  add('console.css', readFileSync(join(pub, 'console.css')));
  add('console-boot.js', Buffer.from(fillConsole(readFileSync(join(pub, 'console-boot.js'), 'utf8'), 'console-boot.js')));
  const html = fillConsole(readFileSync(join(pub, 'index.html'), 'utf8'), 'index.html');
  if (/<script(?![^>]*\bsrc=)[^>]*>|<style|\sstyle=/i.test(html)) {
    throw new Error('the console\'s index.html has an inline script or style, which the Content-Security-Policy refuses');
  }
  writeFileSync(join(dist, 'staff', 'index.html'), html);
  written.push(join(dist, 'staff', 'index.html'));
  for (const path of written) {
    const bytes = readFileSync(path);
    writeFileSync(`${path}.br`, brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }));
    writeFileSync(`${path}.gz`, gzipSync(bytes, { level: 9 }));
  }
  const sizeOf = (p) => statSync(p).size;
  let total = [0, 0, 0];
  for (const [from, to] of Object.entries(hashedConsole)) {
    const p = join(dist, 'assets', to);
    const row = [sizeOf(p), sizeOf(`${p}.br`), sizeOf(`${p}.gz`)];
    total = total.map((t, i) => t + row[i]);
    console.log(`console ${from} -> assets/${to}: ${row[0]} B, brotli ${row[1]} B, gzip ${row[2]} B`);
  }
  console.log(`console, first load: ${total[0]} B, brotli ${total[1]} B, gzip ${total[2]} B`);
}
