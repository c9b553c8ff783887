// First paint before the wasm, and the route's API data requested in parallel with it
// (shell/preload.js, inlined into index.html; the app takes those answers). Timings are
// for the benchmark (`cargo xtask bench`); these tests check behaviour: what is requested,
// how often, and in which order.
import { test, expect, Page, Route } from '@playwright/test';
import { asStaticHost, PortalServer, watchErrors, SEED_PATH } from './server';


test.use({ serviceWorkers: 'block' });

let server: PortalServer;
test.beforeAll(async () => {
  server = await PortalServer.start();
});
test.afterAll(async () => {
  await server?.dispose();
});

// The API's answers are faked in the browser: pages come as from a static host, so the app
// asks for them (see asStaticHost).
test.beforeEach(async ({ page }) => {
  await asStaticHost(page, server);
});

/** Holds the wasm back until `release()`, as a slow network would. */
async function holdWasm(page: Page): Promise<{ release: () => void; requested: Promise<void> }> {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let requested!: () => void;
  const wasRequested = new Promise<void>((r) => (requested = r));
  await page.route(/\.wasm$/, async (route: Route) => {
    requested();
    await released;
    await route.continue();
  });
  return { release, requested: wasRequested };
}

/** Every API request the page makes, as paths below /api/v1. */
function apiRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname.startsWith('/api/v1/')) seen.push(url.pathname.slice('/api/v1'.length) + url.search);
  });
  return seen;
}

test('the page is styled and the article is requested before the wasm arrives; the app uses that answer', async ({ page }) => {
  const errors = watchErrors(page);
  const api = apiRequests(page);
  const wasm = await holdWasm(page);
  const response = await page.goto(server.url + SEED_PATH, { waitUntil: 'commit' });
  await wasm.requested;
  // With the wasm held back: the data is already asked for, and the boot screen is painted
  // with the inline styles (the one stylesheet, the kiosk's, is for print until the app starts).
  await expect.poll(() => api.slice().sort()).toEqual(
    ['/articles/1024', '/channels', '/site', '/weather'],
  );
  await expect(page.locator('#boot .site-header')).toBeVisible();
  // The headline and lead are readable already, as text, before the app runs.
  await expect(page.locator('#boot h1')).toHaveText(/^Sơ kết công tác dân vận/);
  await expect(page.locator('#boot .sapo')).toContainText('Chiều 30/6');
  await expect(page.locator('#boot .article-category')).toHaveText('Thời sự');
  const header = await page.locator('#boot .site-header').evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(header).not.toBe('rgba(0, 0, 0, 0)');
  const sheets = ((await response?.text()) ?? '').match(/<link rel="stylesheet"[^>]*>/g) ?? [];
  expect(sheets.length).toBe(1);
  for (const sheet of sheets) expect(sheet).toContain('media="print"');

  wasm.release();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Sơ kết công tác dân vận');
  await expect(page.getByRole('heading', { name: /Ý kiến bạn đọc/ })).toBeVisible();
  await expect(page.locator('link[rel="stylesheet"][media="print"]')).toHaveCount(0);
  await expect(page.locator('.weather')).toContainText('°C');
  // Each answer was used once: the app did not ask again after it started.
  expect(api.slice().sort()).toEqual(
    ['/articles/1024', '/channels', '/site', '/weather'],
  );
  expect(errors).toEqual([]);
});

for (const [name, path, data] of [
  ['home', '/', '/home'],
  ['a category, page 2', '/chuyen-muc/thoi-su?trang=2', '/articles?category=thoi-su&page=2&per_page=20'],
  ['a search with marks', '/tim-kiem?q=d%C3%A2n%20v%E1%BA%ADn', '/articles?q=d%C3%A2n%20v%E1%BA%ADn&per_page=20'],
  ['an article without its slug', '/bai-viet/1024', '/articles/1024'],
]) {
  test(`${name}: the route's data is requested once, in parallel with the wasm`, async ({ page }) => {
    const errors = watchErrors(page);
    const api = apiRequests(page);
    const wasm = await holdWasm(page);
    await page.goto(server.url + path, { waitUntil: 'commit' });
    await wasm.requested;
    await expect.poll(() => api).toContain(data);
    wasm.release();
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.locator('#boot')).toHaveCount(0);
    await page.waitForLoadState('networkidle');
    expect(api.filter((p) => p === data)).toHaveLength(1);
    expect(api.filter((p) => p === '/site')).toHaveLength(1);
    expect(api.filter((p) => p === '/channels')).toHaveLength(1);
    expect(errors).toEqual([]);
  });
}

test('the stored weather place is requested ahead too', async ({ page }) => {
  await page.goto(server.url + '/');
  // The app has started (it starts after the first paint, which can be after `load`).
  await expect(page.locator('.weather')).toContainText('°C');
  await page.evaluate(() => localStorage.setItem('portal.weather-location', 'meo-vac'));
  const api = apiRequests(page);
  await page.reload();
  await expect(page.locator('.weather')).toContainText('°C');
  await page.waitForLoadState('networkidle');
  expect(api.filter((p) => p.startsWith('/weather'))).toEqual(['/weather?location=meo-vac']);
});

test("the reader's text size and theme are there at the first paint, before the wasm", async ({ page }) => {
  await page.goto(server.url + '/');
  await page.evaluate(() => {
    localStorage.setItem('portal.text-size', '3');
    localStorage.setItem('portal.theme', 'dark');
  });
  const wasm = await holdWasm(page);
  await page.goto(server.url + SEED_PATH, { waitUntil: 'commit' });
  await wasm.requested;
  await expect(page.locator('#boot h1')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('data-text-size', '130');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const boot = await page.locator('#boot h1').boundingBox();
  // The app keeps both, so the headline it draws is where the first screen had it.
  wasm.release();
  await expect(page.locator('#boot')).toHaveCount(0);
  await expect(page.locator('html')).toHaveAttribute('data-text-size', '130');
  expect(await page.getByRole('heading', { level: 1 }).boundingBox()).toEqual(boot);
  // Anything else stored is ignored, as the app ignores it.
  await page.evaluate(() => localStorage.setItem('portal.text-size', '7'));
  await page.route(/\.wasm$/, (route) => route.abort());
  await page.reload();
  await expect(page.locator('#boot h1')).toBeVisible();
  expect(await page.locator('html').getAttribute('data-text-size')).toBeNull();
});

for (const width of [412, 1280]) {
  test(`at ${width} px the install entry arriving late moves nothing on the page`, async ({ page }) => {
    await page.setViewportSize({ width, height: 823 });
    await page.goto(server.url + SEED_PATH);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await page.waitForLoadState('networkidle');
    const headline = await page.getByRole('heading', { level: 1 }).boundingBox();
    const menu = page.getByRole('navigation', { name: 'Chuyên mục' });
    // On a phone the menu is behind its button: the entry arrives in the open menu.
    if (width < 720) {
      await page.getByRole('button', { name: 'Chuyên mục', exact: true }).click();
      await expect(menu).toBeVisible();
    }
    await page.evaluate(() => {
      (window as any).__shift = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) (window as any).__shift += (e as any).value;
      }).observe({ type: 'layout-shift' });
      window.dispatchEvent(new Event('beforeinstallprompt', { cancelable: true }));
    });
    await expect(menu.getByRole('button', { name: 'Cài đặt ứng dụng' })).toBeAttached();
    await page.waitForTimeout(300);
    expect(await page.getByRole('heading', { level: 1 }).boundingBox()).toEqual(headline);
    expect(await page.evaluate(() => (window as any).__shift)).toBe(0);
  });
}

test('the first paint has content: the station logo, before any API answer or the wasm', async ({ page }) => {
  const errors = watchErrors(page);
  const wasm = await holdWasm(page);
  let releaseApi!: () => void;
  const apiHeld = new Promise<void>((r) => (releaseApi = r));
  await page.route('**/api/v1/**', async (route) => {
    await apiHeld;
    await route.continue();
  });
  await page.goto(server.url + SEED_PATH, { waitUntil: 'commit' });
  await wasm.requested;
  await expect(page.locator('#boot .boot-brand svg')).toBeVisible();
  expect(await page.locator('#boot .boot-brand').boundingBox()).toMatchObject({ width: 56, height: 56 });
  // The browser counts it as contentful: the first contentful paint does not wait for data.
  await expect
    .poll(() => page.evaluate(() => performance.getEntriesByName('first-contentful-paint').length))
    .toBe(1);
  await expect(page.locator('#boot h1')).toHaveCount(0);
  releaseApi();
  wasm.release();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Sơ kết công tác dân vận/);
  await expect(page.locator('#boot')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('home: the lead story shows on the boot screen before the wasm arrives', async ({ page }) => {
  const home = await (await fetch(server.url + '/api/v1/home')).json();
  const lead = home.featured[0];
  const wasm = await holdWasm(page);
  await page.goto(server.url + '/', { waitUntil: 'commit' });
  await wasm.requested;
  await expect(page.locator('#boot .card-lead .card-title')).toHaveText(lead.title);
  await expect(page.locator('#boot .card-lead img')).toHaveAttribute('width', String(lead.thumbnail.width));
  wasm.release();
  await expect(page.locator('#boot')).toHaveCount(0);
  await expect(page.locator('.card-lead .card-title')).toHaveText(lead.title);
});

test('the boot preview shows hostile text as text, and a failed answer leaves the skeleton', async ({ page }) => {
  const errors = watchErrors(page);
  const article = await (await fetch(server.url + '/api/v1/articles/1024')).json();
  const title = '<img src=x onerror="window.__pwned=1">Tiêu đề';
  await page.route('**/api/v1/articles/1024', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json; charset=utf-8', body: JSON.stringify({ ...article, title, sapo: '<script>window.__pwned=2</script>' }) }),
  );
  const wasm = await holdWasm(page);
  await page.goto(server.url + SEED_PATH, { waitUntil: 'commit' });
  await wasm.requested;
  await expect(page.locator('#boot h1')).toHaveText(title);
  await expect(page.locator('#boot img, #boot script')).toHaveCount(0);
  expect(await page.evaluate(() => (window as any).__pwned)).toBeUndefined();
  wasm.release();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  expect(errors).toEqual([]);

  await page.unroute('**/api/v1/articles/1024');
  await page.route('**/api/v1/articles/1024', (route) => route.fulfill({ status: 500, body: 'Internal Server Error' }));
  const again = await holdWasm(page);
  await page.goto(server.url + '/bai-viet/1024', { waitUntil: 'commit' });
  await again.requested;
  await page.waitForTimeout(300);
  await expect(page.locator('#boot .skeleton-title')).toBeVisible();
  await expect(page.locator('#boot h1')).toHaveCount(0);
  again.release();
  await expect(page.getByRole('alert')).toBeVisible();
});
