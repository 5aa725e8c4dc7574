// The pages other than home arrive as their own wasm modules the first time they are opened
// (`./x app` splits the app; app/src/pages/lazy.rs). Home needs none of them; a phone that is
// offline when it opens a page whose code it does not have yet says so, and its retry works.
import { expect, test } from './support';
import { CategoryPage, ErrorNotice, HomePage, ItemPage, TopBar, entryUrl, isPhone, touch } from './pages';
import type { Page } from '@playwright/test';

/** The paths of the page modules (`split_*.wasm`, `chunk_*.wasm`) the page asks for. */
function pageModulesFetched(page: Page): string[] {
  const fetched: string[] = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (/^\/assets\/(split|chunk)_[^/]*\.wasm$/.test(path)) fetched.push(path);
  });
  return fetched;
}

test('home loads without the other pages’ code; a category brings its own', async ({ page }, testInfo) => {
  const fetched = pageModulesFetched(page);
  const home = new HomePage(page);
  await home.open(testInfo);
  await expect(home.tiles).toHaveCount(14);
  await expect(home.popular.first()).toBeVisible();
  expect(fetched, 'page modules fetched for home').toEqual([]);

  await touch(home.tile('social-assistance'));
  await expect(new CategoryPage(page).itemHits.first()).toBeVisible();
  expect(fetched.some((path) => path.startsWith('/assets/split_category_page-'))).toBe(true);
  expect(fetched.some((path) => path.startsWith('/assets/split_item_page-'))).toBe(false);
});

test('an item opened by its address brings its code, and back works', async ({ page }, testInfo) => {
  const fetched = pageModulesFetched(page);
  await page.goto(entryUrl('/items/dibao', testInfo));
  const item = new ItemPage(page);
  await expect(item.name).toHaveText('最低生活保障');
  expect(fetched.some((path) => path.startsWith('/assets/split_item_page-'))).toBe(true);

  await touch(page.locator('.crumb a'));
  await expect(page).toHaveURL((url) => url.pathname === '/categories/social-assistance');
  await expect(new CategoryPage(page).itemHits.first()).toBeVisible();
  await touch(new TopBar(page).back);
  await expect(page).toHaveURL((url) => url.pathname === '/items/dibao');
  await expect(item.name).toHaveText('最低生活保障');
  if (isPhone(testInfo)) {
    // The browser's own back button too (a kiosk never uses the browser's history).
    await touch(page.locator('.crumb a'));
    await expect(new CategoryPage(page).itemHits.first()).toBeVisible();
    await page.goBack();
    await expect(item.name).toHaveText('最低生活保障');
  }
});

test('offline, a page whose code has not arrived says so; retry opens it once back online', async ({ page }, testInfo) => {
  const home = new HomePage(page);
  await home.open(testInfo);
  await expect(home.tiles).toHaveCount(14);

  await page.context().setOffline(true);
  await touch(home.tile('social-assistance'));
  const notice = new ErrorNotice(page);
  await expect(notice.error).toContainText('网络不通');
  await expect(page).toHaveURL((url) => url.pathname === '/categories/social-assistance');

  await page.context().setOffline(false);
  await touch(notice.retry);
  await expect(new CategoryPage(page).itemHits.first()).toBeVisible();
  await expect(notice.error).toHaveCount(0);
});
