// The staff console (/staff) at 1366x768: a platform admin adds a material to 最低生活保障, reads
// the diff, publishes, and a kiosk shows the material at once (no server restart); a point
// manager cannot open another point's edit page and the API refuses the same save (403), and
// publishing a draft that breaks the directory's rules names every problem (422); five
// wrong passwords lock an account; axe-core finds nothing on any console page. Then the pages
// of the rest of the console: 老人吃饭 searched on the resident app shows in the search
// insights, becomes an alias of 老年助餐, is published, and the resident search finds it; the
// directory's own list with retired records; categories; new items and points; retiring; a
// district admin moving a point; one's own password; the directory file's export and upload.
//
// The accounts are made with the server's own command line (`linli-server staff add`) on the
// test server's database, with passwords the test knows. The server's clock is fixed, so a
// lock never ends and sign-in attempts per address (20 per 10 minutes) never age out during a
// run: this spec signs in only a few times.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type APIRequestContext, type Page } from '@playwright/test';
import { KIOSK_POINT } from './pages';
import { expect, expectNoAxeViolations, focusIndicator, test } from './support';

const root = resolve(__dirname, '..', '..');
const serverBin = process.env.LINLI_SERVER_BIN ?? join(root, 'target/debug/linli-server');
const databaseUrl = `sqlite://${join(process.env.LINLI_E2E_DATA!, 'linli.db')}`;

const ADMIN = { name: 'console-admin', role: 'platform_admin', scope: undefined };
const MANAGER = { name: 'console-manager', role: 'point_manager', scope: `point:${KIOSK_POINT}` };
const LOCKED = { name: 'console-locked', role: 'clerk', scope: `point:${KIOSK_POINT}` };
const DISTRICT = { name: 'console-district', role: 'district_admin', scope: 'district:西青区' };
const CHANGER = { name: 'console-changer', role: 'clerk', scope: `point:${KIOSK_POINT}` };
const PASSWORD = 'e2e-console-passphrase';
const OTHER_POINT = 'xiyingmen-yazhiyuan';
const NEW_MATERIAL = '近三个月银行流水（控制台测试）';

function staffCli(args: string[], input?: string): void {
  execFileSync(serverBin, ['staff', ...args], {
    input, env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Makes the account with PASSWORD (or resets it to PASSWORD when a rerun finds it there). */
function ensureAccount(account: { name: string; role: string; scope?: string }): void {
  const scope = account.scope ? ['--scope', account.scope] : [];
  try {
    staffCli(['add', account.name, '--role', account.role, ...scope], `${PASSWORD}\n`);
  } catch {
    staffCli(['reset-password', account.name], `${PASSWORD}\n`);
  }
}

test.beforeAll(() => {
  for (const account of [ADMIN, MANAGER, LOCKED, DISTRICT, CHANGER]) ensureAccount(account);
});

async function signIn(page: Page, name: string, path = '/staff'): Promise<void> {
  await page.goto(path);
  await expect(page.getByRole('heading', { level: 1, name: '工作人员登录' })).toBeVisible();
  await page.getByLabel('用户名').fill(name);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByTestId('signed-in-as')).toContainText(name);
}

/** The session's CSRF token, as the console gets it back after a reload. */
async function csrf(request: APIRequestContext): Promise<string> {
  const me = await request.get('/api/v1/staff/me');
  expect(me.status()).toBe(200);
  return (await me.json()).csrf_token;
}

async function materialsOfDibao(request: APIRequestContext): Promise<string[]> {
  const answer = await request.get('/api/v1/items/dibao');
  return (await answer.json()).item.materials.map((m: { name: string }) => m.name);
}

test('a platform admin adds a material to 最低生活保障, reads the diff, publishes, and a kiosk shows it', async ({ page, context }) => {
  await signIn(page, ADMIN.name);
  await expectNoAxeViolations(page, 'console directory (empty)');

  // Directory: search, then the item's edit form.
  await page.getByLabel('搜索事项和服务点').fill('最低生活保障');
  await page.keyboard.press('Enter');
  const row = page.locator('[data-testid="item-row"][data-id="dibao"]');
  await expect(row).toBeVisible();
  await expectNoAxeViolations(page, 'console directory (results)');
  await row.getByRole('link', { name: /^编辑/ }).click();
  await expect(page).toHaveURL(/\/staff\/items\/dibao$/);
  const form = page.getByTestId('item-form');
  await expect(form).toBeVisible();
  const rows = form.getByTestId('material-row');
  const before = await rows.count();
  expect(before).toBeGreaterThan(0);
  await expectNoAxeViolations(page, 'console item form');

  // A new material, empty: the inline check names the problem and saving is refused.
  await page.getByTestId('add-material').click();
  await expect(rows).toHaveCount(before + 1);
  const added = rows.last();
  await expect(added.getByLabel('材料名称')).toBeFocused();
  await page.getByTestId('save').click();
  await expect(added.getByTestId('problem')).toHaveText('必须填写。');
  await expect(added.getByLabel('材料名称')).toHaveAttribute('aria-invalid', 'true');
  await expectNoAxeViolations(page, 'console item form with a problem');
  await added.getByLabel('材料名称').fill(NEW_MATERIAL);
  await expect(added.getByTestId('problem')).toHaveCount(0);
  // Materials keep their order: moved up, it is second to last (the focus stays on its
  // button); moved down again, it is last.
  await added.getByRole('button', { name: '上移' }).click();
  await expect(rows.nth(before - 1).getByLabel('材料名称')).toHaveValue(NEW_MATERIAL);
  await expect(rows.nth(before - 1).getByRole('button', { name: '上移' })).toBeFocused();
  await rows.nth(before - 1).getByRole('button', { name: '下移' }).click();
  await expect(rows.last().getByLabel('材料名称')).toHaveValue(NEW_MATERIAL);
  await page.getByTestId('save').click();
  await expect(page.getByTestId('saved')).toBeVisible();
  // Residents do not see it yet.
  expect(await materialsOfDibao(context.request)).not.toContain(NEW_MATERIAL);

  // The diff, field by field.
  const nav = page.getByRole('navigation');
  await nav.getByRole('link', { name: '草稿与差异' }).click();
  const diff = page.locator('[data-testid="record-diff"][data-id="dibao"]');
  await expect(diff).toBeVisible();
  await expect(diff.getByTestId('change')).toHaveText('修改');
  const change = diff.getByTestId('field-change');
  await expect(change).toHaveCount(1);
  await expect(change).toHaveAttribute('data-field', `materials[${before}]`);
  await expect(change.locator('td.before')).toHaveText('—');
  await expect(change.locator('td.after')).toContainText(NEW_MATERIAL);
  await expectNoAxeViolations(page, 'console draft and diff');

  // Publish.
  await nav.getByRole('link', { name: '发布', exact: true }).click();
  await expect(page.getByTestId('draft-count')).toContainText('1');
  await expectNoAxeViolations(page, 'console publish');
  await page.getByTestId('publish').click();
  await expect(page.getByTestId('published')).toBeVisible();
  await expectNoAxeViolations(page, 'console published');

  // A kiosk (the resident app) shows it, from the same running server.
  const kiosk = await context.newPage();
  await kiosk.goto(`/items/dibao?kiosk=${KIOSK_POINT}`);
  await expect(kiosk.getByTestId('materials')).toContainText(NEW_MATERIAL);
  await kiosk.close();

  // Back as it was, through the same API, so the other specs find the demo directory.
  const token = await csrf(context.request);
  const current = await (await context.request.get('/api/v1/staff/records/item/dibao')).json();
  const record = { ...current.record, materials: current.record.materials.filter((m: { name: string }) => m.name !== NEW_MATERIAL) };
  const saved = await context.request.put('/api/v1/staff/draft/item/dibao', {
    headers: { 'X-CSRF-Token': token }, data: { base_version: current.version, record },
  });
  expect(saved.status()).toBe(200);
  const published = await context.request.post('/api/v1/staff/draft/publish', { headers: { 'X-CSRF-Token': token } });
  expect(published.status()).toBe(200);
  expect(await materialsOfDibao(context.request)).not.toContain(NEW_MATERIAL);
});

test('a point manager edits their own point only; the API refuses another point (403)', async ({ page, context }) => {
  await signIn(page, MANAGER.name, `/staff/points/${OTHER_POINT}`);
  // Accounts and audit are not offered to a point manager.
  await expect(page.getByRole('link', { name: '账号' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: '审计日志' })).toHaveCount(0);
  await expect(page.getByTestId('not-yours')).toBeVisible();
  await expect(page.getByTestId('point-form')).toHaveCount(0);
  await expectNoAxeViolations(page, 'console point outside the scope');

  // The same save, sent to the API directly, is refused.
  const token = await csrf(context.request);
  const other = await (await context.request.get(`/api/v1/staff/records/point/${OTHER_POINT}`)).json();
  const refused = await context.request.put(`/api/v1/staff/draft/point/${OTHER_POINT}`, {
    headers: { 'X-CSRF-Token': token },
    data: { base_version: other.version, record: { ...other.record, phone: '022-00000000' } },
  });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).code).toBe('forbidden');

  // Their own point opens with its desk fields; a wrong time is named inline.
  await page.goto(`/staff/points/${KIOSK_POINT}`);
  const form = page.getByTestId('point-form');
  await expect(form).toBeVisible();
  await expect(page.getByLabel('电话')).not.toHaveValue('');
  // Where the point is and what it is called are its district admin's: read-only here.
  await expect(page.getByTestId('place-read-only')).toBeVisible();
  await expect(page.getByLabel('地址', { exact: true })).toHaveAttribute('readonly', '');
  await expect(page.getByLabel('电话')).not.toHaveAttribute('readonly', '');
  await expect(page.getByTestId('retire')).toHaveCount(0);
  await expectNoAxeViolations(page, 'console point form');
  const opens = form.getByTestId('hours-row').first().getByLabel('开门');
  const opensBefore = await opens.inputValue();
  await opens.fill('8点');
  await expect(form.getByTestId('hours-row').first().getByTestId('problem')).toHaveText('时间格式为 HH:MM，如 08:30。');
  await expectNoAxeViolations(page, 'console point form with a problem');
  await opens.fill(opensBefore);
  await expect(form.getByTestId('problem')).toHaveCount(0);

  // Offerings that break the directory's rules (an unknown item, one listed twice) can be
  // saved into the draft, but publishing is refused with every problem named, and nothing
  // changes.
  const offered = page.getByLabel('可办理的事项编号');
  const ids = await offered.inputValue();
  const first = ids.split('\n')[0];
  await offered.fill(`${ids}\nno-such-item\n${first}`);
  await page.getByTestId('save').click();
  await expect(page.getByTestId('saved')).toBeVisible();
  const nav = page.getByRole('navigation');
  await nav.getByRole('link', { name: '发布', exact: true }).click();
  await page.getByTestId('publish').click();
  const problems = page.getByTestId('publish-problem');
  await expect(problems).toHaveCount(2);
  await expect(problems.filter({ hasText: 'unknown item "no-such-item"' })).toHaveCount(1);
  await expect(problems.filter({ hasText: `"${first}" is listed twice` })).toHaveCount(1);
  await expectNoAxeViolations(page, 'console publish refused (422)');
  const point = await (await context.request.get(`/api/v1/points/${KIOSK_POINT}`)).json();
  expect(JSON.stringify(point)).not.toContain('no-such-item');

  // Taken back out of the draft.
  await nav.getByRole('link', { name: '草稿与差异' }).click();
  await page.locator(`[data-testid="record-diff"][data-id="${KIOSK_POINT}"]`).getByRole('button', { name: '从草稿中撤下' }).click();
  await expect(page.getByTestId('draft-empty')).toBeVisible();
  await expectNoAxeViolations(page, 'console empty draft');
});

test('five wrong passwords lock the account, and the console says so', async ({ page }) => {
  await page.goto('/staff');
  await expect(page.getByRole('heading', { level: 1, name: '工作人员登录' })).toBeVisible();
  await expectNoAxeViolations(page, 'console sign-in');
  for (let attempt = 1; attempt <= 5; attempt++) {
    await page.getByLabel('用户名').fill(LOCKED.name);
    await page.getByLabel('密码').fill(`wrong-password-${attempt}`);
    await page.getByRole('button', { name: '登录' }).click();
    // The form empties the password when the answer is in: this attempt is answered.
    await expect(page.getByLabel('密码')).toHaveValue('');
    const error = page.getByTestId('error');
    if (attempt < 5) {
      await expect(error).toHaveAttribute('data-code', 'staff_bad_credentials');
      await expect(error).toHaveText('用户名或密码不正确。');
    } else {
      await expect(error).toHaveAttribute('data-code', 'staff_account_locked');
      await expect(error).toHaveText('登录失败次数过多，账号已锁定 15 分钟，请稍后再试。');
    }
  }
  await expectNoAxeViolations(page, 'console sign-in with the lockout message');
});

test('accounts and the audit log for an admin, in both languages, with no axe violations', async ({ page }) => {
  await signIn(page, ADMIN.name, '/staff/accounts');
  await expect(page.getByRole('heading', { level: 1, name: '工作人员账号' })).toBeVisible();
  await expect(page.locator('[data-testid="account-row"][data-username="console-manager"]')).toBeVisible();
  await expectNoAxeViolations(page, 'console accounts');

  // Add a clerk (the password is generated and shown once), then disable them.
  await page.getByLabel('用户名').fill('console-clerk');
  await page.getByLabel('角色').selectOption('clerk');
  await page.getByLabel('范围').fill(`point:${KIOSK_POINT}`);
  await page.getByRole('button', { name: '创建' }).click();
  await expect(page.getByTestId('account-created')).toContainText('console-clerk');
  await expect(page.getByTestId('generated-password')).not.toBeEmpty();
  const clerk = page.locator('[data-testid="account-row"][data-username="console-clerk"]');
  await expect(clerk.getByTestId('account-status')).toHaveText('启用');
  await clerk.getByRole('button', { name: '停用 console-clerk' }).click();
  await expect(clerk.getByTestId('account-status')).toHaveText('已停用');
  await expectNoAxeViolations(page, 'console accounts after changes');

  // The audit log has both, filtered by kind.
  await page.getByRole('navigation').getByRole('link', { name: '审计日志' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '审计日志' })).toBeVisible();
  await page.getByLabel('记录类型').selectOption('staff_account');
  await page.getByRole('button', { name: '筛选', exact: true }).click();
  const entries = page.getByTestId('audit-entry');
  await expect(entries.filter({ hasText: 'account_disabled' }).first()).toBeVisible();
  await expect(entries.filter({ hasText: 'account_created' }).first()).toBeVisible();
  await expectNoAxeViolations(page, 'console audit log');

  // English, from the top bar; the page follows.
  await page.getByTestId('language').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expectNoAxeViolations(page, 'console audit log in English');
  await page.getByRole('navigation').getByRole('link', { name: 'Directory' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Directory' })).toBeVisible();
  await page.getByTestId('language').click();
});

test('from the keyboard: sign in, "/" to the search, Enter, Tab to a result, Enter opens its form', async ({ page }) => {
  await page.goto('/staff');
  await expect(page.getByRole('heading', { level: 1, name: '工作人员登录' })).toBeVisible();
  await page.getByLabel('用户名').focus();
  await page.keyboard.type(ADMIN.name);
  await page.keyboard.press('Tab');
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('signed-in-as')).toContainText(ADMIN.name);
  // The page's heading has the focus; "/" moves it to the search box.
  await expect(page.getByRole('heading', { level: 1, name: '服务目录' })).toBeFocused();
  await page.keyboard.press('/');
  const search = page.getByLabel('搜索事项和服务点');
  await expect(search).toBeFocused();
  const focus = await focusIndicator(page);
  expect(focus.visible, `focus on the search box is visible: ${JSON.stringify(focus)}`).toBe(true);
  await page.keyboard.type('低保');
  await page.keyboard.press('Enter');
  const link = page.locator('[data-testid="item-row"][data-id="dibao"]').getByRole('link');
  await expect(link).toBeVisible();
  let reached = false;
  for (let presses = 0; presses < 40 && !reached; presses++) {
    await page.keyboard.press('Tab');
    reached = await link.evaluate((el) => el === document.activeElement);
  }
  expect(reached, 'Tab reaches the edit link of 最低生活保障').toBe(true);
  expect((await focusIndicator(page)).visible, 'focus on the link is visible').toBe(true);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/staff\/items\/dibao$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  await expect(page.getByTestId('item-form')).toBeVisible();
});

test('a copy that went stale while it was edited is refused with the current values, which the form loads', async ({ page, context }) => {
  await signIn(page, ADMIN.name, '/staff/items/dibao');
  const form = page.getByTestId('item-form');
  await expect(form).toBeVisible();
  const department = page.getByLabel('承办部门');
  const departmentBefore = await department.inputValue();

  // Meanwhile the item changes and is published (here through the API, as another admin's
  // console would).
  const token = await csrf(context.request);
  const current = await (await context.request.get('/api/v1/staff/records/item/dibao')).json();
  const changed = `${departmentBefore}（另一位管理员）`;
  expect((await context.request.put('/api/v1/staff/draft/item/dibao', {
    headers: { 'X-CSRF-Token': token }, data: { base_version: current.version, record: { ...current.record, department: changed } },
  })).status()).toBe(200);
  expect((await context.request.post('/api/v1/staff/draft/publish', { headers: { 'X-CSRF-Token': token } })).status()).toBe(200);

  // The form's copy is stale: saving it is refused, and the current record is shown.
  await page.getByLabel('办结时限（工作日，0 为即办）').fill('7');
  await page.getByTestId('save').click();
  await expect(page.getByTestId('error')).toHaveAttribute('data-code', 'draft_stale');
  const stale = page.getByTestId('stale');
  await expect(stale).toContainText(changed);
  await expectNoAxeViolations(page, 'console item form with a stale copy');
  await stale.getByRole('button', { name: '载入当前内容' }).click();
  await expect(department).toHaveValue(changed);

  // Put back as it was, through the form, and publish.
  await department.fill(departmentBefore);
  await page.getByTestId('save').click();
  await expect(page.getByTestId('saved')).toBeVisible();
  await page.getByRole('navigation').getByRole('link', { name: '发布', exact: true }).click();
  await page.getByTestId('publish').click();
  await expect(page.getByTestId('published')).toBeVisible();
  const after = await (await context.request.get('/api/v1/items/dibao')).json();
  expect(after.item.department).toBe(departmentBefore);
});

/** Publishes `record` of `kind` over what residents see now, through the API (to put back). */
async function publishRecord(request: APIRequestContext, kind: string, id: string, edit: (r: any) => any): Promise<void> {
  const token = await csrf(request);
  const current = await (await request.get(`/api/v1/staff/records/${kind}/${id}`)).json();
  const saved = await request.put(`/api/v1/staff/draft/${kind}/${id}`, {
    headers: { 'X-CSRF-Token': token }, data: { base_version: current.version, record: edit(current.record) },
  });
  expect(saved.status()).toBe(200);
  const published = await request.post('/api/v1/staff/draft/publish', { headers: { 'X-CSRF-Token': token } });
  expect(published.status()).toBe(200);
}

test('老人吃饭 searched by a resident shows in the insights; added as an alias and published, the search finds 老年助餐', async ({ page, context }) => {
  const QUERY = '老人吃饭';
  // A resident searches and finds nothing.
  const resident = await context.newPage();
  await resident.goto(`/search?q=${encodeURIComponent(QUERY)}`);
  await expect(resident.getByTestId('no-results')).toBeVisible();

  await signIn(page, ADMIN.name);
  await page.getByRole('navigation').getByRole('link', { name: '搜索洞察' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '搜索洞察' })).toBeVisible();
  const row = page.locator(`[data-testid="insight-row"][data-query="${QUERY}"]`);
  await expect(row).toBeVisible();
  await expect(row).toContainText('没有结果');
  await expectNoAxeViolations(page, 'console search insights');
  // In English too, from the same catalogue.
  await page.getByTestId('language').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Search insights' })).toBeVisible();
  await expect(row).toContainText('Found nothing');
  await expectNoAxeViolations(page, 'console search insights in English');
  await page.getByTestId('language').click();
  await expect(page.getByRole('heading', { level: 1, name: '搜索洞察' })).toBeVisible();

  // From the keyboard: the row's button opens the panel with the focus on its heading.
  await row.getByRole('button', { name: `加到事项: ${QUERY}` }).focus();
  await page.keyboard.press('Enter');
  const panel = page.getByTestId('add-panel');
  await expect(panel.getByRole('heading', { level: 2 })).toBeFocused();
  await panel.getByLabel('查找事项').fill('老年助餐');
  await page.keyboard.press('Enter');
  const choice = panel.getByLabel(/老年助餐 elderly-meals/);
  await expect(choice).toBeChecked();
  await panel.getByLabel('别名', { exact: true }).check();
  await expectNoAxeViolations(page, 'console insights: adding a query to an item');
  await panel.getByTestId('add-query').click();
  await expect(panel.getByTestId('added-to-draft')).toContainText('已加入草稿');

  // The diff names the alias; publish.
  await page.getByRole('navigation').getByRole('link', { name: '草稿与差异' }).click();
  const diff = page.locator('[data-testid="record-diff"][data-id="elderly-meals"]');
  await expect(diff.getByTestId('field-change')).toHaveAttribute('data-field', /^aliases/);
  await expect(diff.locator('td.after')).toContainText(QUERY);
  await page.getByRole('navigation').getByRole('link', { name: '发布', exact: true }).click();
  await page.getByTestId('publish').click();
  await expect(page.getByTestId('published')).toBeVisible();

  // The resident's search now finds the item.
  await resident.goto(`/search?q=${encodeURIComponent(QUERY)}`);
  await expect(resident.getByTestId('item-hit').first()).toHaveAttribute('href', /\/items\/elderly-meals/);
  await resident.close();

  // Back as it was for the other specs.
  await publishRecord(context.request, 'item', 'elderly-meals', (r) => ({ ...r, aliases: r.aliases.filter((a: string) => a !== QUERY) }));
});

test('the directory lists with filters, new items and points go into the draft, a record is retired; categories', async ({ page, context }) => {
  await signIn(page, ADMIN.name, '/staff?kind=points&district=%E8%A5%BF%E9%9D%92%E5%8C%BA&status=all');
  // The staff list: points of a district, in service and retired.
  await expect(page.locator(`[data-testid="point-row"][data-id="${KIOSK_POINT}"]`)).toBeVisible();
  await expect(page.getByLabel('状态')).toHaveValue('all');
  await expect(page.getByTestId('item-results')).toHaveCount(0);
  await expectNoAxeViolations(page, 'console directory: points of a district, retired too');

  // A new item: its id is checked inline, then it opens on the draft's copy, which names what
  // is still missing.
  await page.getByTestId('new-item-link').click();
  await expect(page.getByRole('heading', { level: 1, name: '新建事项' })).toBeVisible();
  await page.getByLabel('编号').fill('Not An Id');
  await page.getByTestId('create').click();
  await expect(page.getByTestId('problem').first()).toHaveText('编号只能包含小写字母、数字和连字符。');
  await expectNoAxeViolations(page, 'console new item with a problem');
  await page.getByLabel('编号').fill('console-test-item');
  await page.getByLabel('名称', { exact: true }).fill('控制台测试事项');
  await page.getByLabel('英文名称').fill('Console test item');
  await page.getByTestId('create').click();
  await expect(page).toHaveURL(/\/staff\/items\/console-test-item$/);
  await expect(page.getByTestId('copy-source')).toHaveText(/草稿/);
  await expect(page.getByLabel('名称', { exact: true })).toHaveValue('控制台测试事项');
  await page.getByTestId('save').click();
  await expect(page.getByLabel('说明', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  // Taken back out (a record only in the draft is discarded, not retired).
  await page.getByTestId('retire-start').click();
  await expect(page.locator('#retire-confirm')).toBeFocused();
  await page.getByTestId('retire-confirm').click();
  await expect(page.getByTestId('retired-saved')).toBeVisible();

  // Retiring a published item goes into the draft as a retirement.
  await page.goto('/staff/items/grocery-station');
  await expect(page.getByTestId('item-form')).toBeVisible();
  await page.getByTestId('retire-start').click();
  await page.getByTestId('retire-confirm').click();
  await expect(page.getByTestId('retired-saved')).toBeVisible();
  await expectNoAxeViolations(page, 'console item retired into the draft');
  await page.getByRole('navigation').getByRole('link', { name: '草稿与差异' }).click();
  const retired = page.locator('[data-testid="record-diff"][data-id="grocery-station"]');
  await expect(retired.getByTestId('change')).toHaveText('撤销');
  await expect(page.locator('[data-testid="record-diff"][data-id="console-test-item"]')).toHaveCount(0);
  await retired.getByRole('button', { name: '从草稿中撤下' }).click();
  await expect(page.getByTestId('draft-empty')).toBeVisible();

  // A new point (the form names a wrong latitude).
  await page.goto('/staff/new/point');
  await expect(page.getByRole('heading', { level: 1, name: '新建服务点' })).toBeVisible();
  await page.getByLabel('纬度').fill('91');
  await page.getByTestId('create').click();
  await expect(page.locator('#new-lat-problem')).toHaveText('纬度为 -90 到 90 之间的数。');
  await expectNoAxeViolations(page, 'console new point with problems');

  // Categories: rename into the draft, see it in the diff, take it out again.
  await page.getByRole('navigation').getByRole('link', { name: '分类' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '分类' })).toBeVisible();
  const elderly = page.locator('[data-testid="category-row"][data-id="elderly"]');
  await expect(elderly).toBeVisible();
  await expectNoAxeViolations(page, 'console categories');
  await elderly.getByLabel('名称 elderly', { exact: true }).fill('养老服务（测试）');
  await elderly.getByTestId('save-category').click();
  await expect(page.getByTestId('saved')).toBeVisible();
  // Moving a category saves the order of those whose place changed.
  await elderly.getByRole('button', { name: '上移 elderly' }).click();
  await expect(page.locator('#cat-elderly-up')).toBeFocused();
  await expect(page.getByTestId('category-row').nth(1)).toHaveAttribute('data-id', 'elderly');
  await expect(page.getByTestId('saved')).toContainText('新的顺序已存入草稿');
  await page.getByRole('navigation').getByRole('link', { name: '草稿与差异' }).click();
  const category = page.locator('[data-testid="record-diff"][data-id="elderly"]');
  await expect(category.locator('[data-testid="field-change"][data-field="name"] td.after')).toContainText('养老服务（测试）');
  const records = page.getByTestId('record-diff');
  for (let n = await records.count(); n > 0; n--) {
    await records.first().getByRole('button', { name: '从草稿中撤下' }).click();
    await expect(records).toHaveCount(n - 1);
  }
  await expect(page.getByTestId('draft-empty')).toBeVisible();
  expect((await (await context.request.get('/api/v1/overview')).json()).categories[0].id).not.toBe('elderly');
});

test('a district admin moves and renames a point of their district; its manager cannot', async ({ page }) => {
  await signIn(page, DISTRICT.name, `/staff/points/${KIOSK_POINT}`);
  const form = page.getByTestId('point-form');
  await expect(form).toBeVisible();
  const address = page.getByLabel('地址', { exact: true });
  await expect(address).not.toHaveAttribute('readonly', '');
  await page.getByLabel('经度').fill('200');
  await expect(page.locator('#lng-problem')).toHaveText('经度为 -180 到 180 之间的数。');
  await expectNoAxeViolations(page, 'console point place fields with a problem');
  await page.getByLabel('经度').fill('117.2');
  await address.fill('测试地址 1 号');
  await page.getByTestId('save').click();
  await expect(page.getByTestId('saved')).toBeVisible();
  await page.getByRole('navigation').getByRole('link', { name: '草稿与差异' }).click();
  const diff = page.locator(`[data-testid="record-diff"][data-id="${KIOSK_POINT}"]`);
  const fields = await diff.getByTestId('field-change').evaluateAll((els) => els.map((e) => e.getAttribute('data-field')));
  expect(fields.sort()).toEqual(['address', 'lng']);
  await diff.getByRole('button', { name: '从草稿中撤下' }).click();
  await expect(page.getByTestId('draft-empty')).toBeVisible();
  // A district admin does not edit the catalogue's categories.
  await expect(page.getByRole('navigation').getByRole('link', { name: '分类' })).toHaveCount(0);
});

test('a staff member changes their own password and signs in with the new one', async ({ page }) => {
  await signIn(page, CHANGER.name);
  await page.getByTestId('password-link').click();
  await expect(page.getByRole('heading', { level: 1, name: '修改密码' })).toBeVisible();
  await page.getByLabel('当前密码').fill(PASSWORD);
  await page.getByLabel('新密码', { exact: true }).fill('short');
  await page.getByLabel('再次输入新密码').fill('different');
  await page.getByTestId('change-password').click();
  await expect(page.locator('#new-password-problem')).toContainText('至少 12 个字符');
  await expect(page.locator('#repeat-password-problem')).toHaveText('两次输入的新密码不一致。');
  await expectNoAxeViolations(page, 'console password change with problems');
  const NEW = 'a brand new e2e passphrase';
  await page.getByLabel('新密码', { exact: true }).fill(NEW);
  await page.getByLabel('再次输入新密码').fill(NEW);
  await page.getByTestId('change-password').click();
  await expect(page.getByTestId('password-changed')).toBeVisible();
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.getByLabel('用户名').fill(CHANGER.name);
  await page.getByLabel('密码').fill(NEW);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page.getByTestId('signed-in-as')).toContainText(CHANGER.name);
  // Back to the known password for a rerun.
  staffCli(['reset-password', CHANGER.name], `${PASSWORD}\n`);
});

test('the directory file: export downloads it; an upload names every problem, or puts its differences into the draft', async ({ page }) => {
  await signIn(page, ADMIN.name);
  await page.getByRole('navigation').getByRole('link', { name: '导入与导出' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '导入与导出' })).toBeVisible();
  await expectNoAxeViolations(page, 'console directory file');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
  expect(download.suggestedFilename()).toMatch(/^linli-directory-v\d+\.json$/);
  const file = JSON.parse(readFileSync(await download.path(), 'utf8'));
  expect(file.format).toBe('linli-directory/1');

  // A file with problems: every one named, nothing changes.
  const broken = structuredClone(file);
  broken.items[0].name = '';
  broken.points[0].items.push('no-such-item');
  await page.getByLabel('目录文件（JSON）').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(broken)) });
  await page.getByTestId('upload-file').click();
  const problems = page.getByTestId('upload-problem');
  await expect(problems).toHaveCount(2);
  await expect(problems.filter({ hasText: 'no-such-item' })).toHaveCount(1);
  await expectNoAxeViolations(page, 'console directory file with problems');

  // A file with one change: its difference goes into the draft.
  const changed = structuredClone(file);
  changed.items[0].name = `${file.items[0].name}（上传测试）`;
  await page.getByLabel('目录文件（JSON）').setInputFiles({ name: 'changed.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(changed)) });
  await page.getByTestId('upload-file').click();
  const report = page.getByTestId('upload-report');
  await expect(report.getByTestId('changed')).toContainText('1');
  await expect(report.getByTestId('added')).toContainText('0');
  await expect(report.getByTestId('retired')).toContainText('0');
  await expectNoAxeViolations(page, 'console directory file uploaded');
  await report.getByTestId('see-diff').click();
  const diff = page.locator(`[data-testid="record-diff"][data-id="${file.items[0].id}"]`);
  await expect(diff.locator('[data-testid="field-change"][data-field="name"] td.after')).toContainText('上传测试');
  await diff.getByRole('button', { name: '从草稿中撤下' }).click();
  await expect(page.getByTestId('draft-empty')).toBeVisible();
});
