// What a search answers with, and how it asks: the list that matched better comes first
// (服务中心 names the service centres), "nearest to me" only where there are points to put in
// order, and on a slow link one search at a time rather than one per letter.
import { expect, test } from './support';
import { HomePage, SearchPage, entryUrl, isPhone } from './pages';

test('服务中心 lists the service centres first, above items that only mention it', async ({ page }, testInfo) => {
  await page.goto(entryUrl(`/search?q=${encodeURIComponent('服务中心')}`, testInfo));
  const search = new SearchPage(page);
  await expect(search.pointHits.first()).toBeVisible();
  await expect(search.pointHits.first()).toContainText('服务中心');
  // The points' list comes before the items' in the page (and so for a screen reader too).
  const order = await page.evaluate(() => {
    const points = document.getElementById('points-title');
    const items = document.getElementById('items-title');
    if (!points) return 'no points';
    if (!items) return 'points only';
    return (points.compareDocumentPosition(items) & Node.DOCUMENT_POSITION_FOLLOWING) ? 'points first' : 'items first';
  });
  expect(order).toMatch(/^points (first|only)$/);
  // A search where an item matches best still leads with the items.
  await page.goto(entryUrl(`/search?q=${encodeURIComponent('低保')}`, testInfo));
  await expect(search.itemHits.first()).toHaveAttribute('href', '/items/dibao');
});

test('"nearest to me" is offered only when the results hold points', async ({ page }, testInfo) => {
  test.skip(!isPhone(testInfo), 'a kiosk measures from its own point and never offers it');
  const search = new SearchPage(page);
  await page.goto(`/search?q=${encodeURIComponent('最低生活保障')}`);
  await expect(search.itemHits.first()).toBeVisible();
  await expect(search.pointHits).toHaveCount(0);
  await expect(page.getByTestId('nearest-button')).toHaveCount(0);
  await page.goto(`/search?q=${encodeURIComponent('西营门')}`);
  await expect(search.pointHits.first()).toBeVisible();
  await expect(page.getByTestId('nearest-button')).toBeVisible();
});

test('on a slow link, typing a letter every 400 ms sends a few searches, not one per letter', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name === 'kiosk-small', 'the kiosk project covers the kiosk');
  test.setTimeout(60_000);
  const asked: string[] = [];
  // Every search takes 1.5 s to come back, as on a weak rural link.
  await page.route('**/api/v1/search?*', async (route) => {
    asked.push(new URL(route.request().url()).searchParams.get('q') ?? '');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.continue();
  });
  const home = new HomePage(page);
  await home.open(testInfo);
  const box = home.search;
  await box.click();
  const text = 'juzhuzheng';
  for (let i = 1; i <= text.length; i++) {
    await page.keyboard.type(text[i - 1], { delay: 400 });
    // Never a letter lost or moved while the searches wait.
    await expect(box).toHaveValue(text.slice(0, i));
    await expect(box).toBeFocused();
  }
  // The last search goes for every letter typed, once the one before it is answered.
  const answered = page.waitForResponse((r) => new URL(r.url()).searchParams.get('q') === text, { timeout: 15_000 });
  await expect.poll(() => asked.at(-1), { timeout: 15_000 }).toBe(text);
  await answered;
  const search = new SearchPage(page);
  await expect(search.itemHits.first()).toHaveAttribute('href', '/items/residence-permit');
  await expect(box).toHaveValue(text);
  expect(asked.length, `searches sent: ${JSON.stringify(asked)}`).toBeLessThanOrEqual(5);
  expect(new Set(asked).size, 'no search sent twice').toBe(asked.length);
  // Nothing more goes once the answer is in.
  await page.waitForTimeout(800);
  expect(asked.at(-1)).toBe(text);
});
