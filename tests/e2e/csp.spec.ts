// The whole app under the reference server's Content-Security-Policy, in Chromium: home,
// an article with its pictures, search, weather and a comment, with the API on the same
// origin and on another one. Any violation (a `securitypolicyviolation` event, or
// Chromium's "Refused to …" console error) fails the test.
import { test, expect, Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { asStaticHost, PortalServer, reachCommentForm, SEED_PATH } from './server';

const DIST = process.env.PORTAL_DIST || path.resolve(__dirname, '../../dist');


let server: PortalServer;
test.beforeAll(async () => {
  server = await PortalServer.start(['--comment-rate-limit', '50']);
});
test.afterAll(async () => {
  await server?.dispose();
});

/** Collects every CSP violation the page reports, across navigations. */
async function watchCsp(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction('__reportCsp', (v: string) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as any).__reportCsp(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => violations.push(`page error: ${e}`));
  return violations;
}

function policyOf(headers: Record<string, string>): string {
  const policy = headers['content-security-policy'];
  expect(policy, 'the page has a Content-Security-Policy').toBeTruthy();
  return policy;
}

/** Home → article (every picture loaded) → search → weather place → a comment sent. */
async function journey(page: Page, base: string) {
  const home = await page.goto(base + '/');
  const policy = policyOf(home!.headers());
  expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval' 'sha256-");
  expect(policy).not.toContain('unsafe-inline');
  await expect(page.getByRole('heading', { name: 'Tin mới nhất' })).toBeVisible();
  if (existsSync(path.join(DIST, 'sw.js'))) {
    // The service worker registers and starts (worker-src 'self').
    const active = await page.evaluate(() =>
      Promise.race([
        navigator.serviceWorker.ready.then((r) => !!r.active),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 20_000)),
      ]),
    );
    expect(active, 'service worker active').toBe(true);
  }
  const weather = page.getByRole('group', { name: 'Thời tiết' });
  await expect(weather.getByText(/^-?\d+°C$/)).toBeVisible();
  await weather.getByLabel('Chọn nơi xem thời tiết').selectOption({ label: 'Đồng Văn' });
  await expect(weather.getByText(/^-?\d+°C$/)).toBeVisible();

  // Client-side navigation to the article, then every picture of its body.
  await page.goto(base + SEED_PATH);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const images = page.locator('article figure img');
  await expect(images).toHaveCount(4);
  for (let i = 0; i < 4; i++) {
    const img = images.nth(i);
    await img.scrollIntoViewIfNeeded();
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(800);
  }

  // Search from the header.
  const search = page.getByRole('search').first();
  await search.getByRole('searchbox', { name: 'Tìm kiếm bài viết' }).fill('dan van');
  await search.getByRole('button', { name: 'Tìm' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Tìm thấy' })).toBeVisible();

  // A comment.
  await page.goto(base + SEED_PATH);
  await reachCommentForm(page);
  const text = `Ý kiến dưới CSP ${Date.now()}`;
  await page.getByLabel('Họ tên').fill('Lò Văn Páo');
  await page.getByLabel('Email').fill('pao@example.vn');
  await page.getByLabel('Nội dung').fill(text);
  await page.getByRole('button', { name: 'Gửi ý kiến' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'đang chờ biên tập viên duyệt' })).toBeVisible();
  return text;
}

test('the app works under its Content-Security-Policy with no violation', async ({ page }) => {
  const violations = await watchCsp(page);
  const text = await journey(page, server.url);
  expect(server.pending().filter((c) => c.content === text)).toHaveLength(1);
  expect(violations).toEqual([]);
});

test('with the API on another origin, the policy allows exactly that origin', async ({ page }) => {
  const api = await PortalServer.start(['--comment-rate-limit', '50']);
  const apiBase = `${api.url}/api/v1`;
  const app = await PortalServer.start(['--api-base', apiBase]);
  try {
    const violations = await watchCsp(page);
    const apiRequests: string[] = [];
    const ownMedia: string[] = [];
    page.on('request', (r) => {
      if (r.url().startsWith(api.url)) apiRequests.push(r.url());
      if (r.url().startsWith(`${app.url}/media/`)) ownMedia.push(r.url());
    });
    const text = await journey(page, app.url);
    const policy = policyOf((await page.request.get(app.url + '/')).headers());
    expect(policy).toContain(`connect-src 'self' ${api.url}`);
    expect(policy).toContain(`img-src 'self' ${api.url}`);
    // The data and the pictures really came from the other origin.
    // (The front server brings the first answers inside the page; the weather is asked for.)
    expect(apiRequests.some((u) => u.includes('/api/v1/weather'))).toBe(true);
    expect(apiRequests.some((u) => u.includes('/media/'))).toBe(true);
    // The first screen's pictures too, as the app has them: no photo downloaded twice.
    expect(ownMedia).toEqual([]);
    expect(api.pending().filter((c) => c.content === text)).toHaveLength(1);
    expect(violations).toEqual([]);
  } finally {
    await app.dispose();
    await api.dispose();
  }
});

test.describe('what the policy stops', () => {
  // Requests must reach `page.route`, not a service worker's own fetches.
  test.use({ serviceWorkers: 'block' });

  test('the policy blocks what the sanitizer lets through: pictures from other origins, injected scripts', async ({ page }) => {
    await asStaticHost(page, server);
    const violations = await watchCsp(page);
    const escaped: string[] = [];
    await page.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => {
      escaped.push(route.request().url());
      return route.abort();
    });
    await page.route('**/api/v1/articles/1024', async (route) => {
      const response = await route.fetch();
      const article = await response.json();
      article.body_html = '<p>Ảnh từ nơi khác:</p><figure><img src="https://evil.example/track.png" alt="x" width="10" height="10"></figure>';
      return route.fulfill({ response, json: article });
    });
    await page.goto(server.url + SEED_PATH);
    await expect(page.getByText('Ảnh từ nơi khác:')).toBeVisible();
    // The sanitizer keeps an https picture; the policy stops the request.
    await expect(page.locator('.article-body img')).toHaveAttribute('src', 'https://evil.example/track.png');
    await expect.poll(() => violations.some((v) => v.startsWith('img-src blocked https://evil.example/track.png'))).toBe(true);
    // A script added by any other hole does not run.
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__ran = true';
      document.body.append(s);
    });
    await expect.poll(() => violations.some((v) => v.startsWith('script-src-elem blocked inline'))).toBe(true);
    expect(await page.evaluate(() => (window as any).__ran)).toBeUndefined();
    expect(escaped).toEqual([]);
  });
});
