// Never lose what a resident types. Elderly residents type slowly and most Chinese residents
// type through an input method, so on each page with the search box (home, the results, a
// category), in Chinese and in English, on the phone and the kiosk, this drives slow typing
// (400 ms and 1 s between keys), a pinyin composition through the Chrome DevTools Protocol, and
// Enter right after a key. Each time the box must hold exactly what was typed, keep the focus,
// stay the same element (never remounted), show the right results, and the page must report no
// error at all (a Rust panic shows as a console error, then a page error).
import { type Locator, type Page, type TestInfo } from '@playwright/test';
import { SearchPage, TopBar, entryUrl, isKiosk } from './pages';
import { expect, test as base } from './support';

/** `test` that also fails on any console error or uncaught page error. */
const test = base.extend<{ pageErrors: string[] }>({
  pageErrors: [async ({ page }, use) => {
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
    await use(errors);
    expect(errors, 'errors the page reported').toEqual([]);
  }, { auto: true }],
});

test.beforeEach(({}, testInfo) => {
  test.skip(testInfo.project.name === 'kiosk-small',
    'the kiosk project covers the kiosk; typing does not depend on the screen size');
});

interface Start { name: string; path: string; ready: (page: Page) => Locator }

const starts: Start[] = [
  { name: 'home', path: '/', ready: (page) => page.getByTestId('category-tile').first() },
  {
    name: 'results',
    path: `/search?q=${encodeURIComponent('证明')}`,
    ready: (page) => page.getByTestId('item-hit').first(),
  },
  {
    name: 'category',
    path: '/categories/social-assistance',
    ready: (page) => page.getByTestId('item-hit').first(),
  },
];

const languages = ['zh-CN', 'en'] as const;

/** The words of the search in the address, '' when there are none. */
function addressWords(page: Page): string {
  return new URL(page.url()).searchParams.get('q') ?? '';
}

/**
 * Opens `start` in `language`, then puts the focus in an empty search box (on the results page
 * the box starts with that page's words: they are selected and deleted, as a person would).
 * Marks the box element, so `expectSameBox` can tell it was never replaced.
 */
async function openEmptyBox(page: Page, testInfo: TestInfo, start: Start, language: string): Promise<Locator> {
  await page.goto(entryUrl(start.path, testInfo));
  await expect(start.ready(page)).toBeVisible();
  if (language === 'en') await new TopBar(page).switchLanguage('en');
  const box = page.getByTestId('search-input');
  await box.click();
  if ((await box.inputValue()) !== '') {
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Backspace');
    await expect.poll(() => addressWords(page)).toBe('');
  }
  await expect(box).toHaveValue('');
  await expect(box).toBeFocused();
  await box.evaluate((el) => { (el as HTMLInputElement & { linliMark?: boolean }).linliMark = true; });
  return box;
}

async function expectSameBox(box: Locator): Promise<void> {
  expect(await box.evaluate((el) => (el as HTMLInputElement & { linliMark?: boolean }).linliMark === true),
    'the search box is the element typed into from the start (never remounted)').toBe(true);
}

/** The results for `words` are on screen, with `item` first. */
async function expectResults(page: Page, words: string, item: string): Promise<void> {
  await expect.poll(() => new URL(page.url()).pathname).toBe('/search');
  await expect.poll(() => addressWords(page)).toBe(words);
  await expect(page.getByTestId('item-hit').first()).toHaveAttribute('href', `/items/${item}`);
}

/**
 * Types `text` key by key with `delay` ms after each key (as `keyboard.type(text, {delay})`
 * does), checking after every key that the box holds what was typed so far and has the focus,
 * and, once the pause has passed, that the address (and so the results) followed.
 */
async function typeSlowly(page: Page, box: Locator, text: string, delay: number): Promise<void> {
  for (let i = 1; i <= text.length; i++) {
    await page.keyboard.type(text[i - 1], { delay });
    const typed = text.slice(0, i);
    await expect(box).toHaveValue(typed);
    await expect(box).toBeFocused();
    await expect.poll(() => addressWords(page), `the address follows "${typed}"`).toBe(typed);
  }
}

for (const start of starts) {
  for (const language of languages) {
    test(`typing with 400 ms between keys on ${start.name} (${language}) keeps every letter and the focus`, async ({ page }, testInfo) => {
      const box = await openEmptyBox(page, testInfo, start, language);
      await typeSlowly(page, box, 'juzhuzheng', 400);
      await expectResults(page, 'juzhuzheng', 'residence-permit');
      await expect(box).toHaveValue('juzhuzheng');
      await expect(box).toBeFocused();
      await expectSameBox(box);

      // Back leaves the results for the page typing started on, not the previous letter.
      if (start.name !== 'results') {
        if (isKiosk(testInfo)) await new TopBar(page).back.click();
        else await page.goBack();
        await expect.poll(() => new URL(page.url()).pathname).toBe(new URL(start.path, 'http://x').pathname);
        await expect(start.ready(page)).toBeVisible();
        await expect(box).toHaveValue('');
      }
    });

    test(`a pinyin composition on ${start.name} (${language}) is never searched for or cut`, async ({ page }, testInfo) => {
      const box = await openEmptyBox(page, testInfo, start, language);
      const searched: string[] = [];
      page.on('request', (request) => {
        const url = new URL(request.url());
        if (url.pathname === '/api/v1/search') searched.push(url.searchParams.get('q') ?? '');
      });
      const addressBefore = page.url();
      const cdp = await page.context().newCDPSession(page);
      for (const pinyin of ['d', 'di', 'dib', 'diba', 'dibao']) {
        await cdp.send('Input.imeSetComposition', { text: pinyin, selectionStart: pinyin.length, selectionEnd: pinyin.length });
        // Longer than the typing pause: a search would have gone by now.
        await page.waitForTimeout(400);
        await expect(box).toHaveValue(pinyin);
        await expect(box).toBeFocused();
        expect(page.url(), 'nothing is searched while composing').toBe(addressBefore);
      }
      await cdp.send('Input.insertText', { text: '低保' });
      await expectResults(page, '低保', 'dibao');
      await expect(box).toHaveValue('低保');
      await expect(box).toBeFocused();
      await expectSameBox(box);
      expect(searched, 'only the chosen words were searched for').toEqual(['低保']);
    });

    test(`Enter right after a key on ${start.name} (${language}) searches once, without an error`, async ({ page }, testInfo) => {
      const box = await openEmptyBox(page, testInfo, start, language);
      await page.keyboard.type('dibao', { delay: 50 });
      // Within the typing pause of the last key.
      await page.keyboard.press('Enter');
      await expectResults(page, 'dibao', 'dibao');
      // Past the pause: a search left waiting would fire now, on a page that has moved on.
      await page.waitForTimeout(600);
      await expect(box).toHaveValue('dibao');
      await expect(box).toBeFocused();
      await expectSameBox(box);
      await expectResults(page, 'dibao', 'dibao');
    });
  }

  test(`typing with 1 s between keys on ${start.name} keeps every letter and the focus`, async ({ page }, testInfo) => {
    const box = await openEmptyBox(page, testInfo, start, 'zh-CN');
    await typeSlowly(page, box, 'dibao', 1000);
    await expectResults(page, 'dibao', 'dibao');
    await expect(box).toHaveValue('dibao');
    await expect(box).toBeFocused();
    await expectSameBox(box);
  });
}

test('leaving the results right after a key keeps every letter in the address', async ({ page }, testInfo) => {
  const box = await openEmptyBox(page, testInfo, starts[1], 'zh-CN');
  await page.keyboard.type('dibao', { delay: 50 });
  // Straight to a filter, within the typing pause (the focus moves to it, as a touch does):
  // what the filter writes into the address carries all five letters.
  // On a phone the filters are folded: unfolding them is the first touch that leaves the box.
  await new SearchPage(page).showFilters();
  const channel = page.getByTestId('filter-channel');
  await channel.focus();
  await channel.selectOption('home_visit');
  await expect.poll(() => new URL(page.url()).searchParams.get('channel')).toBe('home_visit');
  expect(addressWords(page)).toBe('dibao');
  await expect(box).toHaveValue('dibao');
});

test('a link touched right after a key wins over the search waiting to go', async ({ page }, testInfo) => {
  const box = await openEmptyBox(page, testInfo, starts[0], 'zh-CN');
  await page.keyboard.type('dibao', { delay: 50 });
  await page.locator('[data-testid="category-tile"][data-category="social-assistance"]').click();
  await expect.poll(() => new URL(page.url()).pathname).toBe('/categories/social-assistance');
  await page.waitForTimeout(600);
  expect(new URL(page.url()).pathname, 'the resident stays where they went').toBe('/categories/social-assistance');
  await expect(box).toHaveValue('');
});

test('a kiosk left with the focus in the box starts over with the box empty', async ({ page }, testInfo) => {
  test.skip(!isKiosk(testInfo), 'the idle reset is a kiosk feature');
  await page.clock.install();
  const box = await openEmptyBox(page, testInfo, starts[0], 'zh-CN');
  await page.keyboard.type('dibao', { delay: 50 });
  await expectResults(page, 'dibao', 'dibao');
  await expect(box).toBeFocused();
  // The resident walks away: 90 s idle, then the 20 s countdown.
  await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 2_000); // pauseAt only moves forward: margin for a loaded machine
  await page.clock.runFor('01:51');
  await expect.poll(() => new URL(page.url()).pathname).toBe('/');
  await expect(starts[0].ready(page)).toBeVisible();
  await expect(box, 'nothing of the last resident is left in the box').toHaveValue('');
});
