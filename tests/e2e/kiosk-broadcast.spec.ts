// Kiosk video breaks (`kenh`, `ban-tin`): a live channel or the newest bulletin between the
// stories, muted with captions on, in the portal's one player; the live stream recovers by
// itself when it drops. Media needs real time, so these tests do not use the fake clock.
import { test, expect, Page } from '@playwright/test';
import { PortalServer, watchErrors } from './server';
import { media, expectAdvancing } from './media';

let server: PortalServer;
test.beforeAll(async () => {
  server = await PortalServer.start();
});
test.afterAll(async () => {
  await server?.dispose();
});
test.afterEach(async () => {
  await server.setChannel('hgtv', 'on-air');
});

// No service worker: it could answer the API from its cache (see kiosk.spec.ts).
test.use({ serviceWorkers: 'block', viewport: { width: 1920, height: 1080 }, hasTouch: true });

/** Media requests from now on (playlists, segments, files). */
function mediaRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/media/live/') || r.url().includes('/media/programmes/')) seen.push(r.url());
  });
  return seen;
}

/** The player was stopped: nothing loaded, and no media request for a few seconds. */
async function expectStopped(page: Page) {
  await expect.poll(async () => (await media(page))?.network).toBe(0);
  expect(await media(page)).toMatchObject({ paused: true, inKiosk: false });
  const seen = mediaRequests(page);
  await page.waitForTimeout(4_000);
  expect(seen).toEqual([]);
}

/** Opens the kiosk and waits for its first video break to play. */
async function openBreak(page: Page, query: string) {
  await page.goto(server.url + '/kiosk' + query);
  await expect(page.locator('.kiosk-slide')).toBeVisible();
  const video = page.locator('.kiosk-video');
  await expect(video.locator('video')).toBeVisible({ timeout: 20_000 });
  await expect(page.locator('.kiosk-slide')).toHaveCount(0);
  await expectAdvancing(page);
  const m = (await media(page))!;
  // Started by itself, muted, without the player's controls, and captions on when there are any.
  expect(m).toMatchObject({ muted: true, paused: false, error: null, inKiosk: true, controls: false });
  if (m.tracks > 0) expect(m.showing).toBe(1);
  return video;
}

test('a live channel plays between the stories, muted, then the stories come back', async ({ page }) => {
  const errors = watchErrors(page);
  const video = await openBreak(page, '?kenh=hgtv&video-sau=1&interval=5&video-giay=30');
  await expect(page.locator('.kiosk')).toHaveAttribute('data-video', 'true');
  const label = video.locator('.kiosk-video-label');
  await expect(label).toContainText('Trực tiếp');
  await expect(label).toContainText('HGTV');
  expect((await media(page))?.src).toContain('/media/live/hgtv/');
  // After its 30 seconds, the next story; the stream is stopped, not left loading hidden.
  await expect(page.locator('.kiosk-slide')).toBeVisible({ timeout: 35_000 });
  await expect(page.locator('.kiosk-video')).toHaveCount(0);
  await expectStopped(page);
  expect(errors).toEqual([]);
});

for (const drop of ['500', 'stall'] as const) {
  test(`the kiosk channel survives a stream drop (${drop}), without a reload`, async ({ page }) => {
    test.setTimeout(100_000);
    const errors = watchErrors(page);
    const video = await openBreak(page, '?kenh=hgtv&video-sau=1&interval=5&video-giay=900');
    // Marks that a reload would lose.
    await page.evaluate(() => {
      (window as any).__kioskMark = 1;
      (document.querySelector('video') as any).__kioskMark = 1;
    });
    await server.setChannel('hgtv', drop);
    // The player notices (stall or error) and says it is reconnecting.
    await expect(video.locator('.kiosk-video-status')).toContainText('kết nối lại', { timeout: 30_000 });
    await server.setChannel('hgtv', 'on-air');
    await expect(video.locator('.kiosk-video-status')).toBeEmpty({ timeout: 60_000 });
    await expectAdvancing(page);
    expect(
      await page.evaluate(() => (window as any).__kioskMark === 1 && (document.querySelector('video') as any).__kioskMark === 1),
    ).toBe(true);
    // Still the video break, and still muted.
    await expect(page.locator('.kiosk-video')).toHaveCount(1);
    expect((await media(page))?.muted).toBe(true);
    expect(errors).toEqual([]);
  });
}

test('a channel off air is skipped: the stories go on', async ({ page }) => {
  await server.setChannel('hgtv', 'off-air');
  await page.goto(server.url + '/kiosk?kenh=hgtv&video-sau=1&interval=5');
  const slide = page.locator('.kiosk-slide');
  await expect(slide).toBeVisible();
  const first = await slide.getAttribute('data-id');
  await expect(slide).not.toHaveAttribute('data-id', first!, { timeout: 15_000 });
  await expect(page.locator('.kiosk-video')).toHaveCount(0);
  expect(await page.evaluate(() => document.querySelector('video')?.currentSrc ?? '')).toBe('');
  await server.setChannel('hgtv', 'on-air');
  // Back on air: the next break plays it.
  await expect(page.locator('.kiosk-video video')).toBeVisible({ timeout: 15_000 });
  await expectAdvancing(page);
});

test('ban-tin plays the newest programme of the show', async ({ page }) => {
  const errors = watchErrors(page);
  const res = await fetch(server.url + '/api/v1/programmes?show=thoi-su-hgtv&per_page=1');
  expect(res.status).toBe(200);
  const newest = (await res.json()).items[0];
  expect(newest.media.kind).toBe('video');
  const video = await openBreak(page, '?ban-tin=thoi-su-hgtv&video-sau=1&interval=5&video-giay=30');
  // Its captions are on, though nobody chose them on this screen.
  if (newest.media.captions.length > 0) {
    await expect.poll(async () => (await media(page))?.showing).toBe(1);
  }
  expect((await media(page))?.src).toContain(`/media/programmes/${newest.id}/`);
  await expect(video.locator('.kiosk-video-label')).toContainText(newest.title);
  await expect(video.locator('.kiosk-video-label')).not.toContainText('Trực tiếp');
  // A touch brings the stories back at once, and stops the video.
  await video.click();
  await expect(page.locator('.kiosk-slide')).toBeVisible();
  await expectStopped(page);
  expect(errors).toEqual([]);
});
