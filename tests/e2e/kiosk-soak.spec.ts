// Kiosk soak: weeks of unattended running, compressed. On Playwright's fake clock the kiosk
// goes through at least 1,000 rotations and 100 successful content refreshes, with the network
// dropped and restored several times and a story opened now and then (back on the idle timer).
// The JS heap, the wasm memory and the DOM node count are printed at the start and the end;
// the test fails if any grew by more than 10%.
//
// What is measured, and why so:
// - Chromium runs with V8's optimising tiers, bytecode flushing and wasm tier-up off: JIT code
//   grows as functions get hot (bounded, but enough to blur a 2.5 MB heap), and flushing after
//   the forced collections would make the figures jump. What remains is retained objects.
// - The warm-up takes every path (rotation, refresh, reading view, offline and back) for a few
//   hundred rotations first. Wasm memory never shrinks and grows in 64 KiB pages: the allocator
//   reaches its high-water mark once (one growth of two pages, seen after 300 to 2,500
//   rotations, then flat for thousands), so a long warm-up measures from there.
// - KIOSK_SOAK_ROTATIONS=N runs longer (the default is the 1,000).
import { test, expect, Page } from '@playwright/test';
import config from './playwright.config';
import { PortalServer } from './server';
import { installClock } from './fake-clock';

const ROTATIONS = Number(process.env.KIOSK_SOAK_ROTATIONS) || 1_000;
const REFRESHES = 100;
const INTERVAL_S = 5; // the smallest the kiosk accepts
const REFRESH_S = 60; // the smallest the kiosk accepts
const IDLE_S = 10;
// Fake time per step: below the API client's 15 s request timeout, so no request in flight
// can time out inside a step (each step ends by waiting, in real time, for the refresh).
const STEP_MS = 10_000;
const MAX_GROWTH = 0.1;

const launch = config.use?.launchOptions ?? {};
test.use({
  serviceWorkers: 'block',
  viewport: { width: 1920, height: 1080 },
  launchOptions: {
    ...launch,
    args: [
      ...(launch.args ?? []),
      '--enable-precise-memory-info',
      '--js-flags=--expose-gc --no-flush-bytecode --no-sparkplug --no-maglev --no-opt --no-wasm-tier-up',
    ],
  },
});

let server: PortalServer;
test.beforeAll(async () => {
  server = await PortalServer.start();
});
test.afterAll(async () => {
  await server?.dispose();
});

type Figures = { heap: number; wasm: number; dom: number };

/** Collects garbage, then measures. */
async function measure(page: Page): Promise<Figures> {
  return page.evaluate(async () => {
    const w = window as any;
    // Yield with a message (timers are fake) so pending tasks finish between collections.
    const yieldTask = () =>
      new Promise<void>((resolve) => {
        const c = new MessageChannel();
        c.port1.onmessage = () => resolve();
        c.port2.postMessage(0);
      });
    for (let i = 0; i < 4; i++) {
      w.gc();
      await yieldTask();
    }
    return {
      heap: w.__realPerformance.memory.usedJSHeapSize,
      wasm: w.__kioskWasm.memory.buffer.byteLength,
      dom: document.getElementsByTagName('*').length,
    };
  });
}

async function counters(page: Page): Promise<{ rotations: number; refreshes: number }> {
  return page.evaluate(() => {
    const root = document.querySelector('.kiosk')!;
    return {
      rotations: Number(root.getAttribute('data-rotations')),
      refreshes: Number(root.getAttribute('data-refreshes')),
    };
  });
}

test('a thousand rotations and a hundred refreshes, offline now and then: nothing grows', async ({ page, context }) => {
  test.setTimeout(Math.max(180_000, ROTATIONS * 150));
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await installClock(page);
  // Trunk's loader announces the wasm instance; keep it to read its memory.
  await page.addInitScript(() => {
    addEventListener('TrunkApplicationStarted', (e: any) => {
      (window as any).__kioskWasm = e.detail.wasm;
    });
  });
  await page.goto(`${server.url}/kiosk?interval=${INTERVAL_S}&refresh=${REFRESH_S}&idle=${IDLE_S}`);
  const root = page.locator('.kiosk');
  const slide = page.locator('.kiosk-slide');
  const mark = page.locator('.kiosk-offline');
  await expect(slide).toBeVisible();
  await expect.poll(() => page.evaluate(() => !!(window as any).__kioskWasm)).toBe(true);

  let drops = 0;
  let reads = 0;
  const step = async () => {
    await page.clock.runFor(STEP_MS);
    await expect(root).toHaveAttribute('data-loading', 'false');
  };
  const readOne = async () => {
    await slide.click();
    await expect(page.locator('.kiosk-reader h1')).toBeVisible();
    await page.clock.runFor((IDLE_S + 1) * 1000);
    await expect(slide).toBeVisible();
    reads++;
  };
  const dropNetwork = async (steps: number) => {
    await context.setOffline(true);
    drops++;
    for (let i = 0; i < steps; i++) await step();
    await expect(mark).toBeVisible();
    await context.setOffline(false);
    await expect(mark).toHaveCount(0);
  };

  // Warm up: every path once (rotation, refresh, reading view, offline and back), so lazily
  // made things exist before the first measurement.
  for (let i = 0; i < 100; i++) await step();
  await readOne();
  await dropNetwork(4);
  for (let i = 0; i < 100; i++) await step();
  await readOne();
  for (let i = 0; i < 20; i++) await step();
  const start = await measure(page);
  const c0 = await counters(page);
  drops = 0;
  reads = 0;

  let n = 0;
  let c = c0;
  while (c.rotations - c0.rotations < ROTATIONS || c.refreshes - c0.refreshes < REFRESHES) {
    n++;
    if (n % 120 === 30) await dropNetwork(15);
    else if (n % 100 === 70) await readOne();
    else await step();
    if (n % 20 === 0) c = await counters(page);
  }
  // End in the same state as the start: online, rotating, nothing loading.
  for (let i = 0; i < 8; i++) await step();
  await expect(mark).toHaveCount(0);
  c = await counters(page);
  const end = await measure(page);

  const rotations = c.rotations - c0.rotations;
  const refreshes = c.refreshes - c0.refreshes;
  const row = (name: string, a: number, b: number) =>
    `  ${name.padEnd(10)} start ${String(a).padStart(10)}   end ${String(b).padStart(10)}   ${(((b - a) / a) * 100).toFixed(2)}%`;
  console.log(
    [
      `kiosk soak: ${rotations} rotations, ${refreshes} refreshes, ${drops} network drops, ${reads} stories opened`,
      row('JS heap', start.heap, end.heap),
      row('wasm mem', start.wasm, end.wasm),
      row('DOM nodes', start.dom, end.dom),
    ].join('\n'),
  );
  expect(rotations).toBeGreaterThanOrEqual(ROTATIONS);
  expect(refreshes).toBeGreaterThanOrEqual(REFRESHES);
  expect(drops).toBeGreaterThanOrEqual(3);
  expect(end.heap).toBeLessThanOrEqual(start.heap * (1 + MAX_GROWTH));
  expect(end.wasm).toBeLessThanOrEqual(start.wasm * (1 + MAX_GROWTH));
  expect(end.dom).toBeLessThanOrEqual(start.dom * (1 + MAX_GROWTH));
  expect(errors).toEqual([]);
});
