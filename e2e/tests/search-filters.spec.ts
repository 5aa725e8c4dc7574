// Narrowing results: by how to apply, by category, to points open now. Filters live in the
// address, so a filtered list can be shared or reloaded.
import { type Page, type Request } from '@playwright/test';
import { expect, test } from './support';
import { SearchPage, entryUrl, touch } from './pages';

/** Waits for the app's next search request that carries `param` (with `value`, if given). */
function searchRequest(page: Page, param: string, value?: string): Promise<Request> {
  return page.waitForRequest((req) => {
    const url = new URL(req.url());
    if (url.pathname !== '/api/v1/search') return false;
    const got = url.searchParams.get(param);
    return got !== null && (value === undefined || got === value);
  });
}

test('choosing a channel and "open now" changes the query and the results', async ({ page }, testInfo) => {
  const search = new SearchPage(page);
  await page.goto(entryUrl(`/search?q=${encodeURIComponent('证明')}`, testInfo));
  await expect(search.itemHits.first()).toBeVisible();
  const before = await search.itemNames();
  expect(before.some((name) => name.includes('居住证明开具')), before.join(' | ')).toBe(true);

  // Results first: on a phone the filters are folded behind one button, which says none is on.
  await expect(search.filtersToggle).not.toContainText(/\d/);
  await search.showFilters();

  // 自助办理: only a few 证明 can be had at the self-service terminal; 居住证明开具 is window-only.
  const channelRequest = searchRequest(page, 'channel', 'self_service');
  await search.channel.selectOption('self_service');
  await channelRequest;
  await expect(page).toHaveURL(/[?&]channel=self_service(&|$)/);
  await expect(search.item('居住证明开具')).toHaveCount(0);
  await expect(search.item('志愿服务记录证明')).toBeVisible();
  const narrowed = await search.itemNames();
  expect(narrowed.length).toBeGreaterThan(0);
  expect(narrowed.length).toBeLessThan(before.length);

  // Open now: asked of the server, written into the address, still with the channel. The
  // server's clock is fixed on a Tuesday morning (fixed-time.ts), when the points are open.
  const openRequest = searchRequest(page, 'open_now');
  await touch(search.openNow);
  const req = await openRequest;
  expect(new URL(req.url()).searchParams.get('channel')).toBe('self_service');
  await expect(search.openNow).toBeChecked();
  await expect(page).toHaveURL(/[?&]open_now=[^&]+/);
  await expect(page).toHaveURL(/[?&]channel=self_service(&|$)/);

  // The address alone brings the same filtered page back; the folded filters say two are on.
  await page.reload();
  await expect(search.channel).toHaveValue('self_service');
  await expect(search.openNow).toBeChecked();
  await expect(search.filtersToggle).toContainText('2');
  await search.showFilters();
  await expect(search.item('志愿服务记录证明')).toBeVisible();
  await expect(search.item('居住证明开具')).toHaveCount(0);

  // Unticking drops the filter again.
  await touch(search.openNow);
  await expect(search.openNow).not.toBeChecked();
  await expect(page).not.toHaveURL(/[?&]open_now=(true|1|on)/);
});

test('a category filter keeps only that category', async ({ page }, testInfo) => {
  const search = new SearchPage(page);
  await page.goto(entryUrl(`/search?q=${encodeURIComponent('补贴')}`, testInfo));
  await expect(search.itemHits.first()).toBeVisible();
  const before = await search.itemNames();
  expect(before.some((name) => name.includes('住房租赁补贴')), before.join(' | ')).toBe(true);

  await search.showFilters();
  const request = searchRequest(page, 'category', 'elderly');
  await search.category.selectOption('elderly');
  await request;
  await expect(page).toHaveURL(/[?&]category=elderly(&|$)/);
  await expect(search.item('住房租赁补贴')).toHaveCount(0);
  await expect(search.item('高龄津贴')).toBeVisible();
  expect((await search.itemNames()).length).toBeLessThan(before.length);

  // The district filter offers the demo directory's district.
  await expect(search.district.locator('option', { hasText: '西青区' })).toHaveCount(1);
});

test('a search without results says so', async ({ page }, testInfo) => {
  const search = new SearchPage(page);
  await page.goto(entryUrl('/search?q=qqqqxxxxzzzz', testInfo));
  await expect(search.noResults).toBeVisible();
  await expect(search.itemHits).toHaveCount(0);
  await expect(search.pointHits).toHaveCount(0);
});
