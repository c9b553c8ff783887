// The portal end to end, in real Chromium against the reference server.
import { test, expect, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { asStaticHost, PortalServer, watchErrors, SEED_ID, SEED_SLUG, SEED_PATH, SEED_TITLE } from './server';

const EXAMPLES = path.resolve(__dirname, '../../../shared/api/examples');
const example = (name: string) => JSON.parse(readFileSync(path.join(EXAMPLES, name), 'utf8'));

// These tests fake API answers with page.route, which a service worker would bypass;
// the worker has its own tests (pwa.spec.ts).
test.use({ serviceWorkers: 'block' });

let server: PortalServer;
test.beforeAll(async () => {
  server = await PortalServer.start();
});
test.afterAll(async () => {
  await server?.dispose();
});

test('home shows featured, latest, most read and category sections', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(server.url + '/');
  await expect(page.getByRole('heading', { name: 'Tin mới nhất' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Đọc nhiều' })).toBeVisible();
  const site = example('site.json');
  const menu = page.getByRole('navigation', { name: 'Chuyên mục' });
  for (const c of site.categories) {
    await expect(menu.getByRole('link', { name: c.name, exact: true })).toBeVisible();
  }
  await expect(page.getByRole('region', { name: 'Thời sự' })).toBeVisible();
  await expect(page).toHaveTitle(/HGTV/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
  expect(errors).toEqual([]);
});

// The app follows its own links itself (src/router.rs); what is not its page stays the browser's.
test('links open in place without a reload; new tabs, feeds and fragments are the browser\'s', async ({ page, context }) => {
  const errors = watchErrors(page);
  await page.goto(server.url + '/');
  await expect(page.locator('#boot')).toHaveCount(0);
  await page.evaluate(() => ((window as any).sameDocument = true));
  const link = page.getByRole('region', { name: 'Tin nổi bật' }).getByRole('link').filter({ hasText: /\S/ }).first();
  const href = await link.getAttribute('href');
  // Ctrl+click: a new tab, and this page stays where it is.
  const [tab] = await Promise.all([context.waitForEvent('page'), link.click({ modifiers: ['Control'] })]);
  await tab.waitForLoadState();
  expect(new URL(tab.url()).pathname).toBe(href);
  await tab.close();
  expect(new URL(page.url()).pathname).toBe('/');
  // A plain click: the article, in the same document.
  await link.click();
  await expect(page).toHaveURL(new RegExp(href!.replace(/[.?]/g, '\\$&')));
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(await page.evaluate(() => (window as any).sameDocument)).toBe(true);
  // A category from the menu, then the home page again: still the same document.
  const menu = page.getByRole('navigation', { name: 'Chuyên mục' });
  const category = example('site.json').categories[0];
  await menu.getByRole('link', { name: category.name, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/chuyen-muc/${category.slug}$`));
  await expect(page.getByRole('heading', { level: 1, name: category.name })).toBeVisible();
  expect(await page.evaluate(() => (window as any).sameDocument)).toBe(true);
  // A fragment of this page: the browser moves to it; the page stays.
  await page.evaluate(() => {
    const a = document.createElement('a');
    a.href = '#noi-dung';
    a.textContent = 'Đến nội dung';
    document.querySelector('main')!.prepend(a);
  });
  await page.getByRole('link', { name: 'Đến nội dung' }).click();
  await expect(page).toHaveURL(new RegExp(`/chuyen-muc/${category.slug}#noi-dung$`));
  await expect(page.getByRole('heading', { level: 1, name: category.name })).toBeVisible();
  // The feed (rel="external") is the server's file: the browser asks for it.
  const feed = page.waitForRequest((r) => r.url() === `${server.url}/rss.xml` && r.isNavigationRequest());
  await page.getByRole('link', { name: 'Tất cả tin' }).click();
  await feed;
  expect(errors).toEqual([]);
});

test('home → article → back, and reload on a deep link', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(server.url + '/');
  // The app has taken over from the front server's first screen (whose links load whole pages).
  await expect(page.locator('#boot')).toHaveCount(0);
  const link = page.getByRole('region', { name: 'Tin nổi bật' }).getByRole('link').filter({ hasText: /\S/ }).first();
  const title = (await link.textContent())!.trim();
  await link.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(page).toHaveURL(/\/bai-viet\/\d+\/[a-z0-9-]+$/);
  // A new page starts at its top, with the masthead in view; focus moved to the content.
  await expect(page.getByRole('banner')).toBeInViewport();
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  await expect(page.getByRole('main')).toBeFocused();
  await expect(page).toHaveTitle(new RegExp(title.slice(0, 20)));
  const articleUrl = page.url();
  await page.goBack();
  await expect(page.getByRole('heading', { name: 'Tin mới nhất' })).toBeVisible();
  await page.goForward();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  expect(page.url()).toBe(articleUrl);
  expect(errors).toEqual([]);
});

test('the seed article as the station published it', async ({ page }) => {
  await page.goto(server.url + SEED_PATH);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(SEED_TITLE);
  await expect(page.getByText('15:15, 01/07/2022')).toBeVisible();
  await expect(page.getByText(/^Chiều 30\/6, Tỉnh ủy tổ chức hội nghị Sơ kết/)).toBeVisible();
  const figures = page.locator('article figure');
  await expect(figures).toHaveCount(4);
  const captions = [
    'Phó Bí thư Tỉnh ủy Nguyễn Mạnh Dũng phát biểu chỉ đạo tại hội nghị',
    'Phó Bí thư Tỉnh ủy Nguyễn Mạnh Dũng phát biểu chỉ đạo tại hội nghị',
    'Đồng chí Trần Mạnh Lợi, Trưởng Ban Dân vận Tỉnh ủy chủ trì hội nghị',
    'Phó Chủ tịch HĐND tỉnh nêu ý kiến về nội dung thực hiện QCDC ở cơ sở tại hội nghị',
  ];
  for (let i = 0; i < 4; i++) {
    await expect(figures.nth(i).locator('figcaption')).toHaveText(captions[i]);
    const img = figures.nth(i).getByRole('img');
    await expect(img).toHaveAttribute('width', '800');
    await expect(img).toHaveAttribute('height', '533');
    await img.scrollIntoViewIfNeeded();
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(800);
  }
  await expect(page.getByText('Văn Bính- Hải Hà', { exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Thời sự' }).last()).toBeVisible();
  await expect(page.getByRole('link', { name: 'Dân vận', exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { name: /Ý kiến bạn đọc/ })).toBeVisible();
  // The comments come with their chunk as the reader nears them.
  await page.getByRole('heading', { name: /Ý kiến bạn đọc/ }).scrollIntoViewIfNeeded();
  await expect(page.getByText('Mong các cấp tiếp tục lắng nghe ý kiến của bà con vùng cao.')).toBeVisible();
  await expect(page).toHaveTitle(new RegExp('^' + SEED_TITLE));
  const description = await page.locator('meta[name="description"]').getAttribute('content');
  expect(description).toMatch(/^Chiều 30\/6/);
});

// Where the system lacks the stack's first choices (Debian-based kiosks and desktops: Arial and
// Times are Liberation fonts there, without Vietnamese letters), the letters must not come
// glyph by glyph from another font. Chromium reports the fonts it drew each text with.
test('Vietnamese text is drawn in one font, not patched from another', async ({ page }) => {
  await page.goto(server.url + SEED_PATH);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(SEED_TITLE);
  await expect(page.locator('.article-body p').first()).toBeVisible();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument');
  // The headline (serif), the lead (bold), a paragraph and a caption of the body.
  for (const selector of ['h1.article-title', 'p.sapo', '.article-body p', '.article-body figcaption']) {
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
    expect(nodeId, selector).toBeGreaterThan(0);
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    expect(fonts.map((f) => f.familyName), selector).toHaveLength(1);
  }
});

test('a wrong or missing slug moves to the article\'s own URL', async ({ page }) => {
  await page.goto(server.url + `/bai-viet/${SEED_ID}/sai-duong-dan`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(SEED_TITLE);
  await expect(page).toHaveURL(server.url + SEED_PATH);
  await page.goto(server.url + `/bai-viet/${SEED_ID}`);
  await expect(page).toHaveURL(server.url + SEED_PATH);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(SEED_TITLE);
  await expect(page.getByRole('banner')).toBeInViewport();
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
});

test('unknown URLs and unknown articles show the not-found page', async ({ page }) => {
  for (const p of ['/khong-co-trang-nay', '/bai-viet/987654321/khong-co', '/bai-viet/abc', '/chuyen-muc/khong-co']) {
    await page.goto(server.url + p);
    await expect(page.getByRole('heading', { level: 1, name: 'Không tìm thấy trang' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Về trang chủ' })).toBeVisible();
  }
});

test('malicious body_html runs no script and keeps the article readable', async ({ page }) => {
  await asStaticHost(page, server);
  const errors = watchErrors(page);
  const article = example('article-1024.json');
  article.body_html =
    '<p>Đoạn an toàn</p><script>window.__xss=1</script><img src="x" onerror="window.__xss=2">' +
    '<a href="javascript:window.__xss=3">bấm</a><iframe srcdoc="<script>parent.__xss=4</script>"></iframe>' +
    '<svg onload="window.__xss=5"></svg><p style="color:red" onclick="window.__xss=6">Đoạn hai</p>';
  await page.route(`**/api/v1/articles/${SEED_ID}`, (route) =>
    route.fulfill({ status: 200, contentType: 'application/json; charset=utf-8', body: JSON.stringify(article) }),
  );
  await page.goto(server.url + SEED_PATH);
  await expect(page.getByText('Đoạn hai')).toBeVisible();
  const neutered = page.locator('.article-body').getByText('bấm');
  await expect(neutered).not.toHaveAttribute('href', /.*/);
  await neutered.click();
  await page.getByText('Đoạn hai').click();
  const flag = await page.evaluate(() => (window as any).__xss);
  expect(flag).toBeUndefined();
  const body = page.locator('.article-body');
  await expect(body.locator('script, iframe, svg, [onerror], [onclick], [style]')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('weather shows a temperature, and hides it when there is no reading', async ({ page }) => {
  await page.goto(server.url + '/');
  const weather = page.getByRole('group', { name: 'Thời tiết' });
  await expect(weather.getByText(/^-?\d+°C$/)).toBeVisible();
  // The reader's choice of place is remembered across reloads.
  await weather.getByLabel('Chọn nơi xem thời tiết').selectOption({ label: 'Đồng Văn' });
  await page.reload();
  await expect(page.getByRole('group', { name: 'Thời tiết' }).getByLabel('Chọn nơi xem thời tiết')).toHaveValue('dong-van');

  const none = example('weather-no-observation.json');
  await page.route('**/api/v1/weather*', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(none) }),
  );
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Tin mới nhất' })).toBeVisible();
  const header = page.locator('header');
  await expect(header).not.toContainText('°C');
  await expect(header).not.toContainText('oC');

  await page.unroute('**/api/v1/weather*');
  await page.route('**/api/v1/weather*', (route) => route.fulfill({ status: 503, body: '<h1>503</h1>', contentType: 'text/html' }));
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Tin mới nhất' })).toBeVisible();
  await expect(header).not.toContainText('°C');
});

test('search "dan van" finds the seed article, with page numbers in the URL', async ({ page }) => {
  await page.goto(server.url + '/');
  const search = page.getByRole('search').first();
  await search.getByRole('searchbox', { name: 'Tìm kiếm bài viết' }).fill('dan van');
  await search.getByRole('button', { name: 'Tìm' }).click();
  await expect(page).toHaveURL(/\/tim-kiem\?q=dan%20van/);
  await expect(page.getByRole('link', { name: SEED_TITLE })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Tìm thấy' })).toContainText('dan van');
});

test('category pages are paginated with the page in the URL', async ({ page }) => {
  const big = await PortalServer.start(['--extra-articles', '300']);
  try {
    await page.goto(big.url + '/chuyen-muc/thoi-su');
    await expect(page.getByRole('heading', { level: 1, name: 'Thời sự' })).toBeVisible();
    const pager = page.getByRole('navigation', { name: 'Phân trang' });
    await pager.getByRole('link', { name: 'Trang 2', exact: true }).click();
    await expect(page).toHaveURL(/\/chuyen-muc\/thoi-su\?trang=2$/);
    await expect(pager.getByRole('link', { name: /Trang 2, trang hiện tại/ })).toBeVisible();
    await page.reload();
    await expect(page.getByRole('navigation', { name: 'Phân trang' }).getByRole('link', { name: /Trang 2, trang hiện tại/ })).toBeVisible();
    await page.goBack();
    await expect(page).toHaveURL(/\/chuyen-muc\/thoi-su$/);
  } finally {
    await big.dispose();
  }
});

test('API stopped → clear message → API started → retry works', async ({ page }) => {
  const own = await PortalServer.start();
  try {
    await page.goto(own.url + '/');
    await expect(page.getByRole('heading', { name: 'Tin mới nhất' })).toBeVisible();
    await own.stop();
    // A client-side navigation: the app is loaded, only the API is gone.
    await page.getByRole('region', { name: 'Tin nổi bật' }).getByRole('link').filter({ hasText: /\S/ }).first().click();
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('Không kết nối được tới máy chủ');
    await own.start();
    await alert.getByRole('button', { name: 'Thử lại' }).click();
    await expect(page.getByRole('alert')).toHaveCount(0);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.locator('.article-body')).toBeVisible();
  } finally {
    await own.dispose();
  }
});

test('every kind of API failure gives a Vietnamese message and no panic', async ({ page }) => {
  await asStaticHost(page, server);
  const errors = watchErrors(page);
  const cases: { name: string; fulfill: Parameters<import('@playwright/test').Route['fulfill']>[0]; text: RegExp }[] = [
    { name: '500', fulfill: { status: 500, contentType: 'application/json', body: '{"error":"internal","message":"x"}' }, text: /sự cố \(mã lỗi 500\)/ },
    { name: 'html 200', fulfill: { status: 200, contentType: 'text/html', body: '<html><body>Bad gateway</body></html>' }, text: /không đúng định dạng/ },
    { name: 'malformed', fulfill: { status: 200, contentType: 'application/json', body: '{"featured": [' }, text: /bị lỗi hoặc không đầy đủ/ },
    { name: 'empty 502', fulfill: { status: 502, body: '' }, text: /sự cố \(mã lỗi 502\)/ },
  ];
  for (const c of cases) {
    await page.route('**/api/v1/home', (route) => route.fulfill(c.fulfill));
    await page.goto(server.url + '/');
    await expect(page.getByRole('alert'), c.name).toContainText(c.text);
    await expect(page.getByRole('alert').getByRole('button', { name: 'Thử lại' })).toBeVisible();
    await page.unroute('**/api/v1/home');
  }
  // Retry after the failure clears.
  await page.getByRole('alert').getByRole('button', { name: 'Thử lại' }).click();
  await expect(page.getByRole('heading', { name: 'Tin mới nhất' })).toBeVisible();
  expect(errors).toEqual([]);
});

test('the API base URL comes from index.html', async ({ page }) => {
  await page.goto(server.url + '/');
  const base = await page.locator('meta[name="portal-api-base"]').getAttribute('content');
  expect(base).toBe('/api/v1');
});
