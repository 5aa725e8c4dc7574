// Page objects: what a resident sees and does, in one place, so tests read as steps.
// Every locator is a data-testid of the app's contract; nothing here depends on markup details.
import { expect, type Locator, type Page, type TestInfo } from '@playwright/test';

/** The service point whose kiosk the kiosk projects pretend to be (the first street center). */
export const KIOSK_POINT = 'xiyingmen-center';

/** Kiosk projects (kiosk, kiosk-small) run the app as the kiosk of KIOSK_POINT. */
export function isKiosk(testInfo: TestInfo): boolean {
  return testInfo.project.name.startsWith('kiosk');
}

export function isPhone(testInfo: TestInfo): boolean {
  return testInfo.project.name === 'phone';
}

/** The first address of a session: kiosk mode is switched on once, by `?kiosk=`. */
export function entryUrl(path: string, testInfo: TestInfo): string {
  if (!isKiosk(testInfo)) return path;
  return `${path}${path.includes('?') ? '&' : '?'}kiosk=${KIOSK_POINT}`;
}

/** A touch where the device has a touch screen (all three projects), a click otherwise. */
export async function touch(locator: Locator): Promise<void> {
  const hasTouch = await locator.page().evaluate(() => navigator.maxTouchPoints > 0);
  if (hasTouch) await locator.tap();
  else await locator.click();
}

/**
 * The bar on every page: back, home, language, elder mode and, in elder mode, font size. On a
 * phone, elder mode and the font size fold behind one "Aa" button (`tools`), which the methods
 * here open when needed.
 */
export class TopBar {
  readonly back: Locator;
  readonly home: Locator;
  readonly lang: Locator;
  readonly elder: Locator;
  readonly fontLarger: Locator;
  readonly fontSmaller: Locator;
  readonly tools: Locator;

  constructor(readonly page: Page) {
    this.back = page.getByTestId('back-button');
    this.home = page.getByTestId('home-button');
    this.lang = page.getByTestId('lang-toggle');
    this.elder = page.getByTestId('elder-toggle');
    this.fontLarger = page.getByTestId('font-larger');
    this.fontSmaller = page.getByTestId('font-smaller');
    this.tools = page.getByTestId('display-settings');
  }

  /** Unfolds elder mode and the font size where they are folded; true if they were folded. */
  async openTools(): Promise<boolean> {
    if (!(await this.tools.isVisible())) return false;
    if ((await this.tools.getAttribute('aria-expanded')) !== 'true') {
      await touch(this.tools);
      await expect(this.tools).toHaveAttribute('aria-expanded', 'true');
    }
    await expect(this.elder).toBeVisible();
    return true;
  }

  /** Folds them away again, where they fold. */
  async closeTools() {
    if (!(await this.tools.isVisible())) return;
    if ((await this.tools.getAttribute('aria-expanded')) === 'true') {
      await touch(this.tools);
      await expect(this.tools).toHaveAttribute('aria-expanded', 'false');
    }
  }

  async elderOn() {
    await this.openTools();
    await expect(this.elder).toHaveAttribute('aria-pressed', 'false');
    await touch(this.elder);
    await expect(this.page.locator('html')).toHaveClass(/(^|\s)elder(\s|$)/);
    await expect(this.elder).toHaveAttribute('aria-pressed', 'true');
  }

  async switchLanguage(to: 'en' | 'zh-CN') {
    await touch(this.lang);
    await expect(this.page.locator('html')).toHaveAttribute('lang', to);
  }

  /** The root font size in px, what font-larger / font-smaller change. */
  async rootFontPx(): Promise<number> {
    return this.page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  }
}

export class HomePage {
  readonly search: Locator;
  readonly tiles: Locator;
  readonly popular: Locator;
  readonly bar: TopBar;

  constructor(readonly page: Page) {
    this.search = page.getByTestId('search-input');
    this.tiles = page.getByTestId('category-tile');
    this.popular = page.getByTestId('popular-item');
    this.bar = new TopBar(page);
  }

  /** Opens the home page, as the kiosk in kiosk projects, and waits until it can be used. */
  async open(testInfo: TestInfo) {
    await this.page.goto(entryUrl('/', testInfo));
    await this.ready();
  }

  async ready() {
    await expect(this.tiles.first()).toBeVisible();
    await expect(this.search).toBeEditable();
  }

  tile(category: string): Locator {
    return this.page.locator(`[data-testid="category-tile"][data-category="${category}"]`);
  }

  /** Types like a person (key by key); the app moves to /search after a short pause. */
  async type(text: string) {
    await this.search.click();
    await this.search.pressSequentially(text, { delay: 40 });
  }
}

export class CategoryPage {
  readonly itemHits: Locator;

  constructor(readonly page: Page) {
    this.itemHits = page.getByTestId('item-hit');
  }

  item(name: string): Locator {
    return this.itemHits.filter({ hasText: name }).first();
  }
}

export class SearchPage {
  readonly itemHits: Locator;
  readonly pointHits: Locator;
  readonly noResults: Locator;
  readonly category: Locator;
  readonly channel: Locator;
  readonly district: Locator;
  readonly openNow: Locator;
  /** The one button the filters fold behind (aria-expanded), results first. */
  readonly filtersToggle: Locator;

  constructor(readonly page: Page) {
    this.filtersToggle = page.getByTestId('filters-toggle');
    this.itemHits = page.getByTestId('item-hit');
    this.pointHits = page.getByTestId('point-hit');
    this.noResults = page.getByTestId('no-results');
    this.category = page.getByTestId('filter-category');
    this.channel = page.getByTestId('filter-channel');
    this.district = page.getByTestId('filter-district');
    this.openNow = page.getByTestId('filter-open-now');
  }

  item(name: string): Locator {
    return this.itemHits.filter({ hasText: name }).first();
  }

  /** Unfolds the filters (folded on a phone, open on a kiosk). */
  async showFilters() {
    await expect(this.filtersToggle).toBeVisible();
    if ((await this.filtersToggle.getAttribute('aria-expanded')) !== 'true') {
      await touch(this.filtersToggle);
    }
    await expect(this.filtersToggle).toHaveAttribute('aria-expanded', 'true');
    await expect(this.channel).toBeVisible();
  }

  /** The visible text of every item hit, in order. */
  async itemNames(): Promise<string[]> {
    return (await this.itemHits.allInnerTexts()).map((text) => text.trim());
  }
}

export class ItemPage {
  readonly name: Locator;
  readonly materials: Locator;
  readonly print: Locator;
  readonly qr: Locator;
  readonly where: Locator;

  constructor(readonly page: Page) {
    this.name = page.getByTestId('item-name');
    this.materials = page.getByTestId('materials');
    this.print = page.getByTestId('print-button');
    this.qr = page.getByTestId('qr-code');
    this.where = page.locator('[data-testid="where"] a');
  }
}

export class PointPage {
  readonly name: Locator;
  readonly status: Locator;
  readonly hours: Locator;
  readonly today: Locator;
  readonly phone: Locator;

  constructor(readonly page: Page) {
    this.name = page.getByTestId('point-name');
    this.status = page.getByTestId('open-status');
    this.hours = page.getByTestId('hours');
    this.today = page.locator('[data-testid="hours"] [aria-current="date"]');
    // The number under Phone on a kiosk; on a phone, the call button (the number once).
    this.phone = page.locator('[data-testid="phone-link"], .point [data-testid="call-link"]');
  }
}

/** The kiosk's "are you still there?" overlay. */
export class IdleOverlay {
  readonly overlay: Locator;
  readonly stay: Locator;

  constructor(readonly page: Page) {
    this.overlay = page.getByTestId('idle-countdown');
    this.stay = page.getByTestId('idle-stay');
  }
}

export class ErrorNotice {
  readonly error: Locator;
  readonly retry: Locator;

  constructor(readonly page: Page) {
    this.error = page.getByTestId('error');
    this.retry = page.getByTestId('retry');
  }
}
