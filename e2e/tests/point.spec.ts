// A service point: is it open, when, and one touch to call it.
import { expect, test } from './support';
import { ItemPage, PointPage, entryUrl, isPhone, touch } from './pages';

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
  expect((await call.boundingBox())!.height).toBeGreaterThanOrEqual(60);
  const point = await (await page.request.get('/api/v1/points/xiyingmen-center')).json();
  const amap = new URL((await page.getByTestId('amap-link').getAttribute('href'))!);
  expect(amap.searchParams.get('position')).toBe(`${point.lng.toFixed(6)},${point.lat.toFixed(6)}`);
  const baidu = new URL((await page.getByTestId('baidu-link').getAttribute('href'))!);
  expect(baidu.searchParams.get('location')).toBe(`${point.lat.toFixed(6)},${point.lng.toFixed(6)}`);
});
