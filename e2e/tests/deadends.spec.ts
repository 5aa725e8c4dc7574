// Dead ends: an address with nothing behind it gets a page that says so, what probably
// happened and the ways on (a search, home, the category the resident came from), in both
// languages and at the largest text size; the server answers such an address 404 (with the app,
// which draws that page) and a real one 200. A failure says what failed: the device offline, the
// server out of reach, or the server failing. And the frame index.html draws before the wasm.
import type { Locator, Page, TestInfo } from '@playwright/test';
import { expect, expectNoAxeViolations, test } from './support';
import {
  CategoryPage, ErrorNotice, HomePage, SearchPage, TopBar, entryUrl, isKiosk, isPhone, touch,
} from './pages';

/** The not-found page (app/src/pages/not_found.rs). */
class NotFoundPage {
  readonly root: Locator;
  readonly title: Locator;
  readonly search: Locator;
  readonly searchButton: Locator;
  readonly home: Locator;
  readonly category: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('not-found');
    this.title = page.getByTestId('not-found-title');
    this.search = page.getByTestId('not-found-search');
    this.searchButton = page.getByTestId('not-found-search-button');
    this.home = page.getByTestId('not-found-home');
    this.category = page.getByTestId('not-found-category');
  }

  /** Opens `path` by its address and returns the HTTP status the server gave the page. */
  async open(path: string, testInfo: TestInfo): Promise<number> {
    const response = await this.page.goto(entryUrl(path, testInfo));
    await expect(this.root).toBeVisible();
    return response!.status();
  }
}

/** Nothing wider than the screen: no sideways scrolling at any text size. */
async function expectNoOverflow(page: Page, what: string) {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth,
  }));
  expect(scroll, `${what}: page width ${scroll} px on a ${client} px screen`).toBeLessThanOrEqual(client);
}

test('an unknown item: a 404, a heading, what happened and the ways on, and its search works', async ({ page }, testInfo) => {
  const missing = new NotFoundPage(page);
  expect(await missing.open('/items/canji-zhengming', testInfo)).toBe(404);
  await expect(missing.title).toHaveText('没有找到这个服务事项');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('没有找到这个服务事项');
  await expect(missing.root).toContainText('链接可能有误');
  // The address's words are already in the box: one touch searches for them.
  await expect(missing.search).toHaveValue('canji zhengming');
  await expect(missing.home).toBeVisible();
  // No lone retry: asking again would find nothing again.
  await expect(new ErrorNotice(page).retry).toHaveCount(0);
  await expectNoAxeViolations(page, 'the not-found page');

  await missing.search.fill('canji');
  await touch(missing.searchButton);
  await expect(page).toHaveURL((url) => url.pathname === '/search' && url.searchParams.get('q') === 'canji');
  await expect(new SearchPage(page).item('残疾人证')).toBeVisible();
});

test('an unknown point, category and address each say what is missing, with the way home', async ({ page }, testInfo) => {
  const missing = new NotFoundPage(page);
  expect(await missing.open('/points/nowhere-center', testInfo)).toBe(404);
  await expect(missing.title).toHaveText('没有找到这个服务点');

  expect(await missing.open('/categories/no-such-category', testInfo)).toBe(404);
  await expect(missing.title).toHaveText('没有这个服务类别');
  // The message first: the heading, what happened, then the ways on with the page's own search;
  // the search box that stands above a category's page steps aside (one box, below the message).
  await expect(new HomePage(page).search).toBeHidden();
  await expect(missing.search).toBeVisible();
  await expect(page.locator('input[type=search]:visible')).toHaveCount(1);
  const order = await page.evaluate(() => {
    const main = document.querySelector('main')!;
    const firsts = ['h1', 'p.what'].map((s) => main.querySelector(s)!);
    const visibleBox = [...main.querySelectorAll('input[type=search]')].find((el) => (el as HTMLElement).offsetParent !== null)!;
    const before = (a: Element, b: Element) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
    return { headingFirst: before(firsts[0], firsts[1]), boxAfterMessage: before(firsts[1], visibleBox) };
  });
  expect(order, 'heading, then what happened, then the search').toEqual({ headingFirst: true, boxAfterMessage: true });
  await expect(missing.search).toHaveValue('no such category');
  await expectNoAxeViolations(page, 'the unknown category');
  await missing.search.fill('dibao');
  await touch(missing.searchButton);
  await expect(page).toHaveURL((url) => url.pathname === '/search' && url.searchParams.get('q') === 'dibao');
  // Back on a page with the frame, its box is there again, holding the words.
  await expect(new HomePage(page).search).toBeVisible();
  await expect(new HomePage(page).search).toHaveValue('dibao');

  expect(await missing.open('/no-such-page', testInfo)).toBe(404);
  await expect(missing.title).toHaveText('没有这个页面');
  await expect(missing.search).toHaveValue('no such page');
  await touch(missing.home);
  const home = new HomePage(page);
  await home.ready();
  // A kiosk keeps its point on the way home.
  if (isKiosk(testInfo)) await expect(page).toHaveURL(/kiosk=/);
});

test('the not-found page in English', async ({ page }, testInfo) => {
  const missing = new NotFoundPage(page);
  await missing.open('/items/no-such-item', testInfo);
  await new TopBar(page).switchLanguage('en');
  await expect(missing.title).toHaveText('This service was not found');
  await expect(missing.root).toContainText('The link may be mistyped');
  await expect(missing.root).toContainText('You can:');
  await expect(missing.searchButton).toHaveText('Search');
  await expect(missing.home).toHaveText('Go to the start screen and browse by category');
  await expectNoAxeViolations(page, 'the not-found page in English');

  await missing.open('/nothing/here', testInfo);
  if (await page.locator('html').getAttribute('lang') !== 'en') await new TopBar(page).switchLanguage('en');
  await expect(missing.title).toHaveText('There is no such page');
});

test('an item gone since its category was listed offers the way back to that category', async ({ page }, testInfo) => {
  // The list was loaded, then the item was retired: the server now answers item_not_found.
  await page.route('**/api/v1/items/dibao*', (route) => route.fulfill({
    status: 404,
    contentType: 'application/json',
    body: JSON.stringify({ code: 'item_not_found', message: '没有找到这个服务事项，它可能已经调整。' }),
  }));
  await page.goto(entryUrl('/categories/social-assistance', testInfo));
  const category = new CategoryPage(page);
  await touch(category.item('最低生活保障'));
  const missing = new NotFoundPage(page);
  await expect(missing.title).toHaveText('没有找到这个服务事项');
  await expect(missing.category).toHaveText('回到刚才看的类别');
  await touch(missing.category);
  await expect(page).toHaveURL((url) => url.pathname === '/categories/social-assistance');
  await expect(category.item('最低生活保障')).toBeVisible();
});

test('the not-found page at the largest text size: nothing overflows, every way on is a big target', async ({ page }, testInfo) => {
  const missing = new NotFoundPage(page);
  await missing.open('/items/a-service-that-was-never-in-the-directory', testInfo);
  const bar = new TopBar(page);
  await bar.elderOn();
  while (await bar.fontLarger.isEnabled()) await touch(bar.fontLarger);
  expect(await bar.rootFontPx()).toBe(30);
  for (const lang of ['zh-CN', 'en'] as const) {
    if (lang === 'en') await bar.switchLanguage('en');
    await expectNoOverflow(page, `not-found page in elder mode (${lang})`);
    for (const [name, target] of [
      ['search box', missing.search], ['search button', missing.searchButton], ['home link', missing.home],
    ] as const) {
      const box = (await target.boundingBox())!;
      expect.soft(box.height, `${name} height (${lang})`).toBeGreaterThanOrEqual(60);
      expect.soft(box.width, `${name} width (${lang})`).toBeGreaterThanOrEqual(60);
      // Within the screen, not cut off at its right edge.
      expect.soft(box.x + box.width, `${name} right edge (${lang})`).toBeLessThanOrEqual(page.viewportSize()!.width);
    }
  }
});

test('the server answers 200 for real pages, 404 for dead ones, and serves robots.txt and the icon', async ({ request }) => {
  for (const path of ['/', '/search?q=dibao', '/categories/social-assistance', '/items/dibao', '/points/xiyingmen-center']) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(200);
    expect(response.headers()['content-type'], path).toBe('text/html; charset=utf-8');
  }
  for (const path of ['/items/no-such-item', '/points/nowhere', '/categories/none', '/no-such-page', '/items/dibao/more']) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(404);
    // Still the app, which draws the not-found page.
    expect(await response.text(), path).toContain('<title>邻里 · 社区服务</title>');
  }
  const robots = await request.get('/robots.txt');
  expect(robots.status()).toBe(200);
  expect(robots.headers()['content-type']).toBe('text/plain; charset=utf-8');
  expect(robots.headers()['cache-control']).toBe('public, max-age=3600');
  const rules = await robots.text();
  expect(rules).toMatch(/^User-agent: \*$/m);
  expect(rules).toMatch(/^Disallow: \/api\/$/m);
  expect(rules).not.toMatch(/^Disallow: \/$/m);

  const icon = await request.get('/favicon.ico');
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toBe('image/x-icon');
  // An ICO file's header (reserved 0, type 1), not the app's page.
  expect([...(await icon.body()).subarray(0, 4)]).toEqual([0, 0, 1, 0]);
});

test('no answer says whether the device is offline or the server out of reach; a proxy error says it is the server', async ({ page }, testInfo) => {
  const home = new HomePage(page);
  const notice = new ErrorNotice(page);
  // Online, but the server does not answer (down, or the link dropped on the way).
  await page.route('**/api/v1/overview*', (route) => route.abort('connectionrefused'));
  await page.goto(entryUrl('/', testInfo));
  await expect(notice.error).toContainText('连不上服务器');
  await expect(notice.error).not.toContainText('没有联网');

  // A proxy in front answers for a server that is down.
  await page.unroute('**/api/v1/overview*');
  await page.route('**/api/v1/overview*', (route) => route.fulfill({
    status: 502, contentType: 'text/html', body: '<html><body>502 Bad Gateway</body></html>',
  }));
  await touch(notice.retry);
  await expect(notice.error).toContainText('不是您的网络的问题');
  await new TopBar(page).switchLanguage('en');
  await expect(notice.error).toContainText('it is not your connection');

  // The device itself offline.
  await page.unroute('**/api/v1/overview*');
  await page.context().setOffline(true);
  await touch(notice.retry);
  await expect(notice.error).toContainText('this device is offline');
  await page.context().setOffline(false);
  await touch(notice.retry);
  await home.ready();
});

test('index.html draws the frame before the wasm arrives, and the app replaces it', async ({ page }, testInfo) => {
  // Hold the wasm, as a slow link does.
  let release!: () => void;
  const held = new Promise<void>((resolve) => { release = resolve; });
  await page.route('**/assets/linli_app_bg-*.wasm', async (route) => { await held; await route.continue(); });
  await page.goto(entryUrl('/', testInfo), { waitUntil: 'commit' });
  const frame = page.getByTestId('boot-frame');
  await expect(frame).toBeVisible();
  await expect(frame.locator('.topbar')).toBeVisible();
  await expect(frame).toContainText('邻里 · 社区服务');
  const loading = page.getByTestId('boot-loading');
  await expect(loading).toContainText('正在加载');
  await expect(loading).toContainText('Loading');
  await expect(loading).toHaveAttribute('role', 'status');
  // The bar is drawn in its colour (the style sheet is there), before any of the app runs.
  expect(await frame.locator('.topbar').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(179, 38, 30)');
  await expect(new TopBar(page).home).toHaveCount(0);
  await expectNoOverflow(page, 'the boot frame');
  await expectNoAxeViolations(page, 'the boot frame');

  release();
  await new HomePage(page).ready();
  await expect(frame).toHaveCount(0);
  await expect(page.locator('.topbar')).toHaveCount(1);
  await expect(page.locator('main')).toHaveCount(1);
});

test('when the app cannot start, the frame says so in both languages with a reload', async ({ page }, testInfo) => {
  await page.route('**/assets/linli_app_bg-*.wasm', (route) => route.abort('internetdisconnected'));
  await page.goto(entryUrl('/', testInfo));
  const failed = page.getByTestId('boot-failed');
  await expect(failed).toBeVisible();
  await expect(failed).toContainText('没能打开邻里');
  await expect(failed).toContainText('Linli could not start');
  await expect(page.getByTestId('boot-loading')).toHaveCount(0);

  await page.unroute('**/assets/linli_app_bg-*.wasm');
  await touch(page.getByTestId('boot-reload'));
  await new HomePage(page).ready();
});

test('a phone that reads at the largest size gets the frame at that size', async ({ page }, testInfo) => {
  test.skip(!isPhone(testInfo), 'a kiosk remembers no text size');
  await page.addInitScript(() => {
    localStorage.setItem('linli.elder', '1');
    localStorage.setItem('linli.font', '30');
  });
  await page.route('**/assets/linli_app_bg-*.wasm', () => { /* never answered */ });
  await page.goto('/', { waitUntil: 'commit' });
  await expect(page.getByTestId('boot-loading')).toBeVisible();
  // boot.js (a module script) runs once the page is parsed: the frame is there a moment before.
  await expect.poll(() => new TopBar(page).rootFontPx()).toBe(30);
  await expect(page.locator('html')).toHaveClass(/(^|\s)elder(\s|$)/);
  await expectNoOverflow(page, 'the boot frame at 30 px');
});
