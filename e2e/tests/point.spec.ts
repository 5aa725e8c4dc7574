// A service point: is it open, when, and one touch to call it.
import { type Page } from '@playwright/test';
import { expect, expectNoAxeViolations, expectTouchTarget, test } from './support';
import { ItemPage, PointPage, TopBar, entryUrl, isPhone, touch } from './pages';

test('a point page shows whether it is open, this week\'s hours with today marked, and a phone link', async ({ page }, testInfo) => {
  await page.goto(entryUrl('/points/xiyingmen-center', testInfo));
  const point = new PointPage(page);
  await expect(point.name).toHaveText('西营门街道社区服务中心');
  await expect(point.status).toBeVisible();
  expect((await point.status.innerText()).trim().length).toBeGreaterThan(0);
  await expect(point.hours).toBeVisible();
  expect(await point.hours.evaluate((el) => el.tagName.toLowerCase())).toBe('table');
  await expect(point.today).toHaveCount(1);
  await expect(point.today).toBeVisible();
  await expect(point.phone).toHaveAttribute('href', /^tel:/);
  const href = (await point.phone.getAttribute('href')) ?? '';
  expect(href.replace(/\D/g, '')).toContain('02227391201');
});

test('from an item to a point that offers it', async ({ page }, testInfo) => {
  await page.goto(entryUrl('/items/dibao', testInfo));
  const item = new ItemPage(page);
  await expect(item.where.first()).toBeVisible();
  const first = item.where.first();
  const name = (await first.innerText()).trim();
  await touch(first);
  await expect(page).toHaveURL((url) => /^\/points\/[a-z0-9-]+$/.test(url.pathname));
  const point = new PointPage(page);
  await expect(point.name).toBeVisible();
  expect(name).toContain((await point.name.innerText()).trim());
  await expect(point.status).toBeVisible();
  await expect(point.today).toHaveCount(1);
  await expect(point.phone).toHaveAttribute('href', /^tel:/);
});

test('on a phone a point page calls it and opens it in the map apps; a kiosk shows neither', async ({ page }, testInfo) => {
  await page.goto(entryUrl('/points/xiyingmen-center', testInfo));
  await expect(new PointPage(page).hours).toBeVisible();
  if (!isPhone(testInfo)) {
    await expect(page.getByTestId('call-link')).toHaveCount(0);
    await expect(page.getByTestId('amap-link')).toHaveCount(0);
    return;
  }
  const call = page.getByTestId('call-link');
  await expect(call).toHaveAttribute('href', /^tel:\d+$/);
  // The number once on the page, in a button that says "call" and the number, spaced.
  await expect(call).toHaveAccessibleName('打电话 022-27391201');
  expect(await call.locator('.call-label').innerText()).toBe('打电话 022-27391201');
  await expect(page.locator('.point').getByText('022-27391201')).toHaveCount(1);
  expect((await call.boundingBox())!.height).toBeGreaterThanOrEqual(60);
  const point = await (await page.request.get('/api/v1/points/xiyingmen-center')).json();
  const amap = new URL((await page.getByTestId('amap-link').getAttribute('href'))!);
  expect(amap.searchParams.get('position')).toBe(`${point.lng.toFixed(6)},${point.lat.toFixed(6)}`);
  const baidu = new URL((await page.getByTestId('baidu-link').getAttribute('href'))!);
  expect(baidu.searchParams.get('location')).toBe(`${point.lat.toFixed(6)},${point.lng.toFixed(6)}`);
});

interface PointAnswer {
  items: { id: string; category: string }[];
  categories: { id: string; name: string; item_count: number }[];
}

test('a point\'s items fold by category, each fold saying its category and count, opened by keyboard', async ({ page }, testInfo) => {
  await page.goto(entryUrl('/points/xiyingmen-center', testInfo));
  await expect(new PointPage(page).hours).toBeVisible();
  const point = await (await page.request.get('/api/v1/points/xiyingmen-center')).json() as PointAnswer;
  expect(point.items.length, 'a street centre handles over a hundred items').toBeGreaterThan(100);
  const folds = page.getByTestId('offered-category');
  await expect(folds).toHaveCount(point.categories.length);
  // Folded: the page is a few screens, not the 9,000 px of a flat list.
  await expect(page.getByTestId('offered-item').first()).toBeHidden();
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  expect(height, 'page height (px)').toBeLessThan(isPhone(testInfo) ? 4000 : 2500);
  // Each fold names its category and how many of its items are handled here.
  const first = folds.first();
  const summary = first.locator('summary');
  await expect(summary).toContainText(point.categories[0].name);
  await expect(first.getByTestId('offered-count')).toHaveText(`${point.categories[0].item_count} 项`);
  await expectTouchTarget(summary, 'a category fold', 48);
  // The keyboard opens it (a summary is a button to keyboards and screen readers).
  await summary.focus();
  await page.keyboard.press('Enter');
  await expect(first).toHaveAttribute('open', '');
  const items = first.getByTestId('offered-item');
  await expect(items).toHaveCount(point.categories[0].item_count);
  await expect(items.first()).toBeVisible();
  await expectTouchTarget(items.first(), 'an item in a fold', 48);
  await expectNoAxeViolations(page, 'a point page with a fold open');
  await page.keyboard.press('Enter');
  await expect(first).not.toHaveAttribute('open', '');
  // In elder mode the folds are 60 px targets.
  await new TopBar(page).elderOn();
  await new TopBar(page).closeTools();
  await expectTouchTarget(summary, 'a category fold in elder mode', 60);
});

/** Answers the point's page as if it were closed now and opened next at `next` (local time). */
async function closedUntil(page: Page, next: string) {
  await page.route('**/api/v1/points/xiyingmen-center', async (route) => {
    const response = await route.fetch();
    const json = await response.json();
    await route.fulfill({ response, json: { ...json, open_now: false, opens_next: next } });
  });
}

test('a closed point says it opens today or tomorrow, by the server\'s date, in words', async ({ page }, testInfo) => {
  // The server's clock says Tuesday 2026-11-24 (fixed-time.ts).
  await closedUntil(page, '2026-11-24T13:00:00');
  await page.goto(entryUrl('/points/xiyingmen-center', testInfo));
  const opens = page.getByTestId('opens-next');
  await expect(opens).toHaveText('今天 13:00 开门');
  await new TopBar(page).switchLanguage('en');
  await expect(opens).toHaveText('Opens today at 13:00');

  await page.unrouteAll();
  await closedUntil(page, '2026-11-25T08:30:00');
  await page.reload();
  await expect(opens).toHaveText(/^(明天 08:30 开门|Opens tomorrow at 08:30)$/);

  await page.unrouteAll();
  await closedUntil(page, '2026-11-30T08:30:00');
  await page.reload();
  await expect(opens).toHaveText(/^(11月30日（周一）08:30 开门|Opens Monday 30 November at 08:30)$/);
});

test('a closed point on an item\'s page says when it opens, by the server\'s date', async ({ page }, testInfo) => {
  // The first point closed now, opening tomorrow by the server's date (the real answer's `date`).
  await page.route('**/api/v1/items/dibao*', async (route) => {
    const response = await route.fetch();
    const json = await response.json();
    expect(json.points[0].date).toBe('2026-11-24');
    json.points[0] = { ...json.points[0], open_now: false, opens_next: '2026-11-25T08:30:00' };
    await route.fulfill({ response, json });
  });
  await page.goto(entryUrl('/items/dibao', testInfo));
  const row = page.getByTestId('point-row').first();
  await expect(row.getByTestId('opens-next')).toHaveText('明天 08:30 开门');
  await expect(row).toContainText('现在休息');
  // An open point says nothing of its next opening.
  await expect(page.getByTestId('point-row').nth(1).getByTestId('opens-next')).toHaveCount(0);
  await new TopBar(page).switchLanguage('en');
  await expect(row.getByTestId('opens-next')).toHaveText('Opens tomorrow at 08:30');
});

test('a long English category name wraps beside its fold marker, not below it', async ({ page }, testInfo) => {
  await page.goto(entryUrl('/points/xiyingmen-center', testInfo));
  await new TopBar(page).switchLanguage('en');
  const summaries = page.getByTestId('offered-category').locator('summary');
  await expect(summaries.first()).toBeVisible();
  for (const summary of await summaries.all()) {
    const box = (await summary.boundingBox())!;
    const name = (await summary.locator('.fold-name').boundingBox())!;
    // The marker (▸) comes first on the name's line: the name starts to its right.
    expect(name.x - box.x, await summary.innerText()).toBeGreaterThan(20);
  }
});
