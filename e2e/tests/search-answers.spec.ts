// What a search answers with, and how it asks: the list that matched better comes first
// (服务中心 names the service centres), "nearest to me" only where there are points to put in
// order, on a slow link one search at a time rather than one per letter, and a typing pause
// that follows the link (as long as the last search took to come back, 300 to 1200 ms).
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

test('the typing pause follows the link: on a slow one, slow typing sends fewer searches and keeps every key', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name === 'kiosk-small', 'the kiosk project covers the kiosk');
  test.setTimeout(90_000);
  const asked: string[] = [];
  // The link: fast at first, then every search takes 1.5 s to come back (a weak rural link).
  let delay = 0;
  await page.route('**/api/v1/search?*', async (route) => {
    asked.push(new URL(route.request().url()).searchParams.get('q') ?? '');
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    await route.continue();
  });
  const home = new HomePage(page);
  await home.open(testInfo);
  const box = home.search;
  const search = new SearchPage(page);
  await box.click();

  /** Types `text` over what the box holds, a key every 500 ms, checking every key. */
  async function typeOver(text: string): Promise<void> {
    await page.keyboard.press('ControlOrMeta+A');
    for (let i = 1; i <= text.length; i++) {
      await page.keyboard.type(text[i - 1], { delay: 500 });
      await expect(box).toHaveValue(text.slice(0, i));
      await expect(box).toBeFocused();
    }
  }

  // A fast link: the shortest pause, and the results follow each key typed 500 ms apart.
  await typeOver('dibao');
  await expect.poll(() => asked.at(-1)).toBe('dibao');
  await expect(search.itemHits.first()).toHaveAttribute('href', '/items/dibao');
  const onAFastLink = asked.length;
  expect(onAFastLink, `searches on a fast link: ${JSON.stringify(asked)}`).toBeGreaterThanOrEqual(4);

  // The link slows down: one search (typed quickly) comes back after 1.5 s, and the pause
  // grows to follow it (to its longest, 1.2 s).
  delay = 1500;
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('shebaoka', { delay: 50 });
  await page.waitForResponse((r) => new URL(r.url()).searchParams.get('q') === 'shebaoka', { timeout: 15_000 });
  await expect(search.itemHits.first()).toHaveAttribute('href', /social-security-card/);

  // The same slow typing now sends one search, for every letter, once the resident stops.
  asked.length = 0;
  const text = 'juzhuzheng';
  await typeOver(text);
  const answered = page.waitForResponse((r) => new URL(r.url()).searchParams.get('q') === text, { timeout: 15_000 });
  await expect.poll(() => asked.at(-1), { timeout: 15_000 }).toBe(text);
  await answered;
  await expect(search.itemHits.first()).toHaveAttribute('href', '/items/residence-permit');
  await expect(box).toHaveValue(text);
  await expect(box).toBeFocused();
  expect(new URL(page.url()).searchParams.get('q')).toBe(text);
  expect(asked.length, `searches on the slow link: ${JSON.stringify(asked)}`).toBeLessThanOrEqual(2);
  expect(asked.length).toBeLessThan(onAFastLink);
  expect(new Set(asked).size, 'no search sent twice').toBe(asked.length);
});
