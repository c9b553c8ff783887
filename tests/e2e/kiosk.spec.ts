// Kiosk mode (/kiosk) end to end: rotation, touch then idle return, offline then recovery.
// Timers run on Playwright's fake clock (`page.clock`), so no test waits for real seconds.
import { test, expect, Page, Locator } from '@playwright/test';
import { PortalServer, watchErrors } from './server';
import { installClock } from './fake-clock';

let server: PortalServer;
test.beforeAll(async () => {
  server = await PortalServer.start();
});
test.afterAll(async () => {
  await server?.dispose();
});

// The kiosk keeps its own last good data and must not depend on the PWA's service worker
// (tested in its own spec), which would also answer API requests from its cache.
test.use({ serviceWorkers: 'block', viewport: { width: 1920, height: 1080 }, hasTouch: true });

async function openKiosk(page: Page, query: string): Promise<{ root: Locator; slide: Locator }> {
  await installClock(page, new Date('2026-11-26T08:05:00+07:00'));
  await page.goto(server.url + '/kiosk' + query);
  const root = page.locator('.kiosk');
  const slide = page.locator('.kiosk-slide');
  await expect(slide).toBeVisible();
  return { root, slide };
}

test('top stories rotate with clock, date, weather and a QR code to each article', async ({ page }) => {
  const errors = watchErrors(page);
  const { root, slide } = await openKiosk(page, '?interval=8&count=3');
  // No site chrome, menu or link: nothing leads out of the kiosk.
  await expect(page.locator('.site-header, .site-footer, .skip-link, nav')).toHaveCount(0);
  await expect(root.locator('a')).toHaveCount(0);
  await expect(page.locator('.kiosk-clock')).toHaveText('08:05');
  await expect(page.locator('.kiosk-date')).toHaveText('Thứ Năm, 26/11/2026');
  const weather = page.getByRole('group', { name: 'Thời tiết' });
  await expect(weather).toContainText('Hà Giang');
  await expect(weather.locator('.kiosk-temp')).toHaveText(/^-?\d+°C$/);

  const seen: string[] = [];
  for (let i = 0; i < 3; i++) {
    const id = (await slide.getAttribute('data-id'))!;
    seen.push(id);
    await expect(page.locator('.kiosk-count')).toHaveText(`${i + 1}/3`);
    await expect(slide.locator('.kiosk-title')).not.toBeEmpty();
    await expect(slide.locator('.kiosk-sapo')).not.toBeEmpty();
    await expect(slide.locator('.kiosk-photo img')).toBeVisible();
    // The QR code: one path, encoding the article's public URL on this origin.
    const qr = slide.locator('svg.qr');
    await expect(qr.locator('path')).toHaveCount(1);
    expect(await qr.getAttribute('data-url')).toMatch(new RegExp(`^${server.url}/bai-viet/${id}/[a-z0-9-]+$`));
    const node = await slide.elementHandle();
    await page.clock.runFor(8_000);
    await expect(slide).not.toHaveAttribute('data-id', id);
    // A fresh slide each time (its entrance and progress bar start again); the old one is gone.
    expect(await node!.evaluate((n) => n.isConnected)).toBe(false);
  }
  expect(new Set(seen).size).toBe(3);
  // After the last story, the first again; only the current slide is in the page.
  await expect(slide).toHaveAttribute('data-id', seen[0]);
  await expect(slide).toHaveCount(1);
  await expect(root).toHaveAttribute('data-rotations', '3');
  // The clock follows time.
  await page.clock.runFor(60_000);
  await expect(page.locator('.kiosk-clock')).toHaveText('08:06');
  expect(errors).toEqual([]);
});

test('portrait screens put the photo above the story', async ({ page }) => {
  await page.setViewportSize({ width: 1080, height: 1920 });
  const { slide } = await openKiosk(page, '');
  const photo = (await slide.locator('.kiosk-photo').boundingBox())!;
  const title = (await slide.locator('.kiosk-title').boundingBox())!;
  expect(photo.width).toBeGreaterThan(1000);
  expect(title.y).toBeGreaterThan(photo.y + photo.height - 1);
  const qr = (await slide.locator('svg.qr').boundingBox())!;
  expect(qr.y + qr.height).toBeLessThanOrEqual(1920);
});

test('a touch opens the story; idle time or "Quay lại" returns to the rotation', async ({ page }) => {
  const errors = watchErrors(page);
  // A body with links: on a kiosk they must lead nowhere.
  await page.route(/\/api\/v1\/articles\/\d+$/, async (route) => {
    const res = await route.fetch();
    const article = await res.json();
    article.body_html =
      '<p>Xem thêm <a href="https://example.com/">trang ngoài</a> và ' +
      '<a href="/chuyen-muc/thoi-su">chuyên mục</a>.</p>' + article.body_html;
    await route.fulfill({ response: res, json: article });
  });
  const { slide } = await openKiosk(page, '?interval=300&idle=20');
  const url = page.url();
  const historyLength = await page.evaluate(() => history.length);
  const id = (await slide.getAttribute('data-id'))!;
  const title = (await slide.locator('.kiosk-title').textContent())!;
  await slide.tap();
  const reader = page.locator('.kiosk-reader');
  await expect(reader).toHaveAttribute('data-id', id);
  await expect(slide).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  const body = page.locator('.kiosk-reader .article-body');
  await expect(body.locator('p').first()).toBeVisible();
  await expect(page.locator('.kiosk-reader svg.qr')).toHaveCount(1);
  // No comment form, nothing to type into.
  await expect(page.locator('form, input, textarea, select')).toHaveCount(0);
  // Links in the body are inert: not clickable, and a synthetic click goes nowhere.
  for (const text of ['trang ngoài', 'chuyên mục']) {
    const link = body.locator('a', { hasText: text });
    await expect(link).toHaveCSS('pointer-events', 'none');
    await link.dispatchEvent('click');
  }
  await expect(reader).toHaveAttribute('data-id', id);
  // No text selection, context menu or ctrl+wheel zoom. The address never changes, so there
  // is no history to go back through.
  await expect(page.locator('.kiosk-article')).toHaveCSS('user-select', 'none');
  await expect(page.locator('.kiosk')).toHaveCSS('touch-action', 'pan-y');
  const prevented = await page.evaluate(() => {
    const target = document.querySelector('.kiosk-article h1')!;
    const menu = new MouseEvent('contextmenu', { bubbles: true, cancelable: true });
    const zoom = new WheelEvent('wheel', { bubbles: true, cancelable: true, ctrlKey: true, deltaY: -100 });
    target.dispatchEvent(menu);
    target.dispatchEvent(zoom);
    return [menu.defaultPrevented, zoom.defaultPrevented];
  });
  expect(prevented).toEqual([true, true]);
  expect(await page.evaluate(() => history.length)).toBe(historyLength);

  // A touch restarts the idle time.
  await page.clock.runFor(15_000);
  await page.locator('.kiosk-article h1').tap();
  await page.clock.runFor(15_000);
  await expect(reader).toHaveAttribute('data-id', id);
  // Then 20 s without a touch: back to the rotation, on the same story.
  await page.clock.runFor(6_000);
  await expect(reader).toHaveCount(0);
  await expect(slide).toHaveAttribute('data-id', id);

  // The visible way back.
  await slide.tap();
  await expect(reader).toBeVisible();
  await page.getByRole('button', { name: /Quay lại/ }).tap();
  await expect(reader).toHaveCount(0);
  await expect(slide).toBeVisible();
  expect(page.url()).toBe(url);
  expect(await page.evaluate(() => history.length)).toBe(historyLength);
  expect(errors).toEqual([]);
});

test('without a connection it keeps rotating, shows "Mất kết nối" and recovers by itself', async ({ page, context }) => {
  const errors = watchErrors(page);
  const { root, slide } = await openKiosk(page, '?interval=5&refresh=60&count=3');
  await expect(root).toHaveAttribute('data-refreshes', '1');
  const mark = page.locator('.kiosk-offline');
  await expect(mark).toHaveCount(0);

  // The browser loses its connection.
  await context.setOffline(true);
  await expect(mark).toHaveText('Mất kết nối');
  await page.clock.runFor(60_000); // a refresh comes due and fails
  await expect(root).toHaveAttribute('data-loading', 'false');
  for (let i = 0; i < 3; i++) {
    const id = (await slide.getAttribute('data-id'))!;
    await page.clock.runFor(5_000);
    await expect(slide).not.toHaveAttribute('data-id', id);
    await expect(slide.locator('.kiosk-title')).not.toBeEmpty();
  }
  await expect(mark).toBeVisible();
  await expect(root).toHaveAttribute('data-refreshes', '1');
  // Back online: refreshed at once, the mark goes.
  await context.setOffline(false);
  await expect(mark).toHaveCount(0);
  await expect(root).toHaveAttribute('data-refreshes', '2');

  // The server becomes unreachable while the browser still thinks it is online.
  await page.route('**/api/v1/**', (route) => route.abort('connectionrefused'));
  await page.clock.runFor(60_000);
  await expect(mark).toBeVisible();
  const id = (await slide.getAttribute('data-id'))!;
  await page.clock.runFor(5_000);
  await expect(slide).not.toHaveAttribute('data-id', id);
  // A reload without the API still shows the last good stories (kept in localStorage).
  await page.reload();
  await expect(slide).toBeVisible();
  await expect(slide.locator('.kiosk-title')).not.toBeEmpty();
  await expect(mark).toBeVisible();
  // The server comes back: the next retry (30 s) recovers.
  await page.unroute('**/api/v1/**');
  await page.clock.runFor(31_000);
  await expect(mark).toHaveCount(0);
  expect(errors).toEqual([]);
});
