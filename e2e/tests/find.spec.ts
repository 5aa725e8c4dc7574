// Finding a service the two ways residents do: touching categories, or typing a few letters.
// Runs as the kiosk (big and small screens) and as the phone; kiosk-only things are checked
// only where they belong.
import { CategoryPage, HomePage, ItemPage, SearchPage, TopBar, isKiosk, touch } from './pages';
import { docScreenshot, expect, test } from './support';

test('最低生活保障 is found by touching a category, no typing', async ({ page }, testInfo) => {
  const home = new HomePage(page);
  await home.open(testInfo);
  if (isKiosk(testInfo)) await expect(page.locator('html')).toHaveClass(/(^|\s)kiosk(\s|$)/);
  else await expect(page.locator('html')).not.toHaveClass(/(^|\s)kiosk(\s|$)/);
  await expect(home.tiles).toHaveCount(14);
  await expect(home.popular.first()).toBeVisible();
  await docScreenshot(page, testInfo, 'kiosk-home');
  await docScreenshot(page, testInfo, 'phone-home');

  await touch(home.tile('social-assistance'));
  await expect(page).toHaveURL((url) => url.pathname === '/categories/social-assistance');
  const category = new CategoryPage(page);
  await expect(category.itemHits.first()).toBeVisible();
  await touch(category.item('最低生活保障'));

  const item = new ItemPage(page);
  await expect(page).toHaveURL((url) => url.pathname === '/items/dibao');
  await expect(item.name).toHaveText('最低生活保障');
  await expect(item.materials).toContainText('居民身份证');
  expect(await item.materials.locator('li').count()).toBeGreaterThanOrEqual(3);

  // The way back is always one touch away: back to the category, home from anywhere.
  await touch(home.bar.back);
  await expect(page).toHaveURL((url) => url.pathname === '/categories/social-assistance');
  await expect(category.item('最低生活保障')).toBeVisible();
  await touch(home.bar.home);
  await expect(page).toHaveURL((url) => url.pathname === '/');
  await home.ready();
});

test('typing dibao finds 最低生活保障 and its materials', async ({ page }, testInfo) => {
  const home = new HomePage(page);
  await home.open(testInfo);
  await home.type('dibao');

  await expect(page).toHaveURL((url) => url.pathname === '/search' && url.searchParams.get('q') === 'dibao');
  const search = new SearchPage(page);
  await expect(search.itemHits.first()).toContainText('最低生活保障');
  await docScreenshot(page, testInfo, 'kiosk-search');
  await touch(search.item('最低生活保障'));

  const item = new ItemPage(page);
  await expect(page).toHaveURL((url) => url.pathname === '/items/dibao');
  await expect(item.name).toHaveText('最低生活保障');
  await expect(item.materials).toContainText('居民身份证');
  expect(await item.materials.locator('li').count()).toBeGreaterThanOrEqual(3);
  await expect(item.where.first()).toBeVisible();

  if (isKiosk(testInfo)) {
    // At the kiosk: scan the QR code to take the list home, or print it.
    await expect(item.qr).toBeVisible();
    expect(await item.qr.evaluate((el) => el.tagName.toLowerCase())).toBe('svg');
    await expect(item.print).toBeVisible();
    await docScreenshot(page, testInfo, 'kiosk-item', { fullPage: true, maxHeight: 1400 });
  } else {
    // On the phone the page itself is what the resident takes along: no QR code.
    await expect(item.qr).toHaveCount(0);
    await docScreenshot(page, testInfo, 'phone-item', { scrollTo: item.materials });
  }
});

test('the query stays in the address, so back brings the results again', async ({ page }, testInfo) => {
  const home = new HomePage(page);
  await home.open(testInfo);
  await home.type('居住证');
  await expect(page).toHaveURL((url) => url.pathname === '/search' && url.searchParams.has('q'));
  const search = new SearchPage(page);
  await expect(search.itemHits.first()).toBeVisible();
  const url = page.url();
  expect(new URL(url).searchParams.get('q')).toBe('居住证');

  await touch(search.itemHits.first());
  await expect(new ItemPage(page).name).toBeVisible();
  // A kiosk keeps no browser history (it would hold the last resident's pages): its back is
  // the app's own button; a phone's is the browser's.
  if (isKiosk(testInfo)) await touch(new TopBar(page).back);
  else await page.goBack();
  await expect(page).toHaveURL(url);
  await expect(search.itemHits.first()).toBeVisible();
});
