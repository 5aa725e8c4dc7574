// Accessibility: axe-core finds no violations on any page, normal and in elder mode, on every
// screen shape; and the app works from a keyboard with a visible focus.
import { type Locator, type Page } from '@playwright/test';
import { HomePage, TopBar, entryUrl } from './pages';
import { expectNoAxeViolations, focusIndicator, expect, test } from './support';

const pages: { name: string; path: string; ready: (page: Page) => Locator }[] = [
  { name: 'home', path: '/', ready: (page) => page.getByTestId('category-tile').first() },
  { name: 'category', path: '/categories/social-assistance', ready: (page) => page.getByTestId('item-hit').first() },
  { name: 'search results', path: '/search?q=dibao', ready: (page) => page.getByTestId('item-hit').first() },
  { name: 'item', path: '/items/dibao', ready: (page) => page.getByTestId('materials') },
  { name: 'point', path: '/points/xiyingmen-center', ready: (page) => page.getByTestId('hours') },
];

/** Waits until no CSS transition or animation is running, so colours are final. */
async function settled(page: Page) {
  await expect.poll(() => page.evaluate(() => document.getAnimations().filter((a) => a.playState === 'running').length))
    .toBe(0);
}

for (const { name, path, ready } of pages) {
  for (const elder of [false, true]) {
    const mode = elder ? ' in elder mode' : '';
    test(`axe: no violations on the ${name} page${mode}`, async ({ page }, testInfo) => {
      await page.goto(entryUrl(path, testInfo));
      await expect(ready(page)).toBeVisible();
      if (elder) await new TopBar(page).elderOn();
      await settled(page);
      await expectNoAxeViolations(page, `${name} (${testInfo.project.name}${mode})`);
    });
  }
}

test('from the keyboard: Tab reaches the search box and a tile, focus is visible, Enter opens it', async ({ page }, testInfo) => {
  const home = new HomePage(page);
  await home.open(testInfo);
  let sawSearch = false;
  let tileCategory: string | null = null;
  for (let presses = 0; presses < 40 && !(sawSearch && tileCategory); presses++) {
    await page.keyboard.press('Tab');
    const testid = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid ?? null);
    if (testid === 'search-input' && !sawSearch) {
      sawSearch = true;
      const focus = await focusIndicator(page);
      expect(focus.visible, `focus on the search box is visible: ${JSON.stringify(focus)}`).toBe(true);
    }
    if (testid === 'category-tile' && !tileCategory) {
      tileCategory = await page.evaluate(() => (document.activeElement as HTMLElement).dataset.category ?? '');
      const focus = await focusIndicator(page);
      expect(focus.visible, `focus on a category tile is visible: ${JSON.stringify(focus)}`).toBe(true);
      if (sawSearch) break;
    }
  }
  expect(sawSearch, 'Tab reaches the search box').toBe(true);
  expect(tileCategory, 'Tab reaches a category tile').toBeTruthy();

  // Back to the tile (it may have come before the search box) and open it with Enter.
  await home.tile(tileCategory!).focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL((url) => url.pathname === `/categories/${tileCategory}`);
  await expect(page.getByTestId('item-hit').first()).toBeVisible();
});
