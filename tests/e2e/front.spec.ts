// The front server as readers and crawlers meet it (server/src/front/): an article read with
// JavaScript off, the API down, the feeds linked from the footer. Tags, status codes, the
// XSS corpus, coalescing, feeds and sitemaps are checked in server/tests/front.rs.
import { test, expect } from '@playwright/test';
import { PortalServer, watchErrors } from './server';

let server: PortalServer;
test.beforeAll(async () => {
  server = await PortalServer.start();
});
test.afterAll(async () => {
  await server?.dispose();
});

async function article(): Promise<{ id: number; slug: string; title: string; sapo: string; thumbnail: { url: string; alt: string } }> {
  return (await fetch(`${server.url}/api/v1/articles/1024`)).json();
}

test.describe('with JavaScript off', () => {
  test.use({ javaScriptEnabled: false });

  test('a reader still gets the article: category, headline, time, lead and photo', async ({ page }) => {
    const a = await article();
    const response = await page.goto(`${server.url}/bai-viet/${a.id}/${a.slug}`);
    expect(response?.status()).toBe(200);
    await expect(page).toHaveTitle(new RegExp(`^${a.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(a.title);
    await expect(page.getByRole('link', { name: 'Thời sự' })).toBeVisible();
    await expect(page.getByText('15:15, 01/07/2022')).toBeVisible();
    await expect(page.getByText(a.sapo)).toBeVisible();
    const photo = page.getByRole('img', { name: a.thumbnail.alt });
    await expect(photo).toBeVisible();
    // The photo has loaded (through the front server's media proxy), at its own size.
    expect(await photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  });

  test('an unknown article is a 404 page with a way home', async ({ page }) => {
    const response = await page.goto(`${server.url}/bai-viet/999999`);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Không tìm thấy trang');
    await expect(page.getByRole('link', { name: 'Về trang chủ' })).toBeVisible();
  });
});

test('the app takes over the first screen without moving it', async ({ page }) => {
  const errors = watchErrors(page);
  const a = await article();
  await page.goto(`${server.url}/bai-viet/${a.id}/${a.slug}`);
  const h1 = page.getByRole('heading', { level: 1 });
  await expect(h1).toHaveText(a.title);
  // The app's own page: the reading tools are there once it has started, and the reading
  // settings once their chunk has come after the page's load (their place is kept meanwhile).
  await expect(page.getByRole('button', { name: /Nghe đọc bài/ })).toBeVisible();
  await expect(page.getByRole('group', { name: 'Tùy chỉnh hiển thị' })).toBeVisible();
  await expect(h1).toHaveCount(1);
  const shifts = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        let total = 0;
        new PerformanceObserver((list) => {
          for (const e of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[]) {
            if (!e.hadRecentInput) total += e.value;
          }
        }).observe({ type: 'layout-shift', buffered: true });
        setTimeout(() => resolve(total), 500);
      }),
  );
  expect(shifts).toBeLessThan(0.01);
  // The footer links the feeds the front server serves.
  const feeds = page.getByRole('navigation', { name: 'Tin RSS' });
  await expect(feeds.getByRole('link', { name: 'Tất cả tin' })).toHaveAttribute('href', '/rss.xml');
  const rss = await fetch(`${server.url}/rss.xml`);
  expect(rss.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
  expect(errors).toEqual([]);
});

test('with the API down, the plain shell comes at once and the app offers to try again', async ({ page }) => {
  const a = await article();
  // Answers kept from before would still make pages for a few seconds: none are kept here.
  const server = await PortalServer.start(['--api-cache-secs', '0']);
  await server.stopApi();
  try {
    const started = Date.now();
    const shell = await fetch(`${server.url}/bai-viet/${a.id}/${a.slug}`);
    expect(shell.status).toBe(200);
    expect(shell.headers.get('cache-control')).toBe('no-cache');
    const html = await shell.text();
    expect(html).not.toContain('og:title');
    expect(html).toContain('id="boot"');
    // Well within the budget of the front server (300 ms) plus this machine's noise.
    expect(Date.now() - started).toBeLessThan(5_000);

    await page.goto(`${server.url}/bai-viet/${a.id}/${a.slug}`);
    await expect(page.getByRole('main').getByRole('button', { name: 'Thử lại' })).toBeVisible();
  } finally {
    await server.startApi();
  }
  // Back up: "Thử lại" brings the article.
  await page.getByRole('main').getByRole('button', { name: 'Thử lại' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(a.title);
  await server.dispose();
});

test('the boot screen stays until its photo is painted, so the largest paint does not wait for the app', async ({ page }) => {
  // Lighthouse's phone, where the boot screen's lead photo is as large as the app's.
  await page.setViewportSize({ width: 412, height: 823 });
  const errors = watchErrors(page);
  const home = await (await fetch(server.url + '/api/v1/home')).json();
  const photo = new URL(home.featured[0].thumbnail.url, server.url).pathname;
  let releasePhoto!: () => void;
  const photoHeld = new Promise<void>((r) => (releasePhoto = r));
  await page.route((url) => url.pathname === photo, async (route) => {
    await photoHeld;
    await route.continue();
  });
  await page.addInitScript(() => {
    const w = window as any;
    w.__lcp = [];
    new PerformanceObserver((list) => w.__lcp.push(...list.getEntries())).observe({ type: 'largest-contentful-paint', buffered: true });
  });
  await page.goto(server.url + '/', { waitUntil: 'commit' });
  // The app has drawn its page (hidden behind the boot screen) while the photo is on its way.
  await expect(page.locator('#noi-dung .card-lead')).toHaveCount(1);
  await page.waitForTimeout(500);
  await expect(page.locator('#boot')).toHaveCount(1);
  releasePhoto();
  await expect(page.locator('#boot')).toHaveCount(0);
  await expect(page.locator('.card-lead img')).toBeVisible();
  // The page's largest paint is the boot screen's photo (gone from the page now), not the
  // app's copy of it, painted later.
  // (The browser forgets the element of an entry once it is removed from the page.)
  const lastPaint = () =>
    page.evaluate(() => {
      const e = (window as any).__lcp.at(-1);
      return e && { url: new URL(e.url || '/', location.href).pathname, onPage: !!e.element?.isConnected };
    });
  await expect.poll(lastPaint).toMatchObject({ url: photo });
  await page.waitForTimeout(300);
  expect(await lastPaint()).toEqual({ url: photo, onPage: false });
  expect(errors).toEqual([]);

  // A photo slower than the wasm holds the app back for a moment only.
  await page.unroute((url) => url.pathname === photo);
  await page.route((url) => url.pathname === photo, () => new Promise(() => {}));
  await page.goto(server.url + '/', { waitUntil: 'commit' });
  await expect(page.locator('#noi-dung .card-lead')).toHaveCount(1);
  await expect(page.locator('#boot')).toHaveCount(0, { timeout: 5000 });
});
