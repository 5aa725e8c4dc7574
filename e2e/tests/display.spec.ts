// How the app speaks and how big it writes: English for visitors, elder mode for older eyes.
import { HomePage, ItemPage, TopBar, entryUrl, isKiosk, isPhone } from './pages';
import { docScreenshot, expectTouchTarget, expect, test } from './support';

test('the language switch turns the home page into English and back', async ({ page }, testInfo) => {
  const home = new HomePage(page);
  await home.open(testInfo);
  const html = page.locator('html');
  await expect(html).toHaveAttribute('lang', 'zh-CN');
  await expect(home.tile('social-assistance')).toContainText('社会救助');

  await home.bar.switchLanguage('en');
  await expect(home.tile('social-assistance')).toContainText('Social Assistance');
  await expect(home.tile('elderly')).toContainText('Elderly Care');
  await expect(home.tile('employment-social-security')).toContainText('Employment and Social Security');
  await expect(home.tile('social-assistance')).not.toContainText('社会救助');

  await home.bar.switchLanguage('zh-CN');
  await expect(home.tile('social-assistance')).toContainText('社会救助');
});

/** Computed font sizes (px) of the page's visible text: body and each category tile. */
async function textSizes(home: HomePage): Promise<{ body: number; smallestTile: number }> {
  const body = await home.page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
  const tiles = await home.tiles.evaluateAll((els) => els.map((el) => parseFloat(getComputedStyle(el).fontSize)));
  return { body, smallestTile: Math.min(...tiles) };
}

test('elder mode: bigger text, adjustable size, big targets; kept on the phone only', async ({ page }, testInfo) => {
  const home = new HomePage(page);
  const bar = home.bar;
  await home.open(testInfo);
  await expect(page.locator('html')).not.toHaveClass(/(^|\s)elder(\s|$)/);
  await bar.elderOn();

  const sizes = await textSizes(home);
  expect(sizes.body, 'body text in elder mode (px)').toBeGreaterThanOrEqual(18);
  expect(sizes.smallestTile, 'category tile text in elder mode (px)').toBeGreaterThanOrEqual(18);

  // Every control a finger needs on this screen is at least 60 x 60 px. (No back button on
  // the start screen: there is nowhere to go back to.)
  await expect(bar.back).toHaveCount(0);
  for (const [name, control] of [
    ['home-button', bar.home], ['lang-toggle', bar.lang],
    ['elder-toggle', bar.elder], ['font-larger', bar.fontLarger], ['font-smaller', bar.fontSmaller],
  ] as const) {
    await expectTouchTarget(control, name);
  }
  const tiles = await home.tiles.count();
  for (let i = 0; i < tiles; i++) {
    const tile = home.tiles.nth(i);
    await expectTouchTarget(tile, `category tile ${await tile.getAttribute('data-category')}`);
  }

  // Larger in steps of 2 px up to 30, smaller down to 18 (on a kiosk 22, its normal size), and
  // no further either way.
  const smallest = isKiosk(testInfo) ? 22 : 18;
  let size = await bar.rootFontPx();
  expect(size).toBeGreaterThanOrEqual(18);
  expect(size).toBeLessThanOrEqual(30);
  for (let i = 0; i < 8 && size < 30; i++) {
    await bar.fontLarger.click();
    await expect.poll(() => bar.rootFontPx()).toBe(size + 2);
    size += 2;
  }
  expect(size).toBe(30);
  // At the limit the button may be disabled; pressing it (if it can be) changes nothing.
  if (await bar.fontLarger.isEnabled()) await bar.fontLarger.click();
  await expect.poll(() => bar.rootFontPx()).toBe(30);
  for (let i = 0; i < 8 && size > smallest; i++) {
    await bar.fontSmaller.click();
    await expect.poll(() => bar.rootFontPx()).toBe(size - 2);
    size -= 2;
  }
  expect(size).toBe(smallest);
  if (await bar.fontSmaller.isEnabled()) await bar.fontSmaller.click();
  await expect.poll(() => bar.rootFontPx()).toBe(smallest);
  await bar.fontLarger.click();
  await bar.fontLarger.click();
  await expect.poll(() => bar.rootFontPx()).toBe(smallest + 4);

  if (isPhone(testInfo)) {
    // A resident's own phone remembers the choice.
    await page.reload();
    await home.ready();
    await expect(page.locator('html')).toHaveClass(/(^|\s)elder(\s|$)/);
    await expect(bar.elder).toHaveAttribute('aria-pressed', 'true');
    expect(await bar.rootFontPx()).toBe(22);
  }
  if (isKiosk(testInfo)) {
    // The kiosk is shared: the next resident must not inherit the choice.
    const stored = await page.evaluate(() => [localStorage.getItem('linli.elder'), localStorage.getItem('linli.font')]);
    expect(stored).toEqual([null, null]);
  }
});

test('elder mode on the item page: materials large enough to read', async ({ page }, testInfo) => {
  await page.goto(entryUrl('/items/dibao', testInfo));
  const item = new ItemPage(page);
  const bar = new TopBar(page);
  await expect(item.materials).toBeVisible();
  await bar.elderOn();
  const smallest = await item.materials.locator('li').evaluateAll(
    (els) => Math.min(...els.map((el) => parseFloat(getComputedStyle(el).fontSize))));
  expect(smallest, 'material text in elder mode (px)').toBeGreaterThanOrEqual(18);
  for (const [name, control] of [['back-button', bar.back], ['home-button', bar.home]] as const) {
    await expectTouchTarget(control, name);
  }
  if (isKiosk(testInfo)) {
    await expectTouchTarget(item.print, 'print-button');
    await expect(item.qr).toBeVisible();
  }
  await docScreenshot(page, testInfo, 'kiosk-item-elder', { fullPage: true, maxHeight: 1800 });
});

/** The smallest text on screen (px) and where it is: every visible text's own font size. */
async function smallestText(page: import('@playwright/test').Page): Promise<{ px: number; where: string }> {
  return page.evaluate(() => {
    let px = Infinity;
    let where = '';
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!el || !(node.textContent ?? '').trim()) continue;
      const r = el.getBoundingClientRect();
      if (r.width < 2 || r.height < 2 || el.closest('.visually-hidden, [hidden], option, script, style')) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || style.clip.startsWith('rect(0')) continue;
      const size = parseFloat(style.fontSize);
      if (size < px) {
        px = size;
        where = `${el.tagName.toLowerCase()}.${el.className} "${(node.textContent ?? '').trim().slice(0, 30)}"`;
      }
    }
    return { px, where };
  });
}

test('on a kiosk no text is under 20 px, and elder mode writes larger', async ({ page }, testInfo) => {
  test.skip(!isKiosk(testInfo), 'the kiosk is read from an arm\'s length');
  const pages = ['/', `/search?q=${encodeURIComponent('证明')}`, '/items/dibao', '/points/xiyingmen-center'];
  for (const path of pages) {
    await page.goto(entryUrl(path, testInfo));
    await expect(page.locator('main h1, main h2').first()).toBeVisible();
    await expect(page.locator('.notice.loading')).toHaveCount(0);
    const { px, where } = await smallestText(page);
    expect(px, `${path}: smallest text ${where}`).toBeGreaterThanOrEqual(20);
    const body = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
    const bar = new TopBar(page);
    await bar.elderOn();
    const elder = await smallestText(page);
    const elderBody = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
    expect(elderBody, `${path}: elder mode's body text is larger than the kiosk's normal`).toBeGreaterThan(body);
    expect(elder.px, `${path} in elder mode: smallest text ${elder.where}`).toBeGreaterThanOrEqual(22);
  }
});
