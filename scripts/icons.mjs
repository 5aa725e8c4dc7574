// Draws the app's icons from public/icon.svg with Debian's chromium, once, when the icon
// changes (the PNGs and favicon.ico are committed in public/; no build step runs this):
//
//   node scripts/icons.mjs
//
// icon-192.png and icon-512.png for the web manifest (Android's install prompt wants both),
// icon-maskable-512.png (the red fills the whole square and the house sits inside the round
// "safe zone", for launchers that cut icons to a circle or a squircle), and favicon.ico (16,
// 32 and 48 px PNGs in an ICO container) for browsers and tools that ask for /favicon.ico.
import { chromium } from 'playwright-core';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const pub = join(import.meta.dirname, '..', 'public');
const svg = readFileSync(join(pub, 'icon.svg'), 'utf8');
// The same house on a square with no rounded corners, drawn at 80% around the centre.
const maskable = svg
  .replace(/<rect [^>]*\/>/, '<rect width="64" height="64" fill="#b3261e"/>')
  .replace('<path ', '<path transform="translate(6.4 6.4) scale(0.8)" ');
if (maskable === svg) throw new Error('icon.svg no longer has the rect and path this script expects');

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage();
async function png(source, size) {
  await page.setViewportSize({ width: size, height: size });
  const url = `data:image/svg+xml;base64,${Buffer.from(source).toString('base64')}`;
  await page.setContent(`<body style="margin:0"><img src="${url}" width="${size}" height="${size}" style="display:block"></body>`);
  await page.locator('img').evaluate((img) => img.decode());
  return page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
}

writeFileSync(join(pub, 'icon-192.png'), await png(svg, 192));
writeFileSync(join(pub, 'icon-512.png'), await png(svg, 512));
writeFileSync(join(pub, 'icon-maskable-512.png'), await png(maskable, 512));

// ICO: a 6-byte header, a 16-byte entry per image, then the images (PNG inside ICO is read by
// every browser since Windows Vista's time).
const images = [];
for (const size of [16, 32, 48]) images.push({ size, bytes: await png(svg, size) });
const header = Buffer.alloc(6 + 16 * images.length);
header.writeUInt16LE(0, 0);
header.writeUInt16LE(1, 2);
header.writeUInt16LE(images.length, 4);
let offset = header.length;
images.forEach(({ size, bytes }, i) => {
  const at = 6 + 16 * i;
  header.writeUInt8(size, at);
  header.writeUInt8(size, at + 1);
  header.writeUInt8(0, at + 2);
  header.writeUInt8(0, at + 3);
  header.writeUInt16LE(1, at + 4);
  header.writeUInt16LE(32, at + 6);
  header.writeUInt32LE(bytes.length, at + 8);
  header.writeUInt32LE(offset, at + 12);
  offset += bytes.length;
});
writeFileSync(join(pub, 'favicon.ico'), Buffer.concat([header, ...images.map((i) => i.bytes)]));
await browser.close();
console.log('wrote icon-192.png, icon-512.png, icon-maskable-512.png, favicon.ico in public/');
