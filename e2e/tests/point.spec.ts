// A service point: is it open, when, and one touch to call it.
import { expect, test } from './support';
import { ItemPage, PointPage, entryUrl, touch } from './pages';

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
