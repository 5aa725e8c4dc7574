// End-to-end tests: the real linli-server on a fresh SQLite database with the demo directory,
// driven in Debian's Chromium (nothing downloads a browser). Two screen shapes: a landscape
// kiosk and a phone.
import { defineConfig, devices } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const port = Number(process.env.LINLI_E2E_PORT ?? 18080);
const dataDir = mkdtempSync(join(tmpdir(), 'linli-e2e-'));
const root = resolve(__dirname, '..');
const server = process.env.LINLI_SERVER_BIN ?? join(root, 'target/debug/linli-server');

const chromium = {
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
};

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: chromium,
    trace: 'off',
  },
  projects: [
    { name: 'kiosk', use: { browserName: 'chromium', viewport: { width: 1920, height: 1080 }, hasTouch: true } },
    { name: 'phone', use: { ...devices['Pixel 7'] } },
  ],
  webServer: {
    command: `${server} serve --demo --dist ${join(root, 'dist')}`,
    url: `http://127.0.0.1:${port}/healthz`,
    env: {
      DATABASE_URL: `sqlite://${join(dataDir, 'linli.db')}`,
      LINLI_ADDR: `127.0.0.1:${port}`,
    },
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
