import { expect, test } from '@playwright/test';
import { ItemPage, SearchPage } from './pages';

test('a resident types dibao and finds the materials for 最低生活保障', async ({ page }) => {
  const search = new SearchPage(page);
  await search.open();
  await search.search('dibao');

  const hit = search.item('最低生活保障');
  await expect(hit).toBeVisible();
  await expect(search.itemHits.first()).toContainText('最低生活保障');
  await hit.click();

  const item = new ItemPage(page);
  await expect(page).toHaveURL(/\/items\/dibao$/);
  await expect(item.name).toHaveText('最低生活保障');
  await expect(item.materials).toContainText('居民身份证');
  expect(await item.materials.locator('li').count()).toBeGreaterThanOrEqual(3);
});

test('the query stays in the address, so back brings the results again', async ({ page }) => {
  const search = new SearchPage(page);
  await search.open();
  await search.search('居住证');
  await expect(page).toHaveURL(/\?q=/);
  await search.itemHits.first().click();
  await expect(new ItemPage(page).name).toBeVisible();
  await page.goBack();
  await expect(search.itemHits.first()).toBeVisible();
  await expect(search.input).toHaveValue('居住证');
});

test('an unknown item says so in words, not a blank page', async ({ page }) => {
  await page.goto('/items/no-such-item');
  await expect(page.getByTestId('error')).toContainText('没有找到这个服务事项');
});
