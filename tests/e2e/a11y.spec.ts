// Accessibility: axe-core on every kind of page in both themes, keyboard-only use,
// text size, and the read-aloud controls with a stubbed speech engine.
import { test, expect, Page } from '@playwright/test';
import { expectNoViolations, PortalServer, reachCommentForm, SEED_PATH, SEED_TITLE } from './server';


let server: PortalServer;
test.beforeAll(async () => {
  server = await PortalServer.start();
});
test.afterAll(async () => {
  await server?.dispose();
});

const PAGES: [string, string, (page: Page) => Promise<void>][] = [
  ['home', '/', (p) => expect(p.getByRole('heading', { name: 'Tin mới nhất' })).toBeVisible()],
  ['category', '/chuyen-muc/thoi-su', (p) => expect(p.getByRole('heading', { level: 1, name: 'Thời sự' })).toBeVisible()],
  ['search', '/tim-kiem?q=dan%20van', (p) => expect(p.getByRole('link', { name: SEED_TITLE })).toBeVisible()],
  ['article', SEED_PATH, (p) => reachCommentForm(p)],
  ['not found', '/khong-co-trang-nay', (p) => expect(p.getByRole('heading', { name: 'Không tìm thấy trang' })).toBeVisible()],
  ['saved', '/da-luu', (p) => expect(p.getByRole('heading', { level: 1, name: 'Bài đã lưu' })).toBeVisible()],
  ['offline page', '/offline.html', (p) => expect(p.getByRole('heading', { name: 'Không có kết nối mạng' })).toBeVisible()],
];

for (const scheme of ['light', 'dark'] as const) {
  test(`no axe violations on any page (${scheme} theme)`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    for (const [name, path, ready] of PAGES) {
      await page.goto(server.url + path);
      await ready(page);
      await expectNoViolations(page, `${name} (${scheme})`);
    }
    // The article with its form showing errors, and the in-app offline message.
    await page.goto(server.url + SEED_PATH);
    await reachCommentForm(page);
    await page.getByRole('button', { name: 'Gửi ý kiến' }).click();
    await expect(page.getByLabel('Họ tên')).toHaveAttribute('aria-invalid', 'true');
    await expectNoViolations(page, `article form errors (${scheme})`);
    await page.context().setOffline(true);
    // A list never opened before, so not in the offline cache.
    await page.getByRole('navigation', { name: 'Chuyên mục' }).getByRole('link', { name: 'Thể thao' }).click();
    await expect(page.getByRole('alert')).toContainText('Bạn đang ngoại tuyến');
    await expectNoViolations(page, `offline message (${scheme})`);
    await page.context().setOffline(false);
  });
}

test('one h1 per page, landmarks and a skip link', async ({ page }) => {
  for (const [, path, ready] of PAGES.slice(0, 6)) {
    await page.goto(server.url + path);
    await ready(page);
    await expect(page.locator('h1')).toHaveCount(1);
    await expect(page.getByRole('banner')).toHaveCount(1);
    await expect(page.getByRole('main')).toHaveCount(1);
    await expect(page.getByRole('contentinfo')).toHaveCount(1);
  }
  await page.goto(server.url + '/');
  await expect(page.getByRole('heading', { name: 'Tin mới nhất' })).toBeVisible();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Bỏ qua để xem nội dung' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
});

test('keyboard only: home → article → comment sent', async ({ page }) => {
  await page.goto(server.url + '/');
  await expect(page.getByRole('heading', { name: 'Tin mới nhất' })).toBeVisible();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter'); // the skip link
  await expect(page.getByRole('main')).toBeFocused();
  // The first story in the content.
  const lead = page.getByRole('region', { name: 'Tin nổi bật' }).getByRole('link').filter({ hasText: /\S/ }).first();
  const title = (await lead.textContent())!.trim();
  for (let i = 0; i < 10 && !(await lead.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(lead).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  // Tab through the article to the form: the focus order follows the page.
  const name = page.getByLabel('Họ tên');
  let steps = 0;
  // The form's code arrives as the focus nears it (src/chunks.rs).
  while (!(await page.evaluate(() => document.activeElement?.id === 'cf-name')) && steps < 120) {
    await page.keyboard.press('Tab');
    steps++;
  }
  await expect(name).toBeFocused();
  await page.keyboard.type('Bạn đọc dùng bàn phím');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Email')).toBeFocused();
  await page.keyboard.type('banphim@example.vn');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Nội dung')).toBeFocused();
  await page.keyboard.type('Gửi hoàn toàn bằng bàn phím.');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Gửi ý kiến' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'đang chờ biên tập viên duyệt' })).toBeVisible();
  // The focus ring is visible.
  await page.keyboard.press('Shift+Tab');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
  expect(outline).not.toBe('none');
});

test('text size has steps and is remembered; the theme can be chosen', async ({ page }) => {
  await page.goto(server.url + '/');
  const bigger = page.getByRole('button', { name: 'Tăng cỡ chữ' });
  const base = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  await bigger.click();
  await bigger.click();
  await expect(page.locator('html')).toHaveAttribute('data-text-size', '130');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-text-size', '130');
  const size = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  expect(size / base).toBeCloseTo(1.3, 2);
  await bigger.click();
  await expect(bigger).toBeDisabled(); // the largest of the steps
  await page.getByRole('button', { name: 'Giảm cỡ chữ' }).click();
  await page.getByRole('button', { name: 'Cỡ chữ mặc định' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-text-size', '100');

  await page.getByLabel('Giao diện').selectOption({ label: 'Tối' });
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(bg).toBe('rgb(20, 24, 29)');
});

const SPEECH_STUB = (voices: { lang: string; name: string }[]) => `
  window.__spoken = [];
  window.__calls = [];
  window.SpeechSynthesisUtterance = class { constructor(t) { this.text = t; this.onend = null; } };
  const synth = {
    current: null,
    getVoices() { return ${JSON.stringify(voices)}; },
    speak(u) { window.__spoken.push(u.text); this.current = u; },
    pause() { window.__calls.push('pause'); },
    resume() { window.__calls.push('resume'); },
    cancel() { window.__calls.push('cancel'); this.current = null; },
    finish() { const u = this.current; this.current = null; if (u && u.onend) u.onend(); },
  };
  Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
`;

test('listen: reads headline, lead and body with pause, resume and stop', async ({ page }) => {
  await page.addInitScript(SPEECH_STUB([{ lang: 'en-US', name: 'English' }, { lang: 'vi-VN', name: 'Tiếng Việt' }]));
  await page.goto(server.url + SEED_PATH);
  await page.getByRole('button', { name: 'Nghe đọc bài' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Đang đọc bài' })).toBeVisible();
  expect(await page.evaluate(() => (window as any).__spoken)).toEqual([SEED_TITLE]);
  await expect(page.locator('h1')).toHaveClass(/dang-doc/);
  await page.evaluate(() => (window as any).speechSynthesis.finish());
  await expect(page.locator('.sapo')).toHaveClass(/dang-doc/);
  await expect(page.locator('h1')).not.toHaveClass(/dang-doc/);
  await page.evaluate(() => (window as any).speechSynthesis.finish());
  const spoken: string[] = await page.evaluate(() => (window as any).__spoken);
  expect(spoken[1]).toMatch(/^Chiều 30\/6/);
  expect(spoken[2]).toBe('Phó Bí thư Tỉnh ủy Nguyễn Mạnh Dũng phát biểu chỉ đạo tại hội nghị');
  await page.getByRole('button', { name: 'Tạm dừng' }).click();
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await page.getByRole('button', { name: 'Dừng', exact: true }).click();
  expect(await page.evaluate(() => (window as any).__calls)).toEqual(['cancel', 'pause', 'resume', 'cancel']);
  await expect(page.locator('.dang-doc')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Nghe đọc bài' })).toBeVisible();
});

test('listen: says so when the browser has no Vietnamese voice', async ({ page }) => {
  await page.addInitScript(SPEECH_STUB([{ lang: 'en-US', name: 'English' }]));
  await page.goto(server.url + SEED_PATH);
  await page.getByRole('button', { name: 'Nghe đọc bài' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'chưa có giọng đọc tiếng Việt' })).toBeVisible();
  expect(await page.evaluate(() => (window as any).__spoken)).toEqual([]);
});

test('share: copy link, Facebook and Zalo without the Web Share API', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto(server.url + SEED_PATH);
  const share = page.getByRole('group', { name: 'Chia sẻ bài viết' });
  await share.getByRole('button', { name: 'Sao chép liên kết' }).click();
  await expect(share.getByRole('status')).toHaveText('Đã sao chép liên kết.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(server.url + SEED_PATH);
  await expect(share.getByRole('link', { name: 'Facebook' })).toHaveAttribute('href', /facebook\.com\/sharer\/sharer\.php\?u=http/);
  await expect(share.getByRole('link', { name: 'Zalo' })).toHaveAttribute('href', /zalo/);
});

test('print shows the article without menus or the form', async ({ page }) => {
  await page.goto(server.url + SEED_PATH);
  await reachCommentForm(page);
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Chuyên mục' })).toBeHidden();
  await expect(page.getByLabel('Nội dung')).toBeHidden();
});
