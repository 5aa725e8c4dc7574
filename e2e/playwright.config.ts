// End-to-end tests: the real linli-server on a fresh SQLite database with the demo directory,
// driven in Debian's Chromium (nothing downloads a browser). Three screen shapes: the landscape
// kiosk of a service center, a smaller kiosk screen, and a phone. The kiosk tests open the app
// with `?kiosk=<point id>` themselves (see KIOSK_POINT in tests/pages.ts). The server's clock is
// fixed (fixed-time.ts), so no test depends on when it runs. The staff console (/staff) is a
// desktop application: its spec runs in a project of its own at 1366x768, and only there.
import { defineConfig, devices } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FIXED_TIME } from './fixed-time';
import { PUBLIC_URL } from './public-url';

const port = Number(process.env.LINLI_E2E_PORT ?? 18080);
// Kept in the environment so the test workers (which read this file again) see the same
// database: the console's tests add staff accounts to it with the server's own command line.
const dataDir = process.env.LINLI_E2E_DATA ?? mkdtempSync(join(tmpdir(), 'linli-e2e-'));
process.env.LINLI_E2E_DATA = dataDir;
const root = resolve(__dirname, '..');
const server = process.env.LINLI_SERVER_BIN ?? join(root, 'target/debug/linli-server');

// The same flags scripts/measure-load.mjs uses.
const chromium = {
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
};

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  retries: 0,
  // Two cores: one browser at a time next to the (debug) server keeps timings honest.
  workers: Number(process.env.LINLI_E2E_WORKERS ?? 1),
  reporter: [['list']],
  // Read by the tests (tests/support.ts): where the screenshots for the docs go, written only
  // with LINLI_SCREENSHOTS=1 (`./x screenshots`).
  metadata: { screenshotDir: join(root, 'docs', 'screenshots') },
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: chromium,
    // Residents' browsers: Chinese, China Standard Time.
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    // The app's service worker (public/sw.js) keeps every page's code after the first load, so
    // tests of what a first visit fetches, or of code that has not arrived, would not see the
    // network. It is on in the specs about it (offline.spec.ts: `test.use`).
    serviceWorkers: 'block',
    trace: 'off',
  },
  projects: [
    {
      name: 'kiosk',
      testIgnore: /console\.spec\.ts/,
      use: {
        browserName: 'chromium',
        viewport: { width: 1920, height: 1080 },
        hasTouch: true,
        isMobile: false,
      },
    },
    {
      name: 'kiosk-small',
      testIgnore: /console\.spec\.ts/,
      use: {
        browserName: 'chromium',
        viewport: { width: 1280, height: 800 },
        hasTouch: true,
        isMobile: false,
      },
    },
    {
      name: 'phone',
      testIgnore: /console\.spec\.ts/,
      use: {
        browserName: 'chromium',
        userAgent: devices['Pixel 7'].userAgent,
        viewport: { width: 360, height: 640 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
      },
    },
    {
      name: 'desktop',
      testMatch: /console\.spec\.ts/,
      use: {
        browserName: 'chromium',
        viewport: { width: 1366, height: 768 },
        hasTouch: false,
        isMobile: false,
      },
    },
  ],
  webServer: {
    command: `${server} serve --demo --dist ${join(root, 'dist')} --fixed-time ${FIXED_TIME}`,
    url: `http://127.0.0.1:${port}/healthz`,
    env: {
      DATABASE_URL: `sqlite://${join(dataDir, 'linli.db')}`,
      LINLI_ADDR: `127.0.0.1:${port}`,
      // Kiosks open the app at a local address; QR codes must carry the public one.
      LINLI_PUBLIC_URL: PUBLIC_URL,
      // Text messages (residents' codes) as JSON lines, where booking.spec.ts reads them.
      LINLI_SMS_OUTBOX: join(dataDir, 'sms-outbox.jsonl'),
    },
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
