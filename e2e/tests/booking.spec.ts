// Booking an appointment (预约办理) as residents do it: from an item's page, a point, a day and a
// time, the phone number proved with the code the text message carries (read here from the
// server's SMS outbox file, LINLI_SMS_OUTBOX in playwright.config.ts), who comes, a last look,
// and the booking with its code, QR code, materials, .ics, cancel. The server's clock is fixed
// at Tuesday 2026-11-24 10:00, and it never moves: every test uses numbers of its own (one code
// a minute per number) and slots of its own per project (the projects share one database).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page, TestInfo } from '@playwright/test';
import { expect, test, expectTouchTarget } from './support';
import { entryUrl, isKiosk, isPhone, touch } from './pages';

const OUTBOX = join(process.env.LINLI_E2E_DATA ?? '', 'sms-outbox.jsonl');
const PROJECTS = ['kiosk', 'kiosk-small', 'phone'];

/** A mobile number of this project's own: 11 digits, `n` telling the tests apart. */
function phoneFor(testInfo: TestInfo, n: number): string {
  const p = Math.max(0, PROJECTS.indexOf(testInfo.project.name));
  return `13${7 + p}0000${String(n).padStart(4, '0')}`;
}

/** The last code the outbox holds for `phone`, once the server has written it. */
async function codeFromOutbox(phone: string): Promise<string> {
  let code = '';
  await expect.poll(() => {
    let text = '';
    try { text = readFileSync(OUTBOX, 'utf8'); } catch { return ''; }
    const lines = text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as { to: string; code?: string });
    code = lines.filter((l) => l.to === phone && l.code).map((l) => l.code!).pop() ?? '';
    return code;
  }, { message: `a code for ${phone} in ${OUTBOX}`, timeout: 10_000 }).toMatch(/^\d{6}$/);
  return code;
}

/** Types as a resident does, a key at a time. */
async function typeSlowly(field: Locator, text: string) {
  await touch(field);
  await field.pressSequentially(text, { delay: 60 });
}

/** Nothing on the page wider than the screen; names what sticks out. */
async function expectNoOverflow(page: Page, what: string) {
  const width = page.viewportSize()!.width;
  const out = await page.evaluate((width) => {
    const scroller = document.scrollingElement ?? document.documentElement;
    if (scroller.scrollWidth <= width) return [];
    return [...document.body.querySelectorAll('*')]
      .filter((el) => el.getBoundingClientRect().right > width + 0.5 && el.getBoundingClientRect().width > 0)
      .slice(-4)
      .map((el) => `<${el.tagName.toLowerCase()} ${(el as HTMLElement).dataset.testid ?? el.className}> right at ${Math.round(el.getBoundingClientRect().right)}`);
  }, width);
  expect(out, `${what}: nothing wider than the ${width} px screen`).toEqual([]);
}

/** The booking screens, step by step. */
class Booking {
  constructor(readonly page: Page) {}
  step = () => this.page.getByTestId('booking-step');
  point = (name: RegExp) => this.page.getByTestId('booking-point').filter({ hasText: name });
  day = (date: string) => this.page.locator(`[data-testid="day"][data-date="${date}"]`);
  slot = (start: string) => this.page.locator(`[data-testid="slot"][data-start="${start}"]`);
  phone = () => this.page.getByTestId('phone-input');
  sendCode = () => this.page.getByTestId('send-code');
  code = () => this.page.getByTestId('code-input');
  verify = () => this.page.getByTestId('verify-code');
  name = () => this.page.getByTestId('name-input');
  onBehalf = () => this.page.getByTestId('on-behalf');
  relation = () => this.page.getByTestId('relation-input');
  next = () => this.page.getByTestId('name-next');
  confirm = () => this.page.getByTestId('confirm-booking');
  bookingCode = () => this.page.getByTestId('booking-code');

  /** Proves `number` with the code from the outbox. */
  async proveNumber(number: string) {
    await typeSlowly(this.phone(), number);
    await touch(this.sendCode());
    await expect(this.page.getByTestId('code-sent')).toBeVisible();
    const code = await codeFromOutbox(number);
    await typeSlowly(this.code(), code);
    await touch(this.verify());
  }
}

/** Books the last seat of a slot through the API as another resident (code from the outbox). */
async function takeSeat(page: Page, phone: string, body: object) {
  const sent = await page.request.post('/api/v1/auth/code', { data: { phone } });
  expect(sent.status()).toBe(200);
  const code = await codeFromOutbox(phone);
  const verified = await page.request.post('/api/v1/auth/verify', { data: { phone, code } });
  const { token } = await verified.json() as { token: string };
  const booked = await page.request.post('/api/v1/bookings', {
    data: body, headers: { Authorization: `Bearer ${token}` },
  });
  expect(booked.status(), await booked.text()).toBe(201);
}

test('a resident books on the phone with the code from the text message, gets the .ics and cancels', async ({ page }, testInfo) => {
  test.skip(!isPhone(testInfo), 'the phone layout');
  const b = new Booking(page);
  const number = phoneFor(testInfo, 1);
  await page.goto(entryUrl('/items/id-card', testInfo));
  await touch(page.getByTestId('book-button'));
  await expect(page).toHaveURL((url) => url.pathname === '/book/id-card');
  await expect(b.step()).toHaveText('第 1 步，共 5 步');
  // Three points offer it: the resident chooses.
  await touch(b.point(/西营门/));
  await expect(page.getByTestId('chosen-point')).toHaveText('西营门街道社区服务中心');
  // Saturday says why it cannot be booked; Wednesday 09:30 has seats.
  await expect(b.day('2026-11-28')).toBeDisabled();
  await expect(b.day('2026-11-28').getByTestId('day-why')).toHaveText('当天不办理预约');
  await touch(b.day('2026-11-25'));
  await expect(b.slot('09:30')).toContainText('剩余 2 个');
  await touch(b.slot('09:30'));
  await expect(b.step()).toHaveText('第 3 步，共 5 步');
  await expect(page.getByTestId('chosen-time')).toHaveText('11月25日 周三 09:30–09:45');
  await b.proveNumber(number);
  await typeSlowly(b.name(), '张三');
  await touch(b.next());
  await expect(page.getByTestId('confirm-person')).toHaveText('张三');
  await expect(page.getByTestId('confirm-phone')).toHaveText(`${number.slice(0, 3)}****${number.slice(7)}`);
  await touch(b.confirm());

  // The booking: its code large and plain, the QR code, the materials again.
  await expect(page).toHaveURL(/\/bookings\/[A-Z0-9]+\?new=1$/);
  await expect(b.bookingCode()).toHaveText(/^[A-Z0-9]{6,8}$/);
  const code = (await b.bookingCode().textContent())!;
  const size = await b.bookingCode().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(size, 'the code is written large').toBeGreaterThanOrEqual(36);
  await expect(page.getByTestId('qr-code')).toHaveAttribute('data-url', new RegExp(`/bookings/${code}\\?lang=zh$`));
  await expect(page.getByTestId('materials').locator('li').first()).toBeVisible();
  await expect(page.getByTestId('booking-time')).toHaveText('11月25日 周三 09:30–09:45');
  // The token is kept for this tab only.
  expect(await page.evaluate(() => sessionStorage.getItem('linli.resident'))).toContain(number);

  // Add to calendar: an .ics in China time with the point's address and a reminder.
  const download = page.waitForEvent('download');
  await touch(page.getByTestId('add-to-calendar'));
  const file = await download;
  expect(file.suggestedFilename()).toBe(`linli-${code}.ics`);
  const ics = readFileSync((await file.path())!, 'utf8');
  expect(ics).toMatch(/^BEGIN:VCALENDAR\r\n/);
  expect(ics).toContain('DTSTART;TZID=Asia/Shanghai:20261125T093000\r\n');
  expect(ics).toContain('BEGIN:VALARM');
  expect(ics.replace(/\r\n /g, '')).toContain(`UID:${code}@linli.community`);

  // My bookings (the same tab: no new code asked), then cancel.
  await page.goto('/bookings');
  await expect(page.getByTestId('booking-row')).toHaveCount(1);
  await expect(page.getByTestId('booking-row')).toContainText(code);
  await touch(page.getByTestId('booking-link'));
  await expect(b.bookingCode()).toHaveText(code);
  await touch(page.getByTestId('cancel-booking'));
  await touch(page.getByTestId('cancel-confirm'));
  await expect(page.getByTestId('booking-cancelled')).toHaveText('预约已取消');
  await expect(page.getByTestId('cancel-booking')).toHaveCount(0);
});

test('in English at the largest text, booking for someone else: nothing overflows, targets are large', async ({ page }, testInfo) => {
  test.skip(!isPhone(testInfo), 'the phone at 360 px');
  await page.addInitScript(() => {
    localStorage.setItem('linli.lang', 'en');
    localStorage.setItem('linli.elder', '1');
    localStorage.setItem('linli.font', '30');
  });
  const b = new Booking(page);
  const number = phoneFor(testInfo, 2);
  await page.goto('/book/legal-consultation');
  await expect(b.step()).toHaveText('Step 1 of 5');
  await expectNoOverflow(page, 'the points');
  await touch(b.point(/Xiyingmen/));
  await expect(b.day('2026-12-01')).toBeVisible();
  await expectNoOverflow(page, 'the days and times');
  await touch(b.day('2026-12-01'));
  await expectTouchTarget(b.day('2026-12-01'), 'a day');
  await expectTouchTarget(b.slot('14:00'), 'a time');
  await touch(b.slot('14:00'));
  await expectNoOverflow(page, 'the phone number');
  await expectTouchTarget(b.sendCode(), 'send the code');
  await b.proveNumber(number);
  await expect(b.name()).toBeVisible();
  await touch(b.onBehalf());
  await expectTouchTarget(b.onBehalf(), 'booking for someone else');
  await typeSlowly(b.name(), 'Li Xiuying');
  await typeSlowly(b.relation(), 'mother');
  await expectNoOverflow(page, 'who comes');
  await touch(b.next());
  await expect(page.getByTestId('confirm-person')).toHaveText('Li Xiuying (mother)');
  await expectNoOverflow(page, 'the last look');
  await expectTouchTarget(b.confirm(), 'confirm');
  await touch(b.confirm());
  await expect(b.bookingCode()).toBeVisible();
  await expect(page.getByTestId('booking-person')).toHaveText('Li Xiuying (mother)');
  await expect(page.getByTestId('booking-proxy')).toContainText(`${number.slice(0, 3)}****${number.slice(7)}`);
  await expect(page.getByTestId('booking-time')).toHaveText('Tue 1 Dec 14:00–15:00');
  await expectNoOverflow(page, 'the booking');
  for (const id of ['add-to-calendar', 'reschedule', 'cancel-booking']) {
    await expectTouchTarget(page.getByTestId(id), id);
  }
  // Reschedule to 16:00 the same day, in place.
  await touch(page.getByTestId('reschedule'));
  await touch(b.day('2026-12-01'));
  await touch(b.slot('16:00'));
  await expect(page.getByTestId('booking-moved')).toBeVisible();
  await expect(page.getByTestId('booking-time')).toHaveText('Tue 1 Dec 16:00–17:00');
});

test('the kiosk forgets the resident after the idle reset', async ({ page }, testInfo) => {
  test.skip(!isKiosk(testInfo), 'the idle reset is a kiosk feature');
  await page.clock.install();
  const b = new Booking(page);
  const number = phoneFor(testInfo, 3);
  await page.goto(entryUrl('/items/id-card', testInfo));
  await touch(page.getByTestId('my-bookings-link'));
  await expect(page).toHaveURL((url) => url.pathname === '/bookings');
  await b.proveNumber(number);
  await expect(page.getByTestId('signed-in-phone')).toBeVisible();
  await expect(page.getByTestId('no-bookings')).toBeVisible();
  // Nothing of the resident is stored on the kiosk.
  expect(await page.evaluate(() => sessionStorage.getItem('linli.resident'))).toBeNull();

  // Left alone: after 90 s and the 20 s countdown, the kiosk starts over.
  const now = await page.evaluate(() => Date.now());
  await page.clock.pauseAt(now + 2_000);
  await page.keyboard.press('Shift');
  await page.clock.runFor('01:31');
  await expect(page.getByTestId('idle-countdown')).toBeVisible();
  await page.clock.runFor('00:21');
  await expect(page).toHaveURL((url) => url.pathname === '/');
  // Back to "my bookings" within the app (no reload): the number must be proved again.
  await page.evaluate(() => {
    history.pushState(null, '', '/bookings');
    window.dispatchEvent(new PopStateEvent('popstate'));
  });
  await expect(page).toHaveURL((url) => url.pathname === '/bookings');
  await expect(b.phone()).toBeVisible();
  await expect(page.getByTestId('signed-in-phone')).toHaveCount(0);
});

test('a slot taken a moment earlier says so and offers the next free times', async ({ page }, testInfo) => {
  // A day per project (legal consultations at 西营门 seat one, Tuesdays and Thursdays 14-17):
  // its 14:00 is taken, and the next free time, 15:00, offered.
  const date = { kiosk: '2026-11-26', 'kiosk-small': '2026-12-03', phone: '2026-12-08' }[testInfo.project.name] ?? '2026-11-26';
  const start = '14:00';
  const b = new Booking(page);
  await page.goto(entryUrl('/book/legal-consultation', testInfo));
  await touch(b.point(/西营门/));
  await touch(b.day(date));
  await expect(b.slot(start)).toBeEnabled();
  await touch(b.slot(start));
  await b.proveNumber(phoneFor(testInfo, 4));
  await typeSlowly(b.name(), '王五');
  await touch(b.next());
  await expect(b.confirm()).toBeEnabled();

  // Someone else takes the one seat first.
  await takeSeat(page, phoneFor(testInfo, 5), {
    point: 'xiyingmen-center', item: 'legal-consultation', starts_at: `${date}T${start}:00`, name: '赵六',
  });
  await touch(b.confirm());
  const full = page.getByTestId('slot-full');
  await expect(full).toContainText('这个时段刚刚约满了，请选择其他时段。');
  const next = full.getByTestId('next-free');
  await expect(next.first()).toBeVisible();
  await expectTouchTarget(next.first(), 'a next free time', isKiosk(testInfo) ? 60 : 48);
  const offered = (await next.first().textContent())!;
  expect(offered).toContain('15:00');
  await touch(next.first());
  await expect(page.getByTestId('confirm-time')).toHaveText(offered);
  await touch(b.confirm());
  await expect(b.bookingCode()).toBeVisible();
});
