// Layout as residents meet it: every page (home, results, a category, an item, a point, an
// unknown address), in Chinese and in English, at the normal size and at every elder-mode text
// size (18 to 30 px), on each screen shape of the config (the 360x640 phone, the kiosks).
// At each size it measures the page and fails naming what is wrong:
// - nothing is wider than the screen, and no text is cut by a box too narrow for it;
// - every visible control (link, button, field, select, summary, a label around an input, ...)
//   is at least 48x48 CSS px (60x60 in elder mode), and no two controls overlap;
// - in elder mode no text is smaller than the body text;
// - the top bar is one compact row (its extra controls fold away on the phone);
// - on the phone the answer comes first: the first result and an item's materials start on the
//   first screen.
// Pictures for a person to look at are written only when LINLI_LAYOUT_SHOTS names a folder.
import { type Locator, type Page, type TestInfo } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SearchPage, TopBar, entryUrl, isKiosk, isPhone, touch } from './pages';
import { expect, test } from './support';

interface Place { name: string; path: string; ready: (page: Page) => Locator }

const places: Place[] = [
  { name: 'home', path: '/', ready: (page) => page.getByTestId('category-tile').first() },
  {
    name: 'search',
    path: `/search?q=${encodeURIComponent('证明')}`,
    ready: (page) => page.getByTestId('item-hit').first(),
  },
  {
    name: 'category',
    path: '/categories/social-assistance',
    ready: (page) => page.getByTestId('item-hit').first(),
  },
  { name: 'item', path: '/items/dibao', ready: (page) => page.getByTestId('materials') },
  { name: 'point', path: '/points/xiyingmen-center', ready: (page) => page.getByTestId('hours') },
  {
    name: 'not-found',
    path: '/no-such-page',
    ready: (page) => page.locator('main').getByText(/./).first(),
  },
];

const languages = ['zh-CN', 'en'] as const;
/** Elder mode's text sizes, smallest to largest (session.rs: 18 to 30 px, in steps of 2; on a
 *  kiosk from 22 px, its normal size). */
const ALL_ELDER_SIZES = [18, 20, 22, 24, 26, 28, 30];
const elderSizes = (testInfo: TestInfo) => ALL_ELDER_SIZES.filter((px) => !isKiosk(testInfo) || px >= 22);

/** What one measurement found wrong, each line naming the element and its numbers. */
interface Findings {
  scrollWidth: number;
  innerWidth: number;
  problems: string[];
  barHeight: number;
  barRows: number;
  firstAnswerTop: number | null;
  /** The smallest control's size and name, for the figures. */
  smallest: string;
}

/**
 * Measures the page as it is now. `min` is the smallest target side in CSS px, `checkText`
 * whether every text must be at least the body size, `answer` a selector for what must start
 * on the first screen (or null).
 */
async function measure(page: Page, min: number, checkText: boolean, answer: string | null): Promise<Findings> {
  // The screen's width as the device has it: a phone's browser widens its layout viewport (and
  // so innerWidth) to a page that is too wide, then shows it zoomed out.
  const screenWidth = page.viewportSize()!.width;
  return page.evaluate(({ min, checkText, answer, screenWidth }) => {
    const problems: string[] = [];
    const name = (el: Element): string => {
      const h = el as HTMLElement;
      const testid = h.dataset?.testid ? `[data-testid=${h.dataset.testid}]` : '';
      const cls = typeof h.className === 'string' && h.className ? `.${h.className.trim().split(/\s+/).join('.')}` : '';
      const text = (h.innerText ?? h.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 30);
      return `<${el.tagName.toLowerCase()}${testid}${cls}> "${text}"`;
    };
    // Shown to a sighted person: rendered, not clipped away as text for screen readers only.
    const shown = (el: Element): boolean => {
      if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return false;
      for (let e: Element | null = el; e; e = e.parentElement) {
        const r = e.getBoundingClientRect();
        if (r.width <= 1 || r.height <= 1) return false;
        const clip = getComputedStyle(e).clip;
        if (clip && clip !== 'auto' && /rect\(0(px)?,? 0(px)?,? 0(px)?,? 0(px)?\)/.test(clip)) return false;
      }
      return true;
    };
    const px = (n: number) => Math.round(n * 10) / 10;

    // 1. Nothing wider than the screen.
    const scroller = document.scrollingElement ?? document.documentElement;
    const innerWidth = Math.min(window.innerWidth, screenWidth);
    if (scroller.scrollWidth > innerWidth) {
      // Name the widest elements that stick out, deepest first.
      const out = [...document.body.querySelectorAll('*')]
        .filter((el) => shown(el) && el.getBoundingClientRect().right > innerWidth + 0.5)
        .filter((el, _, all) => !all.some((other) => other !== el && el.contains(other)))
        .slice(0, 6)
        .map((el) => `${name(el)} right edge at ${px(el.getBoundingClientRect().right)} px`);
      problems.push(`page is ${scroller.scrollWidth} px wide on a ${innerWidth} px screen: ${out.join('; ')}`);
    }
    // ...and no text cut by a box that hides what does not fit.
    for (const el of document.body.querySelectorAll('*')) {
      if (['INPUT', 'SELECT', 'TEXTAREA', 'OPTION'].includes(el.tagName) || !shown(el)) continue;
      const style = getComputedStyle(el);
      if (style.overflowX === 'visible') continue;
      if (el.scrollWidth > el.clientWidth + 1) {
        problems.push(`${name(el)} cuts its content: ${el.scrollWidth} px in a ${el.clientWidth} px box`);
      }
    }

    // ...nor an empty box's placeholder (the example of what to type) cut at its edge.
    const canvas = document.createElement('canvas').getContext('2d')!;
    for (const el of document.querySelectorAll<HTMLInputElement>('input[placeholder]')) {
      if (el.value || !shown(el)) continue;
      const style = getComputedStyle(el);
      canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      const text = canvas.measureText(el.placeholder).width;
      const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      if (text > room + 1) problems.push(`${name(el)} cuts its placeholder: ${px(text)} px in ${px(room)} px`);
    }

    // 2. Every control big enough, none on top of another.
    const controls = [...document.querySelectorAll([
      'a[href]', 'button', 'input:not([type=hidden])', 'select', 'textarea', 'summary',
      '[role=button]', '[role=link]', '[role=checkbox]', '[role=tab]', '[role=menuitem]',
      '[tabindex]:not([tabindex="-1"])', 'label:has(input, select, textarea)',
    ].join(','))].filter(shown);
    let smallest = '';
    let smallestSide = Infinity;
    for (const el of controls) {
      const r = el.getBoundingClientRect();
      if (Math.min(r.width, r.height) < smallestSide) {
        smallestSide = Math.min(r.width, r.height);
        smallest = `${px(r.width)}x${px(r.height)} ${name(el)}`;
      }
      if (r.width + 0.5 < min || r.height + 0.5 < min) {
        problems.push(`${name(el)} is ${px(r.width)}x${px(r.height)} px, under ${min}x${min}`);
      }
    }
    for (let i = 0; i < controls.length; i++) {
      for (let j = i + 1; j < controls.length; j++) {
        const [a, b] = [controls[i], controls[j]];
        if (a.contains(b) || b.contains(a)) continue;
        // A label and the control it names are one target.
        if (a instanceof HTMLLabelElement && a.control === b) continue;
        if (b instanceof HTMLLabelElement && b.control === a) continue;
        const ra = a.getBoundingClientRect();
        const rb = b.getBoundingClientRect();
        const w = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
        const h = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
        if (w > 1 && h > 1) problems.push(`${name(a)} and ${name(b)} overlap by ${px(w)}x${px(h)} px`);
      }
    }

    // 3. In elder mode no text below the body size.
    if (checkText) {
      const body = parseFloat(getComputedStyle(document.body).fontSize);
      const seen = new Set<Element>();
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (!parent || seen.has(parent) || !(node.textContent ?? '').trim()) continue;
        if (parent.closest('script, style, noscript, option, svg')) continue;
        seen.add(parent);
        if (!shown(parent)) continue;
        const size = parseFloat(getComputedStyle(parent).fontSize);
        if (size + 0.05 < body) problems.push(`${name(parent)} text is ${px(size)} px, under the body's ${px(body)} px`);
      }
      for (const el of document.querySelectorAll('input:not([type=checkbox], [type=radio]), select, textarea, button')) {
        if (seen.has(el) || !shown(el)) continue;
        const size = parseFloat(getComputedStyle(el).fontSize);
        if (size + 0.05 < body) problems.push(`${name(el)} text is ${px(size)} px, under the body's ${px(body)} px`);
      }
    }

    // 4. The top bar: its height, and in how many rows its controls sit.
    const bar = document.querySelector('header');
    const barHeight = bar ? bar.getBoundingClientRect().height : 0;
    const tops = bar ? [...bar.querySelectorAll('a[href], button')].filter(shown)
      .map((el) => el.getBoundingClientRect()) : [];
    let barRows = 0;
    let rowBottom = -Infinity;
    for (const r of tops.sort((x, y) => x.top - y.top)) {
      if (r.top >= rowBottom - 1) { barRows++; rowBottom = r.bottom; } else rowBottom = Math.max(rowBottom, r.bottom);
    }

    // 5. Where the answer starts.
    const first = answer ? document.querySelector(answer) : null;
    const firstAnswerTop = first ? first.getBoundingClientRect().top + window.scrollY : null;

    return { scrollWidth: scroller.scrollWidth, innerWidth, problems, barHeight, barRows, firstAnswerTop, smallest };
  }, { min, checkText, answer, screenWidth });
}

/** The elder-mode text size, set with the bar's own buttons (opening its settings if folded). */
async function setElderSize(bar: TopBar, px: number) {
  await bar.openTools();
  for (let i = 0; i < 8; i++) {
    const now = await bar.rootFontPx();
    if (now === px) break;
    const button = now < px ? bar.fontLarger : bar.fontSmaller;
    await touch(button);
    await expect.poll(() => bar.rootFontPx()).toBe(now + (now < px ? 2 : -2));
  }
  expect(await bar.rootFontPx()).toBe(px);
  await bar.closeTools();
}

/** A picture of the first screen and of the whole page, for a person, when asked. */
async function shoot(page: Page, testInfo: TestInfo, what: string) {
  const dir = process.env.LINLI_LAYOUT_SHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.evaluate(() => document.fonts.ready);
  const file = `${testInfo.project.name}-${what}`;
  await page.screenshot({ path: join(dir, `${file}.png`), animations: 'disabled', caret: 'hide' });
  await page.screenshot({ path: join(dir, `${file}-full.png`), fullPage: true, animations: 'disabled', caret: 'hide' });
}

for (const place of places) {
  for (const language of languages) {
    test(`layout of the ${place.name} page in ${language} at every text size`, async ({ page }, testInfo) => {
      // Every size in both languages takes a while on the slow shared machines.
      test.setTimeout(120_000);
      await page.goto(entryUrl(place.path, testInfo));
      await expect(place.ready(page)).toBeVisible();
      const bar = new TopBar(page);
      if (language === 'en') await bar.switchLanguage('en');
      const phone = isPhone(testInfo);
      // What must be on the phone's first screen: the first result, an item's materials.
      const answer = place.name === 'search' ? '[data-testid=item-hit]'
        : place.name === 'item' ? '.materials' : null;
      const found: string[] = [];

      const check = async (label: string, elder: boolean) => {
        await expect(place.ready(page)).toBeVisible();
        await page.evaluate(() => window.scrollTo(0, 0));
        const min = elder ? 60 : 48;
        const f = await measure(page, min, elder, answer);
        for (const p of f.problems) found.push(`${label}: ${p}`);
        if (f.barRows > 1) found.push(`${label}: the top bar takes ${f.barRows} rows (${Math.round(f.barHeight)} px)`);
        if (phone && f.barHeight > 100) found.push(`${label}: the top bar is ${Math.round(f.barHeight)} px tall`);
        if (phone && answer && f.firstAnswerTop !== null) {
          const viewport = page.viewportSize()!;
          if (f.firstAnswerTop + min > viewport.height) {
            found.push(`${label}: ${answer} starts ${Math.round(f.firstAnswerTop)} px down, below the first screen (${viewport.height} px)`);
          }
        }
        await shoot(page, testInfo, `${place.name}-${language}-${label}`);
        if (process.env.LINLI_LAYOUT_SHOTS) {
          console.log(`figures ${testInfo.project.name} ${place.name} ${language} ${label}: page ${f.scrollWidth}/${f.innerWidth} px wide, `
            + `top bar ${Math.round(f.barHeight)} px in ${f.barRows} rows, answer at ${f.firstAnswerTop === null ? '-' : Math.round(f.firstAnswerTop)} px, `
            + `smallest control ${f.smallest}`);
        }
        // The results' filters folded away: measured open too (long English names).
        const search = new SearchPage(page);
        if (place.name === 'search' && await search.filtersToggle.isVisible()
          && (await search.filtersToggle.getAttribute('aria-expanded')) === 'false') {
          await touch(search.filtersToggle);
          await expect(search.filtersToggle).toHaveAttribute('aria-expanded', 'true');
          await expect(search.channel).toBeVisible();
          const open = await measure(page, min, elder, null);
          for (const p of open.problems) found.push(`${label}, filters open: ${p}`);
          await shoot(page, testInfo, `${place.name}-${language}-${label}-filters`);
          await touch(search.filtersToggle);
          await expect(search.filtersToggle).toHaveAttribute('aria-expanded', 'false');
        }
      };

      await check('normal', false);
      await bar.elderOn();
      await bar.closeTools();
      for (const size of elderSizes(testInfo)) {
        await setElderSize(bar, size);
        await check(`elder-${size}px`, true);
      }
      // The bar's settings, open, at the largest size: still nothing too small or too wide.
      if (await bar.openTools()) {
        const open = await measure(page, 60, true, null);
        for (const p of open.problems) found.push(`elder-30px, bar settings open: ${p}`);
        await shoot(page, testInfo, `${place.name}-${language}-elder-30px-settings`);
      }
      expect(found, `layout problems on ${place.name} (${language}, ${testInfo.project.name})`).toEqual([]);
    });
  }
}

for (const language of languages) {
  test(`with something on the list, the phone's top bar stays one row at every text size (${language})`, async ({ page }, testInfo) => {
    test.skip(!isPhone(testInfo), 'the phone\'s narrow bar');
    test.setTimeout(90_000);
    await page.addInitScript(() => localStorage.setItem('linli.list', 'dibao'));
    await page.goto('/items/dibao');
    await expect(page.getByTestId('list-count')).toHaveText('1');
    const bar = new TopBar(page);
    if (language === 'en') await bar.switchLanguage('en');
    const found: string[] = [];
    const check = async (label: string, min: number) => {
      const f = await measure(page, min, false, null);
      if (f.barRows > 1) found.push(`${label}: the top bar takes ${f.barRows} rows (${Math.round(f.barHeight)} px)`);
      for (const p of f.problems.filter((p) => p.includes('topbar') || p.includes('bar-button'))) found.push(`${label}: ${p}`);
    };
    await check('normal', 48);
    await bar.elderOn();
    await bar.closeTools();
    for (const size of elderSizes(testInfo)) {
      await setElderSize(bar, size);
      await check(`elder-${size}px`, 60);
    }
    expect(found).toEqual([]);
  });
}
