// The one time every end-to-end test runs at: the server is started with `--fixed-time` (see
// playwright.config.ts), so "open now" and today's hours never depend on when the suite runs.
// Tuesday 2026-11-24, 10:00 China Standard Time: weekday points are open.
export const FIXED_TIME = '2026-11-24T10:00';
