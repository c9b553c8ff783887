// Playwright's fake clock (`page.clock`) for an app whose timers are set from WebAssembly.
//
// The fake clock numbers its timers from 10^12, but web-sys hands timer ids to Rust as `i32`:
// the id comes back truncated, so `clearTimeout`/`clearInterval` from wasm cancel nothing and
// the timer later fires into a dropped closure ("closure invoked recursively or after being
// dropped"). Real browsers use small ids. This shim, installed after the clock, gives the page
// small ids and maps them to the clock's own.
import { Page } from '@playwright/test';

export async function installClock(page: Page, time?: Date): Promise<void> {
  // The clock replaces `performance` with a copy whose `memory` is not live: keep the real one
  // (an init script added before the clock runs before it).
  await page.addInitScript(() => {
    (window as any).__realPerformance = window.performance;
  });
  await page.clock.install(time ? { time } : {});
  await page.addInitScript(() => {
    const w = window as any;
    let next = 1;
    const wrap = (setName: string, clearName: string, once: boolean) => {
      const set = w[setName];
      const clear = w[clearName];
      const ids = new Map<number, unknown>();
      w[setName] = function (cb: unknown, ...rest: unknown[]) {
        const id = next++;
        // One-shot timers forget their id when they fire, so the map never grows.
        const fn =
          once && typeof cb === 'function'
            ? function (this: unknown, ...a: unknown[]) {
                ids.delete(id);
                return (cb as Function).apply(this, a);
              }
            : cb;
        ids.set(id, set.call(w, fn, ...rest));
        return id;
      };
      w[clearName] = function (id: number) {
        if (ids.has(id)) {
          clear.call(w, ids.get(id));
          ids.delete(id);
        }
      };
    };
    wrap('setTimeout', 'clearTimeout', true);
    wrap('setInterval', 'clearInterval', false);
    wrap('requestAnimationFrame', 'cancelAnimationFrame', true);
    // The clock's `performance` turns every method but `now` into a no-op: let the page's
    // clean-up calls reach the real one.
    const real = w.__realPerformance;
    if (real && w.performance !== real) {
      for (const name of ['clearResourceTimings', 'clearMarks', 'clearMeasures']) {
        w.performance[name] = () => real[name]();
      }
    }
  });
}
