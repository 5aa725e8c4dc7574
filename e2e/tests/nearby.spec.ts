// The nearest open point: on a phone the location is asked for only when the resident touches
// "nearest to me"; the points then come nearest first (open ones first), each with its distance,
// a call button and links to Amap and Baidu Maps. A refusal says so and offers the district
// choice. A kiosk never asks the browser: it measures from its own point.
import { type Page, type APIRequestContext } from '@playwright/test';
import { expect, test } from './support';
import { KIOSK_POINT, entryUrl, isKiosk, isPhone, touch, TopBar } from './pages';

/** Near 杨柳青镇, in the west of the demo district: far from the kiosk's point in the east. */
const RESIDENT = { latitude: 39.1365, longitude: 117.0105 };

interface PointSummary {
  id: string; name: string; address: string; phone: string; lat: number; lng: number;
  open_now: boolean; distance_m?: number; district: string; subdistrict: string; here: boolean;
}
interface ItemDetail { item: { id: string; name: string }; points: PointSummary[] }

async function itemFromApi(request: APIRequestContext, query: string): Promise<ItemDetail> {
  const answer = await request.get(`/api/v1/items/dibao${query}`);
  expect(answer.ok()).toBe(true);
  return answer.json() as Promise<ItemDetail>;
}

/**
 * Counts the page's calls to the browser's geolocation (in `window.__geolocationCalls`), and,
 * with `answer`, stands in for the browser's answer: a refusal or a timeout, as a resident or a
 * phone would give it.
 */
async function watchGeolocation(page: Page, answer?: 1 | 2 | 3): Promise<void> {
  await page.addInitScript((code) => {
    const w = window as unknown as { __geolocationCalls: number };
    w.__geolocationCalls = 0;
    const geolocation = navigator.geolocation;
    if (!geolocation) return;
    const original = geolocation.getCurrentPosition.bind(geolocation);
    const originalWatch = geolocation.watchPosition.bind(geolocation);
    const count = (...args: Parameters<Geolocation['getCurrentPosition']>) => {
      w.__geolocationCalls += 1;
      if (code === null) return original(...args);
      const [, onError] = args;
      setTimeout(() => onError?.({ code, message: 'test', PERMISSION_DENIED: 1, POSITION_UNAVAILABLE: 2, TIMEOUT: 3 } as GeolocationPositionError), 50);
    };
    geolocation.getCurrentPosition = count;
    geolocation.watchPosition = ((...args: Parameters<Geolocation['watchPosition']>) => {
      w.__geolocationCalls += 1;
      return originalWatch(...args);
    }) as Geolocation['watchPosition'];
  }, answer ?? null);
}

const geolocationCalls = (page: Page) =>
  page.evaluate(() => (window as unknown as { __geolocationCalls: number }).__geolocationCalls);

const rows = (page: Page) => page.getByTestId('point-row');
/** How many points an item page lists before "show all" (`POINTS_SHOWN_FIRST`). */
const SHOWN_FIRST = 5;

test.describe('on a phone, with the location shared', () => {
  test.use({ geolocation: RESIDENT, permissions: ['geolocation'] });

  test('"nearest to me" orders the points by distance, open first, and shows how far', async ({ page, request }, testInfo) => {
    test.skip(!isPhone(testInfo), 'phones locate the resident; kiosks have their own point');
    await watchGeolocation(page);
    await page.goto('/items/dibao');
    await expect(rows(page).first()).toBeVisible();
    // Nothing asked before the resident touches the button.
    expect(await geolocationCalls(page)).toBe(0);
    await expect(page.getByTestId('distance')).toHaveCount(0);

    await touch(page.getByTestId('nearest-button'));
    const status = page.getByTestId('nearest-status');
    await expect(status).toHaveAttribute('data-state', 'found');
    await expect(status).toContainText('远近');
    expect(await geolocationCalls(page)).toBe(1);

    // The order and distances the server gives for the resident's location: the nearest few
    // at once, the others one touch away.
    const expected = await itemFromApi(request, `?near=${RESIDENT.latitude},${RESIDENT.longitude}`);
    expect(expected.points.length, 'dibao is offered at more points than are shown first').toBeGreaterThan(SHOWN_FIRST);
    await expect(rows(page)).toHaveCount(SHOWN_FIRST);
    const showAll = page.getByTestId('show-all-points');
    await expect(showAll).toHaveText(`显示全部 ${expected.points.length} 个服务点`);
    await touch(showAll);
    await expect(rows(page)).toHaveCount(expected.points.length);
    await expect(showAll).toHaveCount(0);
    const shown = await rows(page).evaluateAll((els) =>
      els.map((el) => ({ id: el.getAttribute('data-point'), metres: Number(el.getAttribute('data-distance')) })));
    expect(shown.map((r) => r.id)).toEqual(expected.points.map((p) => p.id));
    // Open ones first, each group nearest first.
    const open = expected.points.filter((p) => p.open_now).length;
    expect(open, 'the fixed clock has open points').toBeGreaterThan(0);
    expect(expected.points.slice(0, open).every((p) => p.open_now)).toBe(true);
    for (const group of [shown.slice(0, open), shown.slice(open)]) {
      const metres = group.map((r) => r.metres);
      expect(metres).toEqual([...metres].sort((a, b) => a - b));
    }
    // The nearest is in 杨柳青镇, a few hundred metres away, not the kiosk's street center.
    expect(expected.points[0].subdistrict).toBe('杨柳青镇');
    const first = rows(page).first();
    await expect(first.getByTestId('distance')).toHaveText(/^距您 \d+(\.\d)? (米|公里)$/);

    // In English, the same distance in English units and words.
    await new TopBar(page).switchLanguage('en');
    await expect(first.getByTestId('distance')).toHaveText(/^\d+(\.\d)? (m|km) away$/);
  });

  test('each point has a one-touch call and map links with its WGS-84 coordinates', async ({ page, request }, testInfo) => {
    test.skip(!isPhone(testInfo), 'calls and maps are for the resident\'s phone');
    await page.goto('/items/dibao');
    await touch(page.getByTestId('nearest-button'));
    await expect(page.getByTestId('nearest-status')).toHaveAttribute('data-state', 'found');
    const expected = await itemFromApi(request, `?near=${RESIDENT.latitude},${RESIDENT.longitude}`);
    const point = expected.points[0];
    const row = rows(page).first();
    await expect(row).toHaveAttribute('data-point', point.id);

    const call = row.getByTestId('call-link');
    await expect(call).toHaveAttribute('href', `tel:${point.phone.replace(/[^\d+]/g, '')}`);
    const box = await call.boundingBox();
    expect(box!.height, 'the call button is at least 60 px tall').toBeGreaterThanOrEqual(60);

    const amap = new URL((await row.getByTestId('amap-link').getAttribute('href'))!);
    expect(amap.origin + amap.pathname).toBe('https://uri.amap.com/marker');
    expect(amap.searchParams.get('position')).toBe(`${point.lng.toFixed(6)},${point.lat.toFixed(6)}`);
    expect(amap.searchParams.get('coordinate'), 'the directory is WGS-84; Amap converts').toBe('wgs84');
    expect(amap.searchParams.get('name')).toBe(point.name);

    const baidu = new URL((await row.getByTestId('baidu-link').getAttribute('href'))!);
    expect(baidu.origin + baidu.pathname).toBe('https://api.map.baidu.com/marker');
    expect(baidu.searchParams.get('location')).toBe(`${point.lat.toFixed(6)},${point.lng.toFixed(6)}`);
    expect(baidu.searchParams.get('coord_type')).toBe('wgs84');
    expect(baidu.searchParams.get('title')).toBe(point.name);
    expect(baidu.searchParams.get('output')).toBe('html');
    expect(baidu.searchParams.get('src')).toBeTruthy();
  });
});

for (const [code, state, words] of [[1, 'refused', '许可'], [3, 'timedout', '太长']] as const) {
  test(`a ${state} location says so and offers the district choice instead`, async ({ page, request }, testInfo) => {
    test.skip(!isPhone(testInfo), 'phones locate the resident');
    await watchGeolocation(page, code);
    await page.goto('/items/dibao');
    await expect(rows(page).first()).toBeVisible();
    await touch(page.getByTestId('show-all-points'));
    const all = (await itemFromApi(request, '')).points.length;
    await expect(rows(page)).toHaveCount(all);
    await touch(page.getByTestId('nearest-button'));
    const status = page.getByTestId('nearest-status');
    await expect(status).toHaveAttribute('data-state', state);
    await expect(status).toContainText(words);

    // The way on: choose a street; only its points stay, still with call and map links.
    const choice = page.getByTestId('district-choice');
    await expect(choice).toBeVisible();
    await choice.selectOption('杨柳青镇');
    const detail = await itemFromApi(request, '');
    const there = detail.points.filter((p) => p.subdistrict === '杨柳青镇' || p.district === '杨柳青镇');
    expect(there.length).toBeGreaterThan(0);
    expect(there.length).toBeLessThan(all);
    await expect(rows(page)).toHaveCount(there.length);
    const ids = await rows(page).evaluateAll((els) => els.map((el) => el.getAttribute('data-point')));
    expect(ids.sort()).toEqual(there.map((p) => p.id).sort());
    await expect(rows(page).first().getByTestId('call-link')).toBeVisible();
    // And back to every point.
    await choice.selectOption('');
    await expect(rows(page)).toHaveCount(all);
    // In English the choices read in English; the choice still keeps the same points.
    await new TopBar(page).switchLanguage('en');
    await expect(choice.locator('option[value="杨柳青镇"]')).toHaveText('Yangliuqing Town');
    await choice.selectOption('杨柳青镇');
    await expect(rows(page)).toHaveCount(there.length);
  });
}

test('a kiosk never asks for a location: distances are from its own point', async ({ page }, testInfo) => {
  test.skip(!isKiosk(testInfo), 'the kiosk\'s own point');
  await watchGeolocation(page);
  await page.goto(entryUrl('/items/dibao', testInfo));
  await expect(rows(page).first()).toBeVisible();
  await expect(page.getByTestId('nearest-button')).toHaveCount(0);
  await expect(rows(page).first()).toHaveAttribute('data-point', KIOSK_POINT);
  // The resident stands at the kiosk's own point: no distance to it.
  await expect(rows(page).first().getByTestId('distance')).toHaveCount(0);
  await expect(rows(page)).toHaveCount(SHOWN_FIRST);
  // Every other point says how far it is from here, nearest first among the open ones.
  const second = rows(page).nth(1);
  await expect(second.getByTestId('distance')).toHaveText(/^距本服务点 \d+(\.\d)? (米|公里)$/);
  // No call or map buttons on a public screen (the QR code takes the page to a phone).
  await expect(page.getByTestId('call-link')).toHaveCount(0);
  // Through a whole visit: the point's page and back.
  await touch(rows(page).nth(1).locator('a').first());
  await expect(page).toHaveURL(/\/points\//);
  expect(await geolocationCalls(page)).toBe(0);
});

test.describe('search results on a phone', () => {
  test.use({ geolocation: RESIDENT, permissions: ['geolocation'] });

  test('"nearest to me" orders the found points by distance, and the address keeps no location', async ({ page, request }, testInfo) => {
    test.skip(!isPhone(testInfo), 'phones locate the resident');
    const q = '服务中心';
    await page.goto(`/search?q=${encodeURIComponent(q)}`);
    const hits = page.getByTestId('point-hit');
    await expect(hits.first()).toBeVisible();
    await touch(page.getByTestId('nearest-button'));
    await expect(page.getByTestId('nearest-status')).toHaveAttribute('data-state', 'found');

    const answer = await request.get(`/api/v1/search?q=${encodeURIComponent(q)}&limit=10&near=${RESIDENT.latitude},${RESIDENT.longitude}&open_first=true`);
    const expected = (await answer.json()) as { points: PointSummary[] };
    expect(expected.points.length).toBeGreaterThan(1);
    await expect(rows(page).first()).toHaveAttribute('data-point', expected.points[0].id);
    const ids = await rows(page).evaluateAll((els) => els.map((el) => el.getAttribute('data-point')));
    expect(ids).toEqual(expected.points.map((p) => p.id));
    await expect(rows(page).first().getByTestId('distance')).toHaveText(/^距您 /);
    await expect(rows(page).first().getByTestId('call-link')).toHaveAttribute('href', /^tel:\d+$/);
    expect(page.url(), 'the resident\'s location is not written into the address').not.toContain('near');
  });
});
