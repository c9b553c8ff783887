// The installable app: service worker, offline reading, saved articles, safe updates.
import { test, expect, Page, chromium } from '@playwright/test';
import { cpSync, mkdtempSync, readFileSync, writeFileSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PortalServer, SEED_PATH, SEED_TITLE } from './server';
import { installClock } from './fake-clock';

const DIST = process.env.PORTAL_DIST || path.resolve(__dirname, '../../dist');

async function controlled(page: Page) {
  await page.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });
}

async function cachedCount(page: Page, name: string): Promise<number> {
  return page.evaluate(async (n) => (await (await caches.open(n)).keys()).length, name);
}

test('the service worker registers, controls the page, and Chromium finds it installable', async ({}, testInfo) => {
  const server = await PortalServer.start();
  // Installability is judged only outside incognito, so this test uses a real profile.
  const profile = mkdtempSync(path.join(tmpdir(), 'portal-profile-'));
  const launch = testInfo.project.use.launchOptions ?? {};
  const context = await chromium.launchPersistentContext(profile, { ...launch, headless: true });
  const page = await context.newPage();
  try {
    await page.goto(server.url + '/');
    await controlled(page);
    const cdp = await page.context().newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors).toEqual([]);
    const manifest = await (await page.request.get(server.url + '/manifest.webmanifest')).json();
    expect(manifest.lang).toBe('vi');
    expect(manifest.display).toBe('standalone');
    expect(manifest.icons.map((i: any) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    expect(manifest.icons.some((i: any) => i.purpose === 'maskable')).toBe(true);
    // The shell is precached from the build's own file list.
    const shell = await page.evaluate(async () => {
      const name = (await caches.keys()).find((k) => k.startsWith('portal-shell-'))!;
      return (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname);
    });
    expect(shell).toEqual(expect.arrayContaining(['/index.html', '/offline.html', '/manifest.webmanifest']));
    expect(shell.some((p) => /\.wasm$/.test(p))).toBe(true);
  } finally {
    await context.close();
    await server.dispose();
    rmSync(profile, { recursive: true, force: true });
  }
});

test('an opened article is readable, with its photos, after the server stops', async ({ page, context }) => {
  const server = await PortalServer.start();
  try {
    await page.goto(server.url + '/');
    await controlled(page);
    await page.reload(); // the front page, now through the worker
    await expect(page.getByRole('heading', { name: 'Tin mới nhất' })).toBeVisible();
    await page.goto(server.url + SEED_PATH);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(SEED_TITLE);
    // The worker keeps the photos of an opened article, even those not yet scrolled to.
    await expect.poll(() => page.evaluate(async () => !!(await caches.match('/media/2022/07/so-ket-dan-van-4.jpg'))), { timeout: 15_000 }).toBe(true);

    await server.stop();
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(SEED_TITLE);
    // A fresh copy says nothing about its age; one over an hour old says when it was fetched.
    await expect(page.getByRole('note')).toHaveCount(0);
    await page.evaluate(async () => {
      const cache = await caches.open('portal-recent');
      for (const req of await cache.keys()) {
        const res = await cache.match(req);
        const headers = new Headers(res!.headers);
        headers.set('x-portal-fetched-at', String(Date.now() - 2 * 3600 * 1000));
        await cache.put(req, new Response(await res!.arrayBuffer(), { status: 200, headers }));
      }
    });
    await page.reload();
    await expect(page.getByRole('note')).toContainText(/Nội dung lưu lúc \d\d:\d\d, \d\d\/\d\d\/\d{4}, có thể chưa được cập nhật./);
    const figures = page.locator('article figure img');
    await expect(figures).toHaveCount(4);
    for (let i = 0; i < 4; i++) {
      await figures.nth(i).scrollIntoViewIfNeeded();
      await expect.poll(() => figures.nth(i).evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(800);
    }

    // The browser's own offline state: a banner, and lists say what opens offline.
    await context.setOffline(true);
    await expect(page.getByRole('status').filter({ hasText: 'Bạn đang ngoại tuyến' })).toBeVisible();
    await page.getByRole('link', { name: 'Trang chủ' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Bạn đang ngoại tuyến' })).toBeVisible();
    const seedCard = page.locator('article.card', { has: page.getByRole('link', { name: SEED_TITLE }) }).first();
    await expect(seedCard.getByText('Đọc được khi ngoại tuyến')).toBeVisible();
    const other = page.getByRole('region', { name: 'Tin nổi bật' }).locator('article.card').first();
    await expect(other.getByText('Cần có mạng')).toBeVisible();
    // Something never opened: the offline page, not a browser error.
    await other.getByRole('link').filter({ hasText: /\S/ }).first().click();
    await expect(page.getByRole('alert')).toContainText('Bạn đang ngoại tuyến');
    await expect(page.getByRole('alert').getByRole('link', { name: 'Xem các bài đã lưu' })).toBeVisible();
    await context.setOffline(false);
  } finally {
    await server.dispose();
  }
});

test('"Lưu đọc sau" keeps an article for offline reading, listed on the saved page', async ({ page }) => {
  const server = await PortalServer.start();
  try {
    await page.goto(server.url + '/');
    await controlled(page);
    await page.goto(server.url + SEED_PATH);
    await page.getByRole('button', { name: 'Lưu đọc sau' }).click();
    await expect(page.getByText('Đã lưu. Bạn có thể đọc bài này cả khi không có mạng.')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Bỏ lưu' })).toHaveAttribute('aria-pressed', 'true');
    expect(await cachedCount(page, 'portal-saved')).toBeGreaterThanOrEqual(5); // the article and its 4 photos

    await server.stop();
    await page.goto(server.url + '/da-luu');
    await expect(page.getByRole('heading', { level: 1, name: 'Bài đã lưu' })).toBeVisible();
    await page.getByRole('link', { name: SEED_TITLE }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(SEED_TITLE);
    await expect(page.getByText('Văn Bính- Hải Hà')).toBeVisible();

    // Removing it empties the list and the saved cache.
    await page.goto(server.url + '/da-luu');
    await page.getByRole('button', { name: `Bỏ lưu bài: ${SEED_TITLE}` }).click();
    await expect(page.getByText('Bạn chưa lưu bài nào.', { exact: false })).toBeVisible();
    expect(await cachedCount(page, 'portal-saved')).toBe(0);
  } finally {
    await server.dispose();
  }
});

test('a new deployment is offered after one navigation and runs after one reload', async ({ page }) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'portal-dist-'));
  cpSync(DIST, dir, { recursive: true });
  const server = await PortalServer.start([], { dist: dir });
  try {
    await page.goto(server.url + '/');
    await controlled(page);
    const v1 = await page.locator('meta[name="portal-version"]').getAttribute('content');
    // Deploy a new build: a new service worker and a new index.html.
    for (const f of ['sw.js', 'index.html']) {
      const p = path.join(dir, f);
      writeFileSync(p, readFileSync(p, 'utf8').split(v1!).join('e2e-v2'));
      // Dated after the copy the browser already has (Last-Modified has whole seconds), as a
      // real deployment would be.
      const later = new Date(Date.now() + 5_000);
      utimesSync(p, later, later);
    }
    await page.reload();
    const banner = page.getByRole('status').filter({ hasText: 'Đã có phiên bản mới' });
    await expect(banner).toBeVisible({ timeout: 20_000 });
    // Until the reader accepts, the page stays on its own version.
    await expect(page.locator('meta[name="portal-version"]')).toHaveAttribute('content', v1!);
    await banner.getByRole('button', { name: 'Tải lại' }).click();
    await expect(page.locator('meta[name="portal-version"]')).toHaveAttribute('content', 'e2e-v2', { timeout: 20_000 });
    await expect(page.getByRole('heading', { name: 'Tin mới nhất' })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'Đã có phiên bản mới' })).toHaveCount(0);
  } finally {
    await server.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('runtime caches keep to their bounds, dropping the oldest', async ({ page }) => {
  const server = await PortalServer.start(['--extra-articles', '20']);
  try {
    await page.goto(server.url + '/');
    await controlled(page);
    const ids: number[] = await page.evaluate(async () => {
      const out: number[] = [];
      for (const p of [1, 2]) {
        const r = await (await fetch(`/api/v1/articles?per_page=50&page=${p}`)).json();
        out.push(...r.items.map((a: any) => a.id));
      }
      return out;
    });
    expect(ids.length).toBeGreaterThanOrEqual(55);
    const opened = ids.slice(0, 55);
    await page.evaluate(async (list) => {
      for (const id of list) await fetch(`/api/v1/articles/${id}`);
    }, opened);
    const kept: string[] = await page.evaluate(async () =>
      (await (await caches.open('portal-recent')).keys()).map((r) => new URL(r.url).pathname),
    );
    expect(kept).toHaveLength(50);
    expect(kept).not.toContain(`/api/v1/articles/${opened[0]}`);
    expect(kept).toContain(`/api/v1/articles/${opened[54]}`);
    const lists = await cachedCount(page, 'portal-api');
    expect(lists).toBeLessThanOrEqual(120);
  } finally {
    await server.dispose();
  }
});

test('"Cài đặt ứng dụng" appears in the menu when the browser offers installing', async ({ page }) => {
  const server = await PortalServer.start();
  try {
    await page.goto(server.url + '/');
    await expect(page.getByRole('heading', { name: 'Tin mới nhất' })).toBeVisible();
    const menu = page.getByRole('navigation', { name: 'Chuyên mục' });
    await expect(menu.getByRole('button', { name: 'Cài đặt ứng dụng' })).toHaveCount(0);
    await page.evaluate(() => {
      const ev = new Event('beforeinstallprompt', { cancelable: true });
      (ev as any).prompt = () => ((window as any).__prompted = true);
      window.dispatchEvent(ev);
    });
    await menu.getByRole('button', { name: 'Cài đặt ứng dụng' }).click();
    expect(await page.evaluate(() => (window as any).__prompted)).toBe(true);
    await expect(menu.getByRole('button', { name: 'Cài đặt ứng dụng' })).toHaveCount(0);
  } finally {
    await server.dispose();
  }
});

test('a kiosk under the service worker still sees a server outage ("Mất kết nối")', async ({ page }) => {
  const server = await PortalServer.start();
  try {
    await installClock(page, new Date('2026-11-26T08:05:00+07:00'));
    await page.goto(server.url + '/');
    // Polled from the test, not the page: the page's timers are on the fake clock.
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 20_000 }).toBe(true);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(server.url + '/kiosk?interval=5&refresh=60&count=3');
    const root = page.locator('.kiosk');
    await expect(page.locator('.kiosk-slide')).toBeVisible();
    await expect(root).toHaveAttribute('data-refreshes', '1');
    await server.stop();
    await page.clock.runFor(60_000); // a refresh comes due; the worker must not answer from its cache
    await expect(page.locator('.kiosk-offline')).toHaveText('Mất kết nối');
    await expect(page.locator('.kiosk-slide .kiosk-title')).not.toBeEmpty();
    await server.start();
    await page.clock.runFor(31_000); // the kiosk tries again by itself
    await expect(page.locator('.kiosk-offline')).toHaveCount(0);
  } finally {
    await server.dispose();
  }
});
