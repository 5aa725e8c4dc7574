// The installable app and its service worker (public/sw.js): the whole build kept after the
// first visit, an offline reload that opens the app (which says it is offline) or, if nothing is
// kept, a clear page in both languages instead of the browser's error; pages always asked of
// the server first, so a new version is never hidden behind the kept one; the API never
// answered from a cache.
import type { Page } from '@playwright/test';
import { expect, test } from './support';
import { ErrorNotice, HomePage, ItemPage, entryUrl, touch } from './pages';

// The other specs block the worker (playwright.config.ts); these are about it.
test.use({ serviceWorkers: 'allow' });

/** Opens home and waits until the service worker controls the page (it claims it at once). */
async function openWithWorker(page: Page, path: string) {
  await page.goto(path);
  await new HomePage(page).ready();
  await page.waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated');
}

/** Every URL path in the worker's caches, by cache. */
async function cached(page: Page): Promise<Record<string, string[]>> {
  return page.evaluate(async () => {
    const all: Record<string, string[]> = {};
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      all[name] = (await cache.keys()).map((r) => new URL(r.url).pathname);
    }
    return all;
  });
}

test('the worker keeps the whole build: the page, every hashed file, the icons', async ({ page }, testInfo) => {
  await openWithWorker(page, entryUrl('/', testInfo));
  const caches = await cached(page);
  const names = Object.keys(caches);
  expect(names).toHaveLength(1);
  expect(names[0]).toMatch(/^linli-[0-9a-f]{16}$/);
  const kept = caches[names[0]];
  expect(kept).toContain('/');
  for (const file of [/^\/assets\/linli_app_bg-[0-9a-f]+\.wasm$/, /^\/assets\/linli_app-[0-9a-f]+\.js$/,
    /^\/assets\/boot-[0-9a-f]+\.js$/, /^\/assets\/style-[0-9a-f]+\.css$/, /^\/assets\/split_item_page-[0-9a-f]+\.wasm$/]) {
    expect(kept.some((path) => file.test(path)), `${file} kept`).toBe(true);
  }
  expect(kept).toContain('/manifest.webmanifest');
  expect(kept).toContain('/icon-192.png');
  // Nothing of the API, and nothing that is not this build's.
  expect(kept.filter((path) => path.startsWith('/api'))).toEqual([]);
  expect(kept).not.toContain('/robots.txt');
});

test('offline, a reload opens the app, which says the device is offline; back online it works', async ({ page, context }, testInfo) => {
  await openWithWorker(page, entryUrl('/', testInfo));
  await context.setOffline(true);
  await page.reload();
  // Not the browser's error page: the app, from the kept files.
  await expect(page).toHaveTitle('邻里 · 社区服务');
  const notice = new ErrorNotice(page);
  await expect(notice.error).toContainText('没有联网');
  await expect(page.getByTestId('home-button')).toBeVisible();

  // Another page by its address, offline: its code is kept too; its data needs the network.
  await page.goto(entryUrl('/items/dibao', testInfo));
  await expect(notice.error).toContainText('没有联网');

  await context.setOffline(false);
  await touch(notice.retry);
  await expect(new ItemPage(page).name).toHaveText('最低生活保障');
});

test('with nothing kept, an offline reload shows a clear page in both languages', async ({ page, context }, testInfo) => {
  await openWithWorker(page, entryUrl('/', testInfo));
  // As if the browser had cleared the storage while the worker stayed.
  await page.evaluate(async () => { for (const name of await caches.keys()) await caches.delete(name); });
  await context.setOffline(true);
  await page.reload();
  const offline = page.getByTestId('offline-page');
  await expect(offline).toBeVisible();
  await expect(offline).toContainText('现在没有网络');
  await expect(offline).toContainText('You are offline');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await context.setOffline(false);
});

test('online, every page comes from the server first: a new version is never hidden by the kept one', async ({ page, context }, testInfo) => {
  await openWithWorker(page, entryUrl('/', testInfo));
  // The server now has a new index.html (a deploy); the worker asks the network first.
  const home = (url: URL) => url.pathname === '/';
  await context.route(home, async (route) => {
    const response = await route.fetch();
    const body = (await response.text()).replace('</head>', '<meta name="linli-deploy" content="new"></head>');
    await route.fulfill({ response, body });
  });
  await page.reload();
  await expect(page.locator('meta[name="linli-deploy"]')).toHaveAttribute('content', 'new');
  await context.unroute(home);
});

test('the API is never answered from the worker', async ({ page }, testInfo) => {
  await openWithWorker(page, entryUrl('/', testInfo));
  const overview = page.waitForResponse((response) => response.url().includes('/api/v1/overview'));
  await page.reload();
  const response = await overview;
  expect(response.fromServiceWorker()).toBe(false);
  expect(response.headers()['cache-control']).toBe('no-store');
});

test('the web manifest is valid and the app installable', async ({ page, request }, testInfo) => {
  await openWithWorker(page, entryUrl('/', testInfo));
  const manifestLink = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(manifestLink).toBe('/manifest.webmanifest');
  const response = await request.get(manifestLink!);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toMatch(/^application\/manifest\+json/);
  const manifest = await response.json();
  expect(manifest).toMatchObject({
    name: '邻里 · 社区服务', short_name: '邻里', start_url: '/', scope: '/', display: 'standalone',
    theme_color: '#b3261e', background_color: '#ffffff', lang: 'zh-CN',
  });
  // Every icon is there, of the type and size it claims.
  for (const icon of manifest.icons as { src: string; sizes: string; type: string }[]) {
    const file = await request.get(icon.src);
    expect(file.status(), icon.src).toBe(200);
    expect(file.headers()['content-type'], icon.src).toBe(icon.type);
    if (icon.type === 'image/png') {
      const png = await file.body();
      const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
      expect(`${width}x${height}`, icon.src).toBe(icon.sizes);
    }
  }
  const sizes = manifest.icons.filter((i: { type: string }) => i.type === 'image/png').map((i: { sizes: string }) => i.sizes);
  expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512']));

  // Chromium's own reading of the manifest, and its install checks.
  const cdp = await page.context().newCDPSession(page);
  const read = await cdp.send('Page.getAppManifest');
  expect(read.errors).toEqual([]);
  const installability = await cdp.send('Page.getInstallabilityErrors');
  // Playwright's contexts are incognito profiles, where Chromium never offers to install; any
  // other reason (no icon, no start URL, no worker, …) is the app's.
  expect(installability.installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito')).toEqual([]);
});
