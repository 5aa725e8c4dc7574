// Take it with you: the kiosk's QR code leads to the public address (LINLI_PUBLIC_URL) in the
// resident's language; several errands on one list with their materials merged; and a printout
// on one A4 page at the largest text that also says where to go.
import { type Page } from '@playwright/test';
import { expect, test } from './support';
import { PUBLIC_URL } from '../public-url';
import {
  CategoryPage, HomePage, ItemPage, KIOSK_POINT, TopBar, entryUrl, isKiosk, isPhone, touch,
} from './pages';

/** Pages in a PDF made by Chromium: one `/Type /Page` object per page. */
function pdfPages(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
}

/** Elder mode at the largest text size the app offers. */
async function largestText(page: Page) {
  const bar = new TopBar(page);
  await bar.elderOn();
  while (await bar.fontLarger.isEnabled()) await touch(bar.fontLarger);
  expect(await bar.rootFontPx()).toBe(30);
}

/** Prints (as Chromium's print preview would) and counts the A4 pages. */
async function printedPages(page: Page): Promise<number> {
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ format: 'A4', printBackground: false, preferCSSPageSize: true });
  await page.emulateMedia({ media: 'screen' });
  return pdfPages(pdf);
}

/** The points an item's page lists, in its order (open ones first). */
async function pointsOf(page: Page, id: string): Promise<string[]> {
  const answer = await page.request.get(`/api/v1/items/${id}`);
  return ((await answer.json()) as { points: { id: string }[] }).points.map((p) => p.id);
}

interface Material { name: string; copies: number }
async function materials(page: Page, id: string): Promise<Material[]> {
  const answer = await page.request.get(`/api/v1/items/${id}`);
  return ((await answer.json()) as { item: { materials: Material[] } }).item.materials;
}

test('the kiosk\'s QR code encodes the public address and the language', async ({ page, browser }, testInfo) => {
  test.skip(!isKiosk(testInfo), 'phones show no QR code');
  await page.goto(entryUrl('/items/dibao', testInfo));
  const item = new ItemPage(page);
  await expect(item.qr).toHaveAttribute('data-url', `${PUBLIC_URL}/items/dibao?lang=zh`);
  // Not the address the kiosk itself opened.
  expect(new URL(page.url()).origin).not.toBe(PUBLIC_URL);
  await new TopBar(page).switchLanguage('en');
  await expect(item.qr).toHaveAttribute('data-url', `${PUBLIC_URL}/items/dibao?lang=en`);

  // What a phone opens from it: the page in the kiosk's language, whatever the phone's own.
  const phone = await browser.newContext({ locale: 'zh-CN', baseURL: testInfo.project.use.baseURL });
  const opened = await phone.newPage();
  const encoded = new URL((await item.qr.getAttribute('data-url'))!);
  await opened.goto(encoded.pathname + encoded.search);
  await expect(opened.locator('html')).toHaveAttribute('lang', 'en');
  await expect(opened.getByTestId('item-name')).toBeVisible();
  await phone.close();
  const english = await browser.newContext({ locale: 'en-US', baseURL: testInfo.project.use.baseURL });
  const chinese = await english.newPage();
  await chinese.goto('/items/dibao?lang=zh');
  await expect(chinese.getByTestId('item-name')).toBeVisible();
  await expect(chinese.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await english.close();
});

/** Opens an item the way a resident gets there (a kiosk keeps its list in memory only). */
async function openItem(page: Page, category: string, name: string) {
  const home = new HomePage(page);
  await touch(home.bar.home);
  await home.ready();
  await touch(home.tile(category));
  await touch(new CategoryPage(page).item(name));
  await expect(new ItemPage(page).name).toHaveText(name);
}

test('two errands on one list: the materials merged, an ID card once with the most copies', async ({ page }, testInfo) => {
  await page.goto(entryUrl('/items/dibao', testInfo));
  const item = new ItemPage(page);
  await expect(item.name).toHaveText('最低生活保障');
  await expect(page.getByTestId('list-link')).toHaveCount(0);
  const add = page.getByTestId('add-to-list');
  await touch(add);
  await expect(add).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('list-count')).toHaveText('1');

  await openItem(page, 'elderly', '老年人优待证');
  await touch(page.getByTestId('add-to-list'));
  await expect(page.getByTestId('list-count')).toHaveText('2');

  await touch(page.getByTestId('list-link'));
  await expect(page).toHaveURL((url) => url.pathname === '/list');
  await expect(page.getByTestId('list-item')).toHaveCount(2);
  const merged = page.getByTestId('merged-material');
  const idCards = merged.filter({ has: page.locator('.material-name', { hasText: /^居民身份证$/ }) });
  await expect(idCards).toHaveCount(1);

  // The most copies either item asks for, and both items named.
  const [dibao, card] = [await materials(page, 'dibao'), await materials(page, 'elderly-preferential-card')];
  const copies = (list: Material[]) => list.find((m) => m.name === '居民身份证')!.copies;
  await expect(idCards).toHaveAttribute('data-copies', String(Math.max(copies(dibao), copies(card))));
  await expect(idCards).toHaveAttribute('data-needed-by', '2');
  await expect(idCards.getByTestId('material-for')).toContainText('最低生活保障');
  await expect(idCards.getByTestId('material-for')).toContainText('老年人优待证');
  // Dibao's note on the ID card is dibao's alone: it says so.
  await expect(idCards.getByTestId('material-note')).toHaveText('最低生活保障：共同生活的家庭成员均需提供');
  // Every material of either item is there, each once.
  const names = new Set([...dibao, ...card].map((m) => m.name.replace(/\s/g, '')));
  await expect(merged).toHaveCount(names.size);

  // The sheet's QR code names both items.
  const sheetUrl = `${PUBLIC_URL}/list?items=dibao,elderly-preferential-card&lang=zh`;
  await expect(page.getByTestId('print-qr')).toHaveAttribute('data-url', sheetUrl);
  if (isKiosk(testInfo)) {
    await expect(page.getByTestId('qr-code')).toHaveAttribute('data-url', sheetUrl);
    await expect(page.getByTestId('print-point')).toHaveAttribute('data-point', KIOSK_POINT);
  } else {
    // A phone's sheet says where to go too: one point that handles both errands.
    await expect(page.getByTestId('print-point')).toHaveCount(1);
    const at = (await page.getByTestId('print-point').getAttribute('data-point'))!;
    for (const id of ['dibao', 'elderly-preferential-card']) {
      expect(await pointsOf(page, id), `${at} handles ${id}`).toContain(at);
    }
    await expect(page.getByTestId('print-point-for')).toHaveCount(0);
  }

  // The merged sheet prints on one A4 page at the largest text.
  await largestText(page);
  expect(await printedPages(page)).toBe(1);

  if (isPhone(testInfo)) {
    // A phone keeps the list for next time.
    await page.reload();
    await expect(page.getByTestId('list-count')).toHaveText('2');
    await expect(page.getByTestId('list-item')).toHaveCount(2);
    await touch(page.getByTestId('remove-from-list').first());
    await expect(page.getByTestId('list-item')).toHaveCount(1);
    await expect(page.getByTestId('list-count')).toHaveText('1');
    // Emptied, the list says so and offers a way on to find something.
    await touch(page.getByTestId('remove-from-list').first());
    await expect(page.getByTestId('list-empty')).toBeVisible();
    await touch(page.getByTestId('list-way-on'));
    await expect(page.getByTestId('category-tile').first()).toBeVisible();
  }
});

test('a list no one point handles prints where to go for each errand, on one A4 page at the largest text', async ({ page }, testInfo) => {
  // 公证咨询 is handled at two street centres, 缝补改衣 at two community stations elsewhere.
  const [notary, tailoring] = [await pointsOf(page, 'notary-consultation'), await pointsOf(page, 'tailoring')];
  expect(notary.filter((p) => tailoring.includes(p)), 'no point handles both').toEqual([]);
  await page.goto(entryUrl('/list?items=notary-consultation,tailoring', testInfo));
  await expect(page.getByTestId('list-item')).toHaveCount(2);
  await page.emulateMedia({ media: 'print' });
  const places = page.getByTestId('print-point');
  await expect(places).toHaveCount(2);
  const first = (await places.first().getAttribute('data-point'))!;
  const second = (await places.nth(1).getAttribute('data-point'))!;
  expect(notary).toContain(first);
  expect(tailoring).toContain(second);
  if (!isKiosk(testInfo)) {
    // Each errand's first point, as its page lists them (open ones first).
    expect(first).toBe(notary[0]);
    expect(second).toBe(tailoring[0]);
  }
  // Each place says which errand it is for, with its address, phone and hours.
  await expect(places.first().getByTestId('print-point-for')).toContainText('公证咨询');
  await expect(places.nth(1).getByTestId('print-point-for')).toContainText('缝补改衣');
  for (const place of [places.first(), places.nth(1)]) {
    await expect(place.getByTestId('print-phone')).not.toBeEmpty();
    await expect(place.getByTestId('print-hours')).toContainText(/\d\d:\d\d–\d\d:\d\d/);
  }
  await page.emulateMedia({ media: 'screen' });
  await largestText(page);
  expect(await printedPages(page)).toBe(1);
});

test('a list\'s QR code opens the same sheet on a phone, which can keep it', async ({ page }, testInfo) => {
  test.skip(!isPhone(testInfo), 'what the phone sees after scanning');
  await page.goto('/list?items=dibao,elderly-preferential-card&lang=en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByTestId('list-item')).toHaveCount(2);
  await expect(page.getByTestId('list-link')).toHaveCount(0);
  await touch(page.getByTestId('keep-list'));
  await expect(page.getByTestId('list-count')).toHaveText('2');
});

test('a kiosk reloaded on any page is still the kiosk: nothing of the resident kept, the idle reset armed', async ({ page }, testInfo) => {
  test.skip(!isKiosk(testInfo), 'the kiosk\'s own setting');
  await page.clock.install();
  await page.goto(entryUrl('/items/dibao', testInfo));
  await touch(page.getByTestId('add-to-list'));
  await expect(page.getByTestId('list-count')).toHaveText('1');
  // Staff press F5, or the browser recovers from a crash: the address no longer says kiosk.
  await page.goto('/items/dibao');
  await expect(page.getByTestId('where')).toBeVisible();
  await expect(page.locator('html')).toHaveClass(/kiosk/);
  await expect(page.getByTestId('nearest-button')).toHaveCount(0);
  await expect(page.getByTestId('list-link')).toHaveCount(0);
  expect(await page.evaluate(() => Object.keys(localStorage))).toEqual(['linli.kiosk']);
  await page.clock.runFor('01:31');
  await expect(page.getByTestId('idle-countdown')).toBeVisible();
  // `?kiosk=off` makes the device an ordinary browser again.
  await page.goto('/?kiosk=off');
  await expect(page.getByTestId('category-tile').first()).toBeVisible();
  await expect(page.locator('html')).not.toHaveClass(/kiosk/);
  expect(await page.evaluate(() => localStorage.getItem('linli.kiosk'))).toBeNull();
});

test('the kiosk forgets the list when it starts over for the next person', async ({ page }, testInfo) => {
  test.skip(!isKiosk(testInfo), 'the idle reset is a kiosk feature');
  await page.clock.install();
  await page.goto(entryUrl('/items/dibao', testInfo));
  await touch(page.getByTestId('add-to-list'));
  await expect(page.getByTestId('list-count')).toHaveText('1');
  expect(await page.evaluate(() => Object.keys(localStorage)), 'nothing stored on a kiosk but which point it is')
    .toEqual(['linli.kiosk']);
  // 90 s idle, then the 20 s countdown.
  await page.clock.runFor('01:31');
  await expect(page.getByTestId('idle-countdown')).toBeVisible();
  await page.clock.runFor('00:21');
  await expect(page).toHaveURL((url) => url.pathname === '/');
  await expect(page.getByTestId('list-link')).toHaveCount(0);
});

test('the printout says where to go, with the date and QR code, on one A4 page at the largest text', async ({ page }, testInfo) => {
  await page.context().grantPermissions(['geolocation']);
  await page.context().setGeolocation({ latitude: 39.1365, longitude: 117.0105 });
  await page.goto(entryUrl('/items/dibao', testInfo));
  const item = new ItemPage(page);
  await expect(item.materials).toBeVisible();
  let expectedPoint = KIOSK_POINT;
  if (!isKiosk(testInfo)) {
    // On a phone, the nearest open point once known.
    await touch(page.getByTestId('nearest-button'));
    await expect(page.getByTestId('nearest-status')).toHaveAttribute('data-state', 'found');
    expectedPoint = (await page.getByTestId('point-row').first().getAttribute('data-point'))!;
    expect(expectedPoint).not.toBe(KIOSK_POINT);
  }
  await largestText(page);

  await page.emulateMedia({ media: 'print' });
  const sheet = page.getByTestId('print-sheet');
  await expect(sheet).toBeVisible();
  await expect(page.getByTestId('print-point')).toHaveAttribute('data-point', expectedPoint);
  const point = await (await page.request.get(`/api/v1/points/${expectedPoint}`)).json() as { name: string; address: string; phone: string };
  await expect(sheet).toContainText(point.name);
  await expect(sheet).toContainText(point.address);
  await expect(page.getByTestId('print-phone')).toHaveText(point.phone);
  await expect(page.getByTestId('print-hours')).toContainText(/周[一二三四五六日].*\d\d:\d\d–\d\d:\d\d/);
  await expect(page.getByTestId('print-date')).toContainText(/\d{4}-\d{2}-\d{2}/);
  await expect(page.getByTestId('print-qr')).toHaveAttribute('data-url', `${PUBLIC_URL}/items/dibao?lang=zh`);
  await expect(page.getByTestId('qr-address')).toHaveText(`${PUBLIC_URL}/items/dibao?lang=zh`);
  // The screen's controls and the list of points stay off the paper.
  await expect(page.getByTestId('where')).toBeHidden();
  await expect(page.getByTestId('add-to-list')).toBeHidden();
  const pdf = await page.pdf({ format: 'A4', printBackground: false, preferCSSPageSize: true });
  expect(pdfPages(pdf)).toBe(1);
});

const PRINTED = ['dibao', 'resident-medical-insurance', 'disability-certificate', 'resident-pension-benefit', 'elderly-preferential-card'];
for (const [id, lang] of PRINTED.flatMap((id) => [[id, 'zh'], [id, 'en']])) {
  test(`the card of ${id} with where to go prints on one A4 page at every text size (${lang})`, async ({ page }, testInfo) => {
    await page.goto(entryUrl(`/items/${id}?lang=${lang}`, testInfo));
    await expect(new ItemPage(page).materials).toBeVisible();
    expect(await printedPages(page), 'normal text').toBe(1);
    await largestText(page);
    await expect(page.getByTestId('print-sheet')).toHaveCount(1);
    expect(await printedPages(page), 'the largest text').toBe(1);
  });
}

test.describe('a kiosk whose clock is set to UTC', () => {
  test.use({ timezoneId: 'UTC' });
  test('prints China\'s date, not the device zone\'s', async ({ page }, testInfo) => {
    // 23:30 UTC on the 24th is 07:30 on the 25th in Tianjin.
    await page.clock.setFixedTime(new Date('2026-11-24T23:30:00Z'));
    await page.goto(entryUrl('/items/dibao', testInfo));
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByTestId('print-date')).toContainText('2026-11-25');
  });
});
