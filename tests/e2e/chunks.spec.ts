// The download split into chunks (issue #15, src/chunks.rs, tools/build-wasm.mjs): the
// reading path fetches only the main module (and, on wide screens, the reading settings' chunk
// once the page has loaded); every other page fetches its chunk when it is opened, shows its skeleton meanwhile, says so with a retry when the chunk cannot come, works
// on a cold deep link, and offline once the service worker has precached it; and a page of
// one build never loads the chunk of another.
import { test, expect, Page } from '@playwright/test';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PortalServer, watchErrors, DIST, SEED_PATH } from './server';

const CHUNK = /\/(split_|chunk_)[\w]+-[0-9a-f]{16}\.wasm$/;

let server: PortalServer;
test.beforeAll(async () => {
  server = await PortalServer.start();
});
test.afterAll(async () => {
  await server?.dispose();
});

/** The app's .js and .wasm files the page requests, by file name. */
function codeRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (r) => {
    const name = new URL(r.url()).pathname.slice(1);
    if (/\.(js|wasm)$/.test(name) && !name.startsWith('vendor/')) seen.push(name);
  });
  return seen;
}

test.describe('without a service worker', () => {
  test.use({ serviceWorkers: 'block' });

  for (const [name, url, heading] of [
    ['home', '/', null],
    ['article', SEED_PATH, /^Sơ kết công tác dân vận/],
  ] as const) {
    test(`the ${name} page fetches the main module, and the reading settings once it has loaded`, async ({ page }) => {
      const errors = watchErrors(page);
      const code = codeRequests(page);
      page.on('load', () => code.push('(load)'));
      await page.goto(server.url + url);
      if (heading) await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
      else await expect(page.locator('main a[href^="/bai-viet/"]').first()).toBeVisible();
      // On a wide screen the reading settings are in the masthead: they come after the load.
      await expect(page.getByRole('group', { name: 'Tùy chỉnh hiển thị' })).toBeVisible();
      await page.waitForLoadState('networkidle');
      const loaded = code.indexOf('(load)');
      expect(loaded).toBeGreaterThan(-1);
      const chunks = code.filter((f) => CHUNK.test('/' + f));
      expect(chunks.filter((f) => /^split_/.test(f))).toEqual([expect.stringMatching(/^split_reading-/)]);
      expect(code.slice(0, loaded).filter((f) => CHUNK.test('/' + f))).toEqual([]);
      expect(code.some((f) => /^portal_bg-[0-9a-f]{16}\.wasm$/.test(f))).toBe(true);
      expect(code.some((f) => /^__wasm_split-[0-9a-f]{16}\.js$/.test(f))).toBe(true);
      expect(errors).toEqual([]);
    });
  }

  test('on a phone the article fetches no chunk until the reader opens the reading settings', async ({ page }) => {
    const errors = watchErrors(page);
    await page.setViewportSize({ width: 412, height: 823 });
    const code = codeRequests(page);
    await page.goto(server.url + SEED_PATH);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Sơ kết công tác dân vận/);
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(1500); // past the browser's idle moment after the load
    expect(code.filter((f) => CHUNK.test('/' + f))).toEqual([]);
    await page.getByRole('button', { name: 'Cài đặt đọc', exact: true }).click();
    await expect(page.getByRole('button', { name: 'Tăng cỡ chữ' })).toBeVisible();
    expect(code.filter((f) => /^split_/.test(f))).toEqual([expect.stringMatching(/^split_reading-/)]);
    expect(errors).toEqual([]);
  });

  test('a phone turned to a wide screen gets its reading settings', async ({ page }) => {
    const errors = watchErrors(page);
    await page.setViewportSize({ width: 412, height: 823 });
    await page.goto(server.url + SEED_PATH);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Sơ kết công tác dân vận/);
    await page.waitForLoadState('networkidle');
    await page.setViewportSize({ width: 1024, height: 768 });
    await expect(page.getByRole('group', { name: 'Tùy chỉnh hiển thị' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Tăng cỡ chữ' })).toBeVisible();
    expect(errors).toEqual([]);
  });

  test('on a phone, reading settings that cannot be downloaded say so, and "Thử lại" loads them', async ({ page }) => {
    const errors = watchErrors(page);
    await page.setViewportSize({ width: 412, height: 823 });
    await page.route(CHUNK, (route) => route.abort('internetdisconnected'));
    await page.goto(server.url + SEED_PATH);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Sơ kết công tác dân vận/);
    await page.getByRole('button', { name: 'Cài đặt đọc', exact: true }).click();
    const alert = page.locator('#cai-dat-doc').getByRole('alert');
    await expect(alert).toContainText('Không tải được phần này của trang');
    await page.unroute(CHUNK);
    await alert.getByRole('button', { name: 'Thử lại' }).click();
    await expect(page.getByRole('button', { name: 'Tăng cỡ chữ' })).toBeVisible();
    expect(errors).toEqual([]);
  });

  // Each lazy route, opened cold: its skeleton while the chunk is held back, then the page.
  for (const [url, ready] of [
    ['/tim-kiem?q=d%C3%A2n%20v%E1%BA%ADn', (p: Page) => p.getByRole('heading', { level: 1, name: /Tìm kiếm|Kết quả/ })],
    ['/da-luu', (p: Page) => p.getByRole('heading', { level: 1, name: /đã lưu/i })],
    ['/xem-lai', (p: Page) => p.getByRole('heading', { level: 1, name: /Xem lại/ })],
    ['/truyen-hinh', (p: Page) => p.getByRole('heading', { level: 1 })],
    ['/kiosk', (p: Page) => p.locator('.kiosk-bar')],
  ] as const) {
    test(`a cold deep link to ${url} shows its skeleton, then the page`, async ({ page }) => {
      const errors = watchErrors(page);
      let release!: () => void;
      const released = new Promise<void>((r) => (release = r));
      await page.route(CHUNK, async (route) => {
        await released;
        await route.continue();
      });
      await page.goto(server.url + url);
      await expect(page.locator('[aria-busy="true"]').first()).toBeVisible();
      await expect(page.locator('#boot')).toHaveCount(0);
      release();
      await expect(ready(page)).toBeVisible();
      await expect(page.locator('main [aria-busy="true"]')).toHaveCount(0);
      expect(errors).toEqual([]);
    });
  }

  test('a cold deep link fetches its chunk with the main wasm, not after it', async ({ page }) => {
    const errors = watchErrors(page);
    const code = codeRequests(page);
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    await page.route(/\/portal_bg-[0-9a-f]{16}\.wasm$/, async (route) => {
      await released;
      await route.continue();
    });
    await page.goto(server.url + '/xem-lai', { waitUntil: 'commit' });
    // The main wasm is held back, and the broadcast chunk is on its way already.
    await expect.poll(() => code.some((f) => /^split_broadcast-[0-9a-f]{16}\.wasm$/.test(f))).toBe(true);
    release();
    await expect(page.getByRole('heading', { level: 1, name: /Xem lại/ })).toBeVisible();
    expect(errors).toEqual([]);
  });

  test('a chunk that cannot be downloaded says so, and "Thử lại" loads it', async ({ page }) => {
    const errors = watchErrors(page);
    await page.route(CHUNK, (route) => route.abort('internetdisconnected'));
    await page.goto(server.url + '/da-luu');
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('Không tải được phần này của trang');
    await page.unroute(CHUNK);
    await alert.getByRole('button', { name: 'Thử lại' }).click();
    await expect(page.getByRole('heading', { level: 1, name: /đã lưu/i })).toBeVisible();
    expect(errors).toEqual([]);
  });

  test('the comment form is downloaded when the reader nears it', async ({ page }) => {
    const code = codeRequests(page);
    await page.goto(server.url + SEED_PATH);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await page.waitForLoadState('networkidle');
    const comments = () => code.filter((f) => /^split_comments-/.test(f));
    expect(comments()).toEqual([]);
    await page.getByRole('heading', { name: /Ý kiến bạn đọc/ }).scrollIntoViewIfNeeded();
    await expect(page.getByRole('textbox', { name: /Nội dung/ })).toBeVisible();
    expect(comments()).toHaveLength(1);
  });

  test('a page of one build never loads the chunks of the next; it says so and offers a retry', async ({ page }) => {
    // The next deployment: the same files but for the chunks, which all changed (new names).
    const next = mkdtempSync(path.join(tmpdir(), 'portal-next-'));
    try {
      cpSync(DIST, next, { recursive: true });
      const chunks = readdirSync(next).filter((f) => CHUNK.test('/' + f.replace(/\.(br|gz)$/, '')));
      expect(chunks.length).toBeGreaterThan(0);
      for (const f of chunks) rmSync(path.join(next, f));
      const code = codeRequests(page);
      await page.goto(server.url + '/');
      await expect(page.locator('#boot')).toHaveCount(0);
      await server.restartWith(next);
      await page.getByRole('link', { name: /Đã lưu|Bài đã lưu/ }).first().click();
      await expect(page.getByRole('alert')).toContainText('Không tải được phần này của trang');
      // What it asked for are its own build's chunks, which the new deployment no longer has.
      const asked = code.filter((f) => CHUNK.test('/' + f));
      expect(asked.length).toBeGreaterThan(0);
      for (const f of asked) expect(readdirSync(DIST)).toContain(f);
    } finally {
      await server.restartWith(DIST);
      rmSync(next, { recursive: true, force: true });
    }
  });
});

test('after the first visit, the chunks come from the service worker: lazy pages open offline', async ({ page, context }) => {
  await page.goto(server.url + '/');
  await expect(page.locator('#boot')).toHaveCount(0);
  // The worker has installed (and precached every chunk) once it controls the page.
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller), { timeout: 20_000 }).toBe(true);
  await context.setOffline(true);
  await page.getByRole('link', { name: /Đã lưu|Bài đã lưu/ }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: /đã lưu/i })).toBeVisible();
  await context.setOffline(false);
});
