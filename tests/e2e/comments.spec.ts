// Reader comments end to end: writing, review, nothing lost, limits.
import { test, expect, Page } from '@playwright/test';
import { PortalServer, reachCommentForm, SEED_PATH } from './server';

const CLOSED_ID = 1034;

let server: PortalServer;
test.beforeAll(async () => {
  server = await PortalServer.start(['--comment-rate-limit', '50']);
});
test.afterAll(async () => {
  await server?.dispose();
});

function unique(label: string): string {
  return `${label} ${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
}

async function fillForm(page: Page, name: string, email: string, content: string) {
  await page.getByLabel('Họ tên').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Nội dung').fill(content);
}

test('a valid comment is pending, then listed once an editor approves it', async ({ page }) => {
  await page.goto(server.url + SEED_PATH);
  await reachCommentForm(page);
  await expect(page.getByText('Email của bạn không bao giờ được hiển thị', { exact: false })).toBeVisible();
  const text = unique('Cảm ơn tòa soạn <b>đã</b> đưa tin; DROP TABLE comments;--');
  await fillForm(page, 'Lò Thị Mai', 'mai@example.vn', text);
  await expect(page.getByText(`${text.length}/2000 ký tự`)).toBeVisible();
  // A double click sends one request.
  await page.getByRole('button', { name: 'Gửi ý kiến' }).dblclick();
  await expect(page.getByRole('status').filter({ hasText: 'đang chờ biên tập viên duyệt' })).toBeVisible();
  await expect(page.getByLabel('Nội dung')).toHaveValue('');
  const mine = page.getByRole('list', { name: 'Ý kiến của bạn đang chờ duyệt' });
  await expect(mine.getByText(text)).toBeVisible();
  await expect(mine.getByText('Đang chờ duyệt')).toBeVisible();
  // Still shown as waiting after a reload, and the draft is gone.
  await page.reload();
  await expect(page.getByRole('list', { name: 'Ý kiến của bạn đang chờ duyệt' }).getByText(text)).toBeVisible();
  await expect(page.getByLabel('Nội dung')).toHaveValue('');

  const rows = server.pending().filter((c) => c.content === text);
  expect(rows).toHaveLength(1);
  expect(rows[0].article).toBe(1024);
  expect(server.moderate('approve', String(rows[0].id))).toContain('approved');

  await page.reload();
  await reachCommentForm(page);
  const published = page.locator('.comment-list:not(.pending-list)');
  await expect(published.getByText(text, { exact: true })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Ý kiến của bạn đang chờ duyệt' })).toHaveCount(0);
  // Shown as text, never as HTML.
  await expect(published.locator('b')).toHaveCount(0);
});

test('a wrong email is reported at the field', async ({ page }) => {
  await page.goto(server.url + SEED_PATH);
  await reachCommentForm(page);
  await fillForm(page, 'Lan', 'lan@', 'Ý kiến có email sai');
  await page.getByRole('button', { name: 'Gửi ý kiến' }).click();
  const email = page.getByLabel('Email');
  await expect(email).toHaveAttribute('aria-invalid', 'true');
  await expect(email).toHaveAccessibleDescription(/Địa chỉ email không hợp lệ/);
  await expect(email).toBeFocused();
  await expect(page.getByLabel('Họ tên')).toHaveAttribute('aria-invalid', 'false');
  // Empty fields are all named, the first one focused.
  await page.getByLabel('Họ tên').fill('');
  await page.getByRole('button', { name: 'Gửi ý kiến' }).click();
  await expect(page.getByLabel('Họ tên')).toBeFocused();
  await expect(page.getByLabel('Họ tên')).toHaveAccessibleDescription('Vui lòng nhập họ tên.');
});

test('a draft survives a reload', async ({ page }) => {
  await page.goto(server.url + SEED_PATH);
  await reachCommentForm(page);
  await fillForm(page, 'Hoàng Văn Sử', 'su@example.vn', 'Bản nháp chưa gửi\nhai dòng');
  await page.reload();
  await reachCommentForm(page);
  await expect(page.getByLabel('Họ tên')).toHaveValue('Hoàng Văn Sử');
  await expect(page.getByLabel('Email')).toHaveValue('su@example.vn');
  await expect(page.getByLabel('Nội dung')).toHaveValue('Bản nháp chưa gửi\nhai dòng');
  // Navigating away and back keeps it too.
  await page.goto(server.url + '/');
  await page.goto(server.url + SEED_PATH);
  await reachCommentForm(page);
  await expect(page.getByLabel('Nội dung')).toHaveValue('Bản nháp chưa gửi\nhai dòng');
});

test('server stopped while sending: queued, then stored exactly once', async ({ page }) => {
  const own = await PortalServer.start();
  try {
    await page.goto(own.url + SEED_PATH);
    await reachCommentForm(page);
    const text = unique('Gửi khi mất mạng');
    await fillForm(page, 'Vàng Seo Pao', 'pao@example.vn', text);
    await own.stop();
    await page.getByRole('button', { name: 'Gửi ý kiến' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'sẽ tự gửi khi có mạng' })).toBeVisible();
    await expect(page.getByLabel('Nội dung')).toBeDisabled();
    await own.start();
    await expect(page.getByRole('status').filter({ hasText: 'đang chờ biên tập viên duyệt' })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole('list', { name: 'Ý kiến của bạn đang chờ duyệt' }).getByText(text)).toBeVisible();
    expect(own.pending().filter((c) => c.content === text)).toHaveLength(1);
  } finally {
    await own.dispose();
  }
});

test('too many comments: the wait is shown and sending comes back', async ({ page }) => {
  const own = await PortalServer.start(['--comment-rate-limit', '1', '--comment-rate-window', '4']);
  try {
    await page.goto(own.url + SEED_PATH);
    await reachCommentForm(page);
    await fillForm(page, 'Lan', 'lan@example.vn', unique('Lần một'));
    await page.getByRole('button', { name: 'Gửi ý kiến' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'đang chờ biên tập viên duyệt' })).toBeVisible();
    const second = unique('Lần hai');
    await fillForm(page, 'Lan', 'lan@example.vn', second);
    await page.getByRole('button', { name: 'Gửi ý kiến' }).click();
    await expect(page.getByRole('status').filter({ hasText: /Bạn gửi quá nhanh. Vui lòng đợi \d+ giây/ })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Gửi ý kiến' })).toBeDisabled();
    await expect(page.getByRole('button', { name: 'Gửi ý kiến' })).toBeEnabled({ timeout: 15_000 });
    await expect(page.getByLabel('Nội dung')).toHaveValue(second);
    await page.getByRole('button', { name: 'Gửi ý kiến' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'đang chờ biên tập viên duyệt' })).toBeVisible();
    expect(own.pending().filter((c) => c.content === second)).toHaveLength(1);
  } finally {
    await own.dispose();
  }
});

test('an article closed to comments shows a notice instead of the form', async ({ page }) => {
  await page.goto(server.url + `/bai-viet/${CLOSED_ID}`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByText('Bài viết này đã đóng ý kiến bạn đọc.')).toBeVisible();
  await expect(page.getByLabel('Nội dung')).toHaveCount(0);
});

test.describe('answers faked at the network', () => {
  // page.route must see the requests: no service worker in between.
  test.use({ serviceWorkers: 'block' });

  test('a 422 from the server marks the fields it names', async ({ page }) => {
    await page.route('**/api/v1/articles/1024/comments', (route) =>
      route.request().method() === 'POST'
        ? route.fulfill({
            status: 422,
            contentType: 'application/json',
            body: JSON.stringify({ error: 'validation', message: 'Vui lòng kiểm tra lại thông tin.', fields: { author_name: 'Tên này không được dùng.' } }),
          })
        : route.continue(),
    );
    await page.goto(server.url + SEED_PATH);
    await reachCommentForm(page);
    await fillForm(page, 'Quản trị', 'qt@example.vn', 'Nội dung hợp lệ');
    await page.getByRole('button', { name: 'Gửi ý kiến' }).click();
    const name = page.getByLabel('Họ tên');
    await expect(name).toHaveAttribute('aria-invalid', 'true');
    await expect(name).toHaveAccessibleDescription('Tên này không được dùng.');
    await expect(name).toBeFocused();
    await expect(page.getByRole('alert')).toHaveText('Vui lòng kiểm tra lại thông tin.');
    await expect(page.getByLabel('Nội dung')).toHaveValue('Nội dung hợp lệ');
  });
});
