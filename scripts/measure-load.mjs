// How long until a resident sees Linli and can use the home page, and how many bytes the app
// costs.
//
//   node scripts/measure-load.mjs [SERVER_URL] [--runs N] [--only phone,slow3g,kiosk]
//                                                   (default http://127.0.0.1:8080, 5 runs)
//
// Needs a running linli-server (with the demo directory) at SERVER_URL and Debian's chromium.
// Three conditions, each a cold load (fresh browser context, cache disabled) repeated N times:
//   phone   360x640, 1.6 Mbit/s down, 750 kbit/s up, 150 ms latency, CPU slowed down 4x
//   slow3g  360x640, 400 kbit/s down and up, 400 ms latency, CPU slowed down 4x
//   kiosk   1920x1080, no throttling
// and, on the two phone conditions, a returning visit: a first load, then (once a service
// worker, if the app has one, is ready) a second load in the same browser context, cache on.
// Throttling is the Chrome DevTools Protocol's (Network.emulateNetworkConditions,
// Emulation.setCPUThrottlingRate).
//
// Times are taken inside the page, from navigation start (performance.now()):
//   frame   the first frame drawn with the top bar in its colour: Linli's first meaningful paint
//           (whatever draws it, index.html's own frame or the app);
//   usable  a category tile is visible and the search box is enabled: HTML, CSS, JS, wasm,
//           the first API answer and the first render all done.
// It also prints the bytes of the app (wasm + js + css) as they crossed the wire, asked for
// with Accept-Encoding: br. It only reports; it asserts nothing.
import { chromium } from 'playwright-core';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  if (at < 0) return fallback;
  const [value] = args.splice(at, 2).slice(1);
  return value;
};
const RUNS = Number(option('--runs', 5));
const only = option('--only', '').split(',').filter(Boolean);
const base = (args[0] ?? 'http://127.0.0.1:8080').replace(/\/$/, '');

// The same flags as e2e/playwright.config.ts.
const launchOptions = {
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
};

const phone = { viewport: { width: 360, height: 640 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const conditions = [
  {
    name: 'phone',
    context: phone,
    network: { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 },
    cpuRate: 4,
    returning: true,
  },
  {
    name: 'slow3g',
    context: phone,
    network: { offline: false, latency: 400, downloadThroughput: 400e3 / 8, uploadThroughput: 400e3 / 8 },
    cpuRate: 4,
    returning: true,
  },
  {
    name: 'kiosk',
    context: { viewport: { width: 1920, height: 1080 }, hasTouch: true },
    network: null,
    cpuRate: 1,
  },
].filter((c) => only.length === 0 || only.includes(c.name));

// Runs in the page before any of its scripts: notes the first frame with the top bar drawn in
// its colour, and the first moment the home page is usable.
function watchLoad() {
  const shown = (el) => {
    if (!el) return false;
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0
      && (typeof el.checkVisibility !== 'function' || el.checkVisibility({ visibilityProperty: true }));
  };
  const framed = () => {
    const bar = document.querySelector('.topbar');
    // The style sheet has arrived: the bar is Linli's red, not an unstyled line of text.
    return shown(bar) && getComputedStyle(bar).backgroundColor === 'rgb(179, 38, 30)';
  };
  const usable = () => {
    const input = document.querySelector('[data-testid="search-input"]');
    return shown(document.querySelector('[data-testid="category-tile"]'))
      && input && !input.disabled && !input.readOnly;
  };
  // requestAnimationFrame runs just before a frame is drawn.
  const tick = () => {
    const now = performance.now();
    if (window.__linliFrameAt === undefined && framed()) window.__linliFrameAt = now;
    if (window.__linliUsableAt === undefined && usable()) window.__linliUsableAt = now;
    if (window.__linliUsableAt === undefined || window.__linliFrameAt === undefined) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function kind(url) {
  const path = new URL(url).pathname;
  if (path.endsWith('.wasm')) return 'wasm';
  if (path.endsWith('.js') || path.endsWith('.mjs')) return 'js';
  if (path.endsWith('.css')) return 'css';
  if (path.startsWith('/api/')) return 'api';
  return 'other';
}

async function throttle(context, page, condition, { cacheDisabled }) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  if (cacheDisabled) await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (condition.network) await cdp.send('Network.emulateNetworkConditions', condition.network);
  if (condition.cpuRate !== 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: condition.cpuRate });
  return cdp;
}

async function timesOf(page) {
  await page.waitForFunction(() => window.__linliUsableAt !== undefined && window.__linliFrameAt !== undefined,
    undefined, { timeout: 180_000, polling: 100 });
  return page.evaluate(() => ({ frameMs: window.__linliFrameAt, usableMs: window.__linliUsableAt }));
}

function newContext(browser, condition) {
  return browser.newContext({
    ...condition.context,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    extraHTTPHeaders: { 'Accept-Encoding': 'br' },
  });
}

async function coldLoad(browser, condition) {
  const context = await newContext(browser, condition);
  const page = await context.newPage();
  await page.addInitScript(watchLoad);
  const cdp = await throttle(context, page, condition, { cacheDisabled: true });

  // Bytes on the wire per response (headers included, body as encoded), with its encoding.
  const responses = new Map();
  cdp.on('Network.responseReceived', ({ requestId, response }) => {
    const headers = Object.fromEntries(Object.entries(response.headers).map(([k, v]) => [k.toLowerCase(), v]));
    responses.set(requestId, { url: response.url, encoding: headers['content-encoding'] ?? 'identity', bytes: 0 });
  });
  cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => {
    const entry = responses.get(requestId);
    if (entry) entry.bytes = encodedDataLength;
  });

  await page.goto(`${base}/`, { waitUntil: 'commit' });
  const times = await timesOf(page);
  // Let late responses (icon, manifest) finish so the byte count is complete.
  await page.waitForLoadState('load');
  await page.waitForTimeout(condition.network ? 1500 : 300);
  await context.close();
  return { ...times, responses: [...responses.values()] };
}

// A resident coming back: the first load fills the caches (HTTP cache; the service worker's,
// when there is one), the second is measured.
async function returningLoad(browser, condition) {
  const context = await newContext(browser, condition);
  const page = await context.newPage();
  await page.addInitScript(watchLoad);
  await page.goto(`${base}/`, { waitUntil: 'commit' });
  await timesOf(page);
  await page.waitForLoadState('load');
  await page.evaluate(async () => {
    if (!('serviceWorker' in navigator)) return;
    const registration = await navigator.serviceWorker.getRegistration();
    if (registration) await navigator.serviceWorker.ready;
  });
  await page.waitForTimeout(2000);
  const again = await context.newPage();
  await again.addInitScript(watchLoad);
  await throttle(context, again, condition, { cacheDisabled: false });
  await page.close();
  await again.goto(`${base}/`, { waitUntil: 'commit' });
  const times = await timesOf(again);
  const controlled = await again.evaluate(() => Boolean(navigator.serviceWorker?.controller));
  await context.close();
  return { ...times, controlled };
}

const health = await fetch(`${base}/healthz`).catch((error) => ({ ok: false, error }));
if (!health.ok) {
  console.error(`no linli-server answering at ${base}/healthz (${health.error?.message ?? health.status})`);
  process.exit(1);
}

const browser = await chromium.launch(launchOptions);
console.log(`Linli load time at ${base} (${browser.version()}), ${RUNS} loads per condition`);
const round = (ms) => Math.round(ms).toLocaleString('en-US');
const report = (label, runs) => {
  const frames = runs.map((r) => r.frameMs);
  const usables = runs.map((r) => r.usableMs);
  console.log(`  ${label}: frame median ${round(median(frames))} ms (max ${round(Math.max(...frames))}),`
    + ` usable median ${round(median(usables))} ms (max ${round(Math.max(...usables))})`);
  console.log(`    frame runs: ${frames.map(round).join(', ')} ms; usable runs: ${usables.map(round).join(', ')} ms`);
};
let lastResponses = [];
for (const condition of conditions) {
  const throttling = condition.network
    ? `${condition.network.downloadThroughput * 8 / 1e3} kbit/s down, ${condition.network.uploadThroughput * 8 / 1e3} kbit/s up, ${condition.network.latency} ms, CPU /${condition.cpuRate}`
    : 'no throttling';
  console.log(`\n${condition.name} (${condition.context.viewport.width}x${condition.context.viewport.height}, ${throttling})`);
  const cold = [];
  for (let run = 0; run < RUNS; run++) {
    const result = await coldLoad(browser, condition);
    cold.push(result);
    lastResponses = result.responses;
  }
  report('cold', cold);
  if (condition.returning) {
    const back = [];
    for (let run = 0; run < RUNS; run++) back.push(await returningLoad(browser, condition));
    report(`returning (service worker in control: ${back.filter((r) => r.controlled).length}/${RUNS})`, back);
  }
}
await browser.close();

// The bytes of one cold load (the last one; every load fetches the same files).
const byKind = {};
console.log('\nTransferred in one cold load (bytes on the wire, headers included):');
for (const r of lastResponses.sort((a, b) => b.bytes - a.bytes)) {
  const k = kind(r.url);
  byKind[k] = (byKind[k] ?? 0) + r.bytes;
  console.log(`  ${String(r.bytes).padStart(9)}  ${r.encoding.padEnd(8)} ${k.padEnd(5)} ${new URL(r.url).pathname}`);
}
const app = (byKind.wasm ?? 0) + (byKind.js ?? 0) + (byKind.css ?? 0);
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
console.log(`\n  app (wasm + js + css): ${app} bytes = ${kb(app)}`
  + `  [wasm ${kb(byKind.wasm ?? 0)}, js ${kb(byKind.js ?? 0)}, css ${kb(byKind.css ?? 0)}]`);
const all = Object.values(byKind).reduce((a, b) => a + b, 0);
console.log(`  everything (with HTML, API answers, icon): ${all} bytes = ${kb(all)}`);
