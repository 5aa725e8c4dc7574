// When something goes wrong the resident reads what happened and has a way on, never a blank page.
import { expect, test } from './support';
import { ErrorNotice, ItemPage, TopBar, entryUrl, touch } from './pages';

test('an unknown item says so in words, with the ways on instead of a retry', async ({ page }, testInfo) => {
  // The not-found page itself is tested in deadends.spec.ts.
  await page.goto(entryUrl('/items/no-such-item', testInfo));
  await expect(page.getByTestId('not-found-title')).toHaveText('没有找到这个服务事项');
  await expect(page.getByTestId('not-found-home')).toBeVisible();
  await expect(new ErrorNotice(page).retry).toHaveCount(0);
  await expect(new TopBar(page).home).toBeVisible();
  await expect(new ItemPage(page).name).toHaveCount(0);
});

test('a dropped connection shows an error; retry loads the item', async ({ page }, testInfo) => {
  // The first request for the item fails as on a weak rural network; later ones get through.
  let failed = false;
  // A kiosk adds ?at=<its point>, hence the trailing wildcard.
  await page.route('**/api/v1/items/dibao*', async (route) => {
    if (!failed) {
      failed = true;
      await route.abort('internetdisconnected');
    } else {
      await route.continue();
    }
  });
  await page.goto(entryUrl('/items/dibao', testInfo));
  const notice = new ErrorNotice(page);
  await expect(notice.error).toBeVisible();
  await expect(notice.retry).toBeVisible();

  await touch(notice.retry);
  const item = new ItemPage(page);
  await expect(item.name).toHaveText('最低生活保障');
  await expect(notice.error).toHaveCount(0);
});
