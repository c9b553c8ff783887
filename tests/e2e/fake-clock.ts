// Playwright's fake clock (`page.clock`) for the app.
import { Page } from '@playwright/test';

/**
 * Playwright's fake clock hands out timer ids above 2^31; the app keeps ids as i32 (web-sys),
 * as every browser's own ids fit in one, so `clearTimeout` would miss. This gives the app small
 * ids in front of the fake clock. Runs after `page.clock.install()`'s own script.
 */
export const SMALL_TIMER_IDS = () => {
  const w = window as any;
  for (const [set, clear, once] of [
    ['setTimeout', 'clearTimeout', true],
    ['setInterval', 'clearInterval', false],
  ] as const) {
    const realSet = w[set];
    const realClear = w[clear];
    const ids = new Map<number, unknown>();
    let next = 1;
    w[set] = (f: unknown, ms?: number, ...args: unknown[]) => {
      const id = next++;
      const run = typeof f === 'function' ? (...x: unknown[]) => { if (once) ids.delete(id); return (f as Function)(...x); } : f;
      ids.set(id, realSet.call(window, run, ms, ...args));
      return id;
    };
    w[clear] = (id: number) => {
      if (ids.has(id)) realClear.call(window, ids.get(id));
      ids.delete(id);
    };
  }
};

/** `page.clock.install()`, with timer ids the app can hold. */
export async function installClock(page: Page) {
  await page.clock.install();
  await page.addInitScript(SMALL_TIMER_IDS);
}
