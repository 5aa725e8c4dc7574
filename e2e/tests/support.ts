// Helpers that are not page objects: the `test` every spec uses (it fails on any
// Content-Security-Policy violation), the accessibility check, element sizes and screenshots.
import { expect, test as base, type Locator, type Page, type TestInfo } from '@playwright/test';
import { readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Playwright's `test`, watching the page for anything the Content-Security-Policy refuses: a
 * `securitypolicyviolation` event in any document the page loads, or the console error Chromium
 * writes for it. Any one fails the test, so every spec also checks the app works under the
 * policy.
 */
export const test = base.extend<{ cspViolations: string[] }>({
  cspViolations: [async ({ page }, use) => {
    const violations: string[] = [];
    await page.exposeFunction('__linliCspViolation', (what: string) => { violations.push(what); });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        const report = (window as unknown as { __linliCspViolation: (what: string) => void }).__linliCspViolation;
        report(`${e.effectiveDirective} refused ${e.blockedURI || 'an inline script or style'}`
          + ` (${e.sourceFile || document.location.href}:${e.lineNumber}) "${e.sample}"`);
      }, true);
    });
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content.Security.Policy/i.test(message.text())) {
        violations.push(`console: ${message.text()}`);
      }
    });
    await use(violations);
    expect(violations, 'Content-Security-Policy violations while using the app').toEqual([]);
  }, { auto: true }],
});
export { expect };

interface AxeNode { target: unknown[]; html: string; failureSummary?: string }
interface AxeViolation { id: string; impact?: string | null; help: string; helpUrl: string; nodes: AxeNode[] }

/** One readable paragraph per violation: rule, impact, what to do, and where. */
export function describeViolations(violations: AxeViolation[]): string {
  return violations.map((v) => {
    const nodes = v.nodes.slice(0, 8).map((n) => {
      const summary = (n.failureSummary ?? '').split('\n').map((l) => `        ${l.trim()}`).join('\n');
      return `    at ${JSON.stringify(n.target)}\n       ${n.html.slice(0, 160)}\n${summary}`;
    }).join('\n');
    const more = v.nodes.length > 8 ? `\n    … and ${v.nodes.length - 8} more` : '';
    return `[${v.impact ?? 'unknown'}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes}${more}`;
  }).join('\n\n');
}

/** Runs axe-core on the page as it is now and fails, listing every violation, if there is one. */
export async function expectNoAxeViolations(page: Page, what: string): Promise<void> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  // Evaluated through DevTools, not added as an inline <script>, which the policy refuses.
  if (!loaded) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: unknown[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return JSON.parse(JSON.stringify(result.violations));
  }) as AxeViolation[];
  // The full report goes to the output; the failure itself names the rules, as a short diff.
  if (violations.length > 0) console.log(`\naxe-core on ${what}:\n${describeViolations(violations)}\n`);
  expect(violations.map((v) => `${v.id} (${v.nodes.length}x)`), `axe-core violations on ${what} (details printed above)`)
    .toEqual([]);
}

/** A control a finger can hit: at least `min` CSS pixels wide and high. */
export async function expectTouchTarget(locator: Locator, name: string, min = 60): Promise<void> {
  await expect(locator, `${name} is visible`).toBeVisible();
  const box = await locator.boundingBox();
  expect(box, `${name} has a box`).not.toBeNull();
  expect.soft(box!.width, `${name} width (px)`).toBeGreaterThanOrEqual(min);
  expect.soft(box!.height, `${name} height (px)`).toBeGreaterThanOrEqual(min);
}

/** Whether the focused element shows where the focus is: an outline or a box shadow. */
export async function focusIndicator(page: Page): Promise<{ tag: string; outline: string; boxShadow: string; visible: boolean }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { tag: 'body', outline: '', boxShadow: '', visible: false };
    const style = getComputedStyle(el);
    const outlineVisible = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    const shadowVisible = style.boxShadow !== 'none' && style.boxShadow !== '';
    return {
      tag: `${el.tagName.toLowerCase()}[data-testid=${el.dataset.testid ?? ''}]`,
      outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
      boxShadow: style.boxShadow,
      visible: outlineVisible || shadowVisible,
    };
  });
}

/**
 * Writes docs/screenshots/<name>.png when asked (`./x screenshots` sets LINLI_SCREENSHOTS=1; an
 * ordinary test run leaves the committed pictures alone), and only from the project the name
 * starts with ("kiosk-…" from the kiosk project, "phone-…" from the phone project), so each
 * picture has one source.
 */
export async function docScreenshot(
  page: Page,
  testInfo: TestInfo,
  name: string,
  options: { fullPage?: boolean; maxHeight?: number; scrollTo?: Locator } = {},
): Promise<void> {
  if (process.env.LINLI_SCREENSHOTS !== '1' || !name.startsWith(`${testInfo.project.name}-`)) return;
  const dir = (testInfo.config.metadata as { screenshotDir: string }).screenshotDir;
  mkdirSync(dir, { recursive: true });
  if (options.scrollTo) await options.scrollTo.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  // Fonts and images settle before the picture; no blinking caret or half-run transition.
  await page.evaluate(() => document.fonts.ready);
  // A full page cut at maxHeight: the top of a long page, taller than the screen.
  const size = await page.evaluate(() => ({
    width: document.documentElement.clientWidth, height: document.documentElement.scrollHeight,
  }));
  const clip = options.fullPage && options.maxHeight
    ? { x: 0, y: 0, width: size.width, height: Math.min(size.height, options.maxHeight) }
    : undefined;
  await page.screenshot({
    path: join(dir, `${name}.png`), fullPage: options.fullPage ?? false, clip, animations: 'disabled', caret: 'hide',
  });
  if (options.scrollTo) await page.evaluate(() => window.scrollTo(0, 0));
}
