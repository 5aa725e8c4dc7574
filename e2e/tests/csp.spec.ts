// The app under its Content-Security-Policy. Every spec fails on a violation (the `test` of
// ./support watches for them); here a whole visit also fails on any console error at all, and
// the watch itself is shown to catch what the policy refuses.
import { HomePage, ItemPage, PointPage, SearchPage, TopBar, entryUrl, touch } from './pages';
import { expect, test } from './support';

test('the app is served under the policy and a whole visit logs no error', async ({ page }, testInfo) => {
  const errors: string[] = [];
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  page.on('pageerror', (error) => errors.push(error.message));

  const response = await page.goto(entryUrl('/', testInfo));
  const policy = (await response!.headerValue('content-security-policy')) ?? '';
  expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(policy).not.toContain('unsafe-inline');

  const home = new HomePage(page);
  await home.ready();
  const bar = new TopBar(page);
  await bar.elderOn();
  await touch(bar.fontLarger);
  await bar.switchLanguage('en');
  await bar.switchLanguage('zh-CN');

  await page.goto(entryUrl(`/search?q=${encodeURIComponent('低保')}`, testInfo));
  const search = new SearchPage(page);
  await expect(search.itemHits.first()).toBeVisible();
  await touch(search.itemHits.first());
  const item = new ItemPage(page);
  await expect(item.materials).toBeVisible();
  await touch(item.where.first());
  await expect(new PointPage(page).status).toBeVisible();

  expect(errors).toEqual([]);
});

test('the watch catches an inline script and an inline style the policy refuses', async ({ page, cspViolations }, testInfo) => {
  await page.goto(entryUrl('/', testInfo));
  await new HomePage(page).ready();
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true;';
    document.body.append(script);
    document.body.setAttribute('style', 'color: red');
  });
  await expect.poll(() => cspViolations.length).toBeGreaterThanOrEqual(2);
  expect(await page.evaluate(() => (window as unknown as { __inlineRan?: boolean }).__inlineRan)).toBeUndefined();
  expect(cspViolations.join('\n')).toMatch(/script-src/);
  expect(cspViolations.join('\n')).toMatch(/style-src/);
  // Seen and refused: this test's own violations do not fail it.
  cspViolations.length = 0;
});
