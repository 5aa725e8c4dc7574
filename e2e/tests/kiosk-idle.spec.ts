// The kiosk is shared: when a resident walks away, it asks whether anyone is still there and then
// starts over clean for the next person. Time is Playwright's fake clock; nothing really waits.
import { type Page } from '@playwright/test';
import { expect, test } from './support';
import { HomePage, IdleOverlay, isKiosk, touch } from './pages';

/** What the browser stores besides the kiosk's own setting (which point it is the kiosk of). */
const storageSizes = (page: Page) =>
  page.evaluate(() => ({
    local: Object.keys(localStorage).filter((key) => key !== 'linli.kiosk').length,
    session: sessionStorage.length,
  }));

/**
 * Stops the page's clock, so that from now on time moves only when the test says so, and
 * presses a key that changes nothing (Shift): "someone is here" at a known moment.
 */
async function freezeTimeWithSomeoneThere(page: Page) {
  // pauseAt only moves forward: a margin of 2 s, as a loaded machine can take more than a few
  // milliseconds between reading the page's clock and pausing it (a CI run failed at 10 ms).
  const now = await page.evaluate(() => Date.now());
  await page.clock.pauseAt(now + 2_000);
  await page.keyboard.press('Shift');
}

test('after 90 s idle a countdown appears; a touch cancels it; at 0 the kiosk starts over', async ({ page }, testInfo) => {
  test.skip(!isKiosk(testInfo), 'the idle reset is a kiosk feature');
  await page.clock.install();
  const home = new HomePage(page);
  const idle = new IdleOverlay(page);
  const html = page.locator('html');
  await home.open(testInfo);
  await expect(html).toHaveClass(/(^|\s)kiosk(\s|$)/);

  // A resident uses the kiosk: English, elder mode, a category; and leaves traces in storage.
  await home.bar.switchLanguage('en');
  await home.bar.elderOn();
  await touch(home.tile('social-assistance'));
  await expect(page).toHaveURL((url) => url.pathname === '/categories/social-assistance');
  await page.evaluate(() => {
    localStorage.setItem('linli.e2e-previous-resident', 'x');
    sessionStorage.setItem('linli.e2e-previous-resident', 'x');
  });
  await freezeTimeWithSomeoneThere(page);

  // Not yet at 89 s; at 90 s the countdown, starting at 20.
  await page.clock.runFor('01:29');
  await expect(idle.overlay).toBeHidden();
  await page.clock.runFor('00:01');
  await expect(idle.overlay).toBeVisible();
  await expect(idle.overlay).toContainText('20');
  await expect(idle.stay).toBeVisible();

  // Any touch cancels it, and the 90 s start again from that touch.
  await idle.overlay.tap({ position: { x: 4, y: 4 } });
  await expect(idle.overlay).toBeHidden();
  await page.clock.runFor('01:00');
  await expect(idle.overlay).toBeHidden();
  await page.clock.runFor('00:30');
  await expect(idle.overlay).toBeVisible();
  // "Stay" is the obvious way to say "still here"; the resident's screen is as it was.
  await touch(idle.stay);
  await expect(idle.overlay).toBeHidden();
  await expect(page).toHaveURL((url) => url.pathname === '/categories/social-assistance');
  await expect(html).toHaveAttribute('lang', 'en');
  await expect(html).toHaveClass(/(^|\s)elder(\s|$)/);

  // Nobody answers: the countdown runs down second by second to 0.
  await page.clock.runFor('01:30');
  await expect(idle.overlay).toBeVisible();
  // Half a second into the sixth second (the seconds on screen may update a little late).
  await page.clock.runFor(5_500);
  await expect(idle.overlay).toContainText('15');
  await page.clock.runFor(14_000);
  await expect(page).toHaveURL((url) => url.pathname === '/categories/social-assistance');
  await page.clock.runFor(500);

  // The kiosk home, as it is for a new resident.
  await expect(page).toHaveURL((url) => url.pathname === '/');
  await home.ready();
  await expect(idle.overlay).toBeHidden();
  await expect(html).toHaveClass(/(^|\s)kiosk(\s|$)/);
  await expect(html).not.toHaveClass(/(^|\s)elder(\s|$)/);
  await expect(home.bar.elder).toHaveAttribute('aria-pressed', 'false');
  await expect(html).toHaveAttribute('lang', 'zh-CN');
  await expect(home.tile('social-assistance')).toContainText('社会救助');
  expect(await storageSizes(page)).toEqual({ local: 0, session: 0 });

  // And it is still a kiosk: the next idle spell brings the countdown again.
  await page.clock.runFor('01:30');
  await expect(idle.overlay).toBeVisible();
});

test('idle time is measured in time, not in timer ticks: a jump of 90 s shows the countdown', async ({ page }, testInfo) => {
  // Browsers delay timers (a busy CPU, a screen saver hiding the page); the kiosk must still
  // reset after 90 s of real time. fastForward jumps the clock, firing each due timer once.
  test.skip(!isKiosk(testInfo), 'the idle reset is a kiosk feature');
  await page.clock.install();
  const home = new HomePage(page);
  const idle = new IdleOverlay(page);
  await home.open(testInfo);
  await freezeTimeWithSomeoneThere(page);
  await page.clock.fastForward('01:30');
  await page.clock.runFor(1_000);
  await expect(idle.overlay).toBeVisible();
  await page.clock.fastForward('00:20');
  await page.clock.runFor(1_000);
  await expect(page).toHaveURL((url) => url.pathname === '/');
  await expect(idle.overlay).toBeHidden();
});
