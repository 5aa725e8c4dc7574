// How long until a resident can use the home page, and how many bytes the app costs.
//
//   node scripts/measure-load.mjs [SERVER_URL]        (default http://127.0.0.1:8080)
//
// Needs a running linli-server (with the demo directory) at SERVER_URL and Debian's chromium.
// Two conditions, each a cold load (fresh browser context, cache disabled) repeated 5 times:
//   phone  360x640, 1.6 Mbit/s down, 750 kbit/s up, 150 ms latency, CPU slowed down 4x
//   kiosk  1920x1080, no throttling
// "Usable" means: a category tile is visible and the search box is enabled. The time is taken
// inside the page, from navigation start (performance.now()), so it includes the HTML, CSS, JS,
// wasm, the first API answers and the first render. It also prints the bytes of the app
// (wasm + js + css) as they crossed the wire, asked for with Accept-Encoding: br.
// It only reports; it asserts nothing.
import { chromium } from 'playwright-core';

const base = (process.argv[2] ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
const RUNS = 5;

// The same flags as e2e/playwright.config.ts.
const launchOptions = {
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
};

const conditions = [
  {
    name: 'phone',
    context: { viewport: { width: 360, height: 640 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
    network: {
      offline: false,
      latency: 150,
      downloadThroughput: (1.6e6 / 8),
      uploadThroughput: (750e3 / 8),
    },
    cpuRate: 4,
  },
  {
    name: 'kiosk',
    context: { viewport: { width: 1920, height: 1080 }, hasTouch: true },
    network: null,
    cpuRate: 1,
  },
];

// Runs in the page before any of its scripts: notes the first moment the home page is usable.
function watchUsable() {
  const usable = () => {
    const tile = document.querySelector('[data-testid="category-tile"]');
    const input = document.querySelector('[data-testid="search-input"]');
    if (!tile || !input || input.disabled || input.readOnly) return false;
    const box = tile.getBoundingClientRect();
    const visible = box.width > 0 && box.height > 0
      && (typeof tile.checkVisibility !== 'function' || tile.checkVisibility({ visibilityProperty: true }));
    return visible;
  };
  const check = () => {
    if (window.__linliUsableAt === undefined && usable()) {
      window.__linliUsableAt = performance.now();
      observer.disconnect();
      clearInterval(timer);
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, attributes: true });
  // Style sheets arriving change visibility without a DOM mutation.
  const timer = setInterval(check, 10);
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

async function loadOnce(browser, condition) {
  const context = await browser.newContext({
    ...condition.context,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    extraHTTPHeaders: { 'Accept-Encoding': 'br' },
  });
  const page = await context.newPage();
  await page.addInitScript(watchUsable);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (condition.network) await cdp.send('Network.emulateNetworkConditions', condition.network);
  if (condition.cpuRate !== 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: condition.cpuRate });

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
  await page.waitForFunction(() => window.__linliUsableAt !== undefined, undefined, { timeout: 180_000, polling: 100 });
  const usableMs = await page.evaluate(() => window.__linliUsableAt);
  // Let late responses (icon, manifest) finish so the byte count is complete.
  await page.waitForLoadState('load');
  await page.waitForTimeout(condition.network ? 1500 : 300);
  await context.close();
  return { usableMs, responses: [...responses.values()] };
}

const health = await fetch(`${base}/healthz`).catch((error) => ({ ok: false, error }));
if (!health.ok) {
  console.error(`no linli-server answering at ${base}/healthz (${health.error?.message ?? health.status})`);
  process.exit(1);
}

const browser = await chromium.launch(launchOptions);
console.log(`Linli load time at ${base} (${browser.version()}), ${RUNS} cold loads per condition`);
let lastResponses = [];
for (const condition of conditions) {
  const times = [];
  for (let run = 0; run < RUNS; run++) {
    const { usableMs, responses } = await loadOnce(browser, condition);
    times.push(usableMs);
    lastResponses = responses;
  }
  const throttling = condition.network
    ? `${condition.network.downloadThroughput * 8 / 1e6} Mbit/s down, ${condition.network.uploadThroughput * 8 / 1e3} kbit/s up, ${condition.network.latency} ms, CPU /${condition.cpuRate}`
    : 'no throttling';
  console.log(`\n${condition.name} (${condition.context.viewport.width}x${condition.context.viewport.height}, ${throttling})`);
  console.log(`  usable home: median ${Math.round(median(times))} ms, max ${Math.round(Math.max(...times))} ms`);
  console.log(`  runs: ${times.map((t) => Math.round(t)).join(', ')} ms`);
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
