// English all the way: an English browser opens in English and a phone remembers the choice;
// in English every directory text of an item's page is English (only the deliberately
// bilingual bits, marked lang="zh-CN", stay Chinese), and where a translation is missing the
// page says so once; counts agree with their number; and an English query that matches nothing
// well says so instead of guessing.
import { type Page, type Route, type TestInfo } from '@playwright/test';
import { HomePage, ItemPage, SearchPage, TopBar, entryUrl, isKiosk, touch } from './pages';
import { expect, test } from './support';

/** Han characters in the main content outside elements marked as Chinese on purpose. */
async function unmarkedHan(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const han = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
    const main = document.querySelector('main');
    if (!main) return ['no main'];
    const found: string[] = [];
    const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      if (!han.test(text)) continue;
      const marked = node.parentElement?.closest('[lang]');
      if (marked && marked.getAttribute('lang')!.startsWith('zh')) continue;
      const box = node.parentElement?.getBoundingClientRect();
      if (box && box.width === 0 && box.height === 0) continue; // not shown
      found.push(text.trim());
    }
    return found;
  });
}

/** Answers an item's page with the English taken out, as an untranslated directory would. */
async function withoutEnglish(route: Route) {
  const response = await route.fetch();
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value)
        .filter(([key]) => !(key.endsWith('_en') && key !== 'name_en'))
        .map(([key, v]) => [key, strip(v)]));
    }
    return value;
  };
  const json = await response.json();
  // The item's and the category's names stay (they are required); everything else goes.
  await route.fulfill({ response, json: strip(json) });
}

test.describe('an English browser', () => {
  test.use({ locale: 'en-GB' });

  test('opens in English; a phone remembers the choice over a reload, a kiosk starts in Chinese', async ({ page }, testInfo) => {
    const home = new HomePage(page);
    await home.open(testInfo);
    const html = page.locator('html');
    if (isKiosk(testInfo)) {
      // A kiosk serves whoever walks up: Chinese, whatever its browser says.
      await expect(html).toHaveAttribute('lang', 'zh-CN');
      return;
    }
    await expect(html).toHaveAttribute('lang', 'en');
    await expect(page.getByTestId('lang-toggle').locator('.lang-long')).toHaveText('中文');
    await new TopBar(page).switchLanguage('zh-CN');
    await page.reload();
    await home.ready();
    await expect(html).toHaveAttribute('lang', 'zh-CN');
    await new TopBar(page).switchLanguage('en');
    await page.reload();
    await home.ready();
    await expect(html).toHaveAttribute('lang', 'en');
  });
});

test.describe('in English', () => {
  test.use({ locale: 'en-US' });

  /** Opens an item's page in English: a phone by its browser's language, a kiosk (which
   *  starts in Chinese) by an address that says `lang=en`, as a shared link or QR code does. */
  async function openItem(page: Page, id: string, testInfo: TestInfo) {
    const path = isKiosk(testInfo) ? `/items/${id}?lang=en` : `/items/${id}`;
    await page.goto(entryUrl(path, testInfo));
    await expect(new ItemPage(page).materials).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  }

  test('an item with every translation shows no Chinese-only text, and counts agree', async ({ page }, testInfo) => {
    await openItem(page, 'birth-registration', testInfo);
    const item = new ItemPage(page);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(item.name).toHaveText('Childbirth Registration (Family Planning)');
    // The Chinese name is there on purpose, marked as Chinese: it is what to say at the window.
    await expect(page.getByTestId('item-other-name')).toHaveAttribute('lang', 'zh-CN');
    await expect(page.getByTestId('only-in-chinese')).toHaveCount(0);
    expect(await unmarkedHan(page)).toEqual([]);
    // Its materials, said as the directory means them: both spouses' ID cards (2 originals),
    // the marriage certificate (1 original), the form (1 to fill in).
    const forms = item.materials.locator('.material-form');
    await expect(forms.first()).toHaveText('2 originals');
    await expect(forms.nth(1)).toHaveText('1 original');
    await expect(forms.nth(2)).toHaveText('1 form to fill in');
    await expect(item.materials).not.toContainText('×');
    await expect(item.materials).not.toContainText('1 copies');
    // An original and a copy of it: "original and 1 photocopy" (dibao's ID card).
    await openItem(page, 'dibao', testInfo);
    await expect(item.materials.locator('.material-form').first()).toHaveText('original and 1 photocopy');
    await new TopBar(page).switchLanguage('zh-CN');
    await expect(item.materials.locator('.material-form').first()).toHaveText('原件及复印件各 1 份');
  });

  test('an item without translations says so once, plainly', async ({ page }, testInfo) => {
    await page.route('**/api/v1/items/dibao*', withoutEnglish);
    await openItem(page, 'dibao', testInfo);
    const item = new ItemPage(page);
    await expect(page.getByTestId('only-in-chinese')).toHaveCount(1);
    await expect(page.getByTestId('only-in-chinese')).toHaveText('Some details are only available in Chinese.');
    // The frame is English, and the name too.
    await expect(new ItemPage(page).name).toHaveText('Minimum Living Allowance (Dibao)');
    // What stays Chinese is marked as Chinese, so a screen reader reads it with a Chinese voice.
    await expect(item.materials).toContainText('共同生活的家庭成员均需提供');
    expect(await unmarkedHan(page)).toEqual([]);
  });

  test('an item found only through its description says so, rather than looking like an answer', async ({ page }, testInfo) => {
    // Nothing in the directory is about tax; one item's description mentions tax concessions.
    await page.goto(entryUrl('/search?q=tax&lang=en', testInfo));
    const search = new SearchPage(page);
    await expect(search.itemHits.first()).toBeVisible();
    await expect(page.getByTestId('hit-mentions').first()).toHaveText('Only mentioned in its description');
    // A name that matched is shown as such, with English quotation marks.
    await page.goto(entryUrl('/search?q=elderly%20card&lang=en', testInfo));
    await expect(search.itemHits.first()).toContainText('Senior Citizen');
    await expect(page.getByTestId('hit-mentions')).toHaveCount(0);
  });

  test('Chinese shown in English results, on a point and on the list is marked as Chinese', async ({ page }, testInfo) => {
    // A Chinese alias that matched, beside an English name.
    await page.goto(entryUrl(`/search?q=${encodeURIComponent('低保')}&lang=en`, testInfo));
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    const search = new SearchPage(page);
    await expect(search.itemHits.first()).toBeVisible();
    await expect(page.getByTestId('hit-matched').first()).toHaveAttribute('lang', 'zh-CN');
    expect(await unmarkedHan(page)).toEqual([]);
    // A point without its English, and the list's merged materials without theirs.
    await page.route('**/api/v1/points/*', withoutEnglish);
    await page.route('**/api/v1/items/*', withoutEnglish);
    await page.goto(entryUrl('/points/xiyingmen-center?lang=en', testInfo));
    await expect(page.getByTestId('hours')).toBeVisible();
    await expect(page.locator('main')).toContainText('西青区');
    expect(await unmarkedHan(page)).toEqual([]);
    await page.goto(entryUrl('/list?items=dibao,elderly-preferential-card&lang=en', testInfo));
    await expect(page.getByTestId('merged-material').first()).toBeVisible();
    expect(await unmarkedHan(page)).toEqual([]);
    // The printout's points may still be on their way through the routes: let them finish.
    await page.unrouteAll({ behavior: 'wait' });
  });

  test('the online channel leads to the online service; without an address it is plain text', async ({ page }, testInfo) => {
    // 最低生活保障 can be applied for online, and the directory gives the address.
    await openItem(page, 'dibao', testInfo);
    if (isKiosk(testInfo)) {
      // A public kiosk never opens another site: it says to go on on a phone, by the QR code.
      await expect(page.getByTestId('online-link')).toHaveCount(0);
      await expect(page.getByTestId('online-on-phone')).toContainText("scan this page's QR code");
      await expect(page.getByTestId('qr-code').first()).toBeVisible();
      expect(await page.locator('a[target="_blank"], a[href^="http"]').count()).toBe(0);
      return;
    }
    const link = page.getByTestId('online-link');
    await expect(link).toHaveCount(1);
    await expect(link).toHaveAttribute('target', '_blank');
    await expect(link).toHaveAttribute('rel', /noopener/);
    await expect(link).toHaveAttribute('href', /^https:\/\//);
    await expect(link).toContainText('Online');
    await expect(link).toContainText('leaving Linli');
    const chips = page.getByTestId('channel-chip');
    await expect(chips.first()).toBeVisible();
    expect(await chips.evaluateAll((els) => els.every((el) => !el.closest('a, button')))).toBe(true);

    // 家庭医生签约 is online too, but without an address: the channel is said, not offered.
    await openItem(page, 'family-doctor', testInfo);
    await expect(page.getByTestId('online-link')).toHaveCount(0);
    await expect(page.getByTestId('channel-chip').filter({ hasText: 'Online' })).toHaveCount(1);
  });

  test('the tab says which page this is, in the display language', async ({ page }, testInfo) => {
    await openItem(page, 'dibao', testInfo);
    await expect(page).toHaveTitle('Minimum Living Allowance (Dibao) · Linli · Community services');
    await new TopBar(page).switchLanguage('zh-CN');
    await expect(page).toHaveTitle('最低生活保障 · 邻里 · 社区服务');
    // A category, the home page, a search: each its own title.
    await touch(page.locator('.crumb a'));
    await expect(page).toHaveTitle('社会救助 · 邻里 · 社区服务');
    await touch(page.getByTestId('home-button'));
    await expect(page).toHaveTitle('邻里 · 社区服务');
  });

  test('searching visa finds no unrelated service and says so, with ways on', async ({ page }, testInfo) => {
    const home = new HomePage(page);
    await home.open(testInfo);
    if (isKiosk(testInfo)) await new TopBar(page).switchLanguage('en');
    await home.type('visa');
    const search = new SearchPage(page);
    await expect(search.noResults).toBeVisible();
    await expect(search.noResults).toContainText('No good match for "visa"');
    await expect(search.itemHits).toHaveCount(0);
    await expect(search.pointHits).toHaveCount(0);
    await expect(page.getByTestId('browse-categories')).toBeVisible();
    // An English word that does match finds its service first, plural or not.
    await home.search.fill('');
    await home.type('vaccinations');
    await expect(search.itemHits.first()).toContainText('Vaccination');
  });
});
