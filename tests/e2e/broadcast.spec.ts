// Broadcast end to end: live channels, the schedule, programmes and the one player, in real
// Chromium against the reference server's live HLS streams and generated media. Headless
// Chromium has no sound device: everything plays muted.
import { test, expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { asStaticHost, PortalServer, watchErrors } from './server';
import { installClock } from './fake-clock';
import { media, expectAdvancing as advancing } from './media';

let server: PortalServer;
test.beforeAll(async () => {
  server = await PortalServer.start();
});
test.afterAll(async () => {
  await server?.dispose();
});
test.afterEach(async () => {
  await server.setChannel('hgtv', 'on-air');
  await server.setChannel('phat-thanh', 'on-air');
});

async function api(path: string): Promise<any> {
  const res = await fetch(server.url + '/api/v1' + path);
  expect(res.status, path).toBe(200);
  return res.json();
}

/** Mutes every media element the page makes (no sound device; autoplay rules). */
async function muteMedia(page: Page) {
  await page.addInitScript(() => {
    const create = Document.prototype.createElement;
    Document.prototype.createElement = function (this: Document, name: string, opts?: any) {
      const el = create.call(this, name, opts);
      if (el instanceof HTMLMediaElement) el.muted = true;
      return el;
    } as typeof Document.prototype.createElement;
  });
}

/** Plays on, with no error on the element. */
async function expectAdvancing(page: Page) {
  await advancing(page);
  expect((await media(page))?.error).toBeNull();
}

async function playLive(page: Page, path: string, name: RegExp) {
  await page.goto(server.url + path);
  await page.getByRole('button', { name }).click();
  await expectAdvancing(page);
}

test('live TV plays from the menu', async ({ page }) => {
  const errors = watchErrors(page);
  await muteMedia(page);
  await page.goto(server.url + '/');
  await page.getByRole('navigation', { name: 'Chuyên mục' }).getByRole('link', { name: 'Truyền hình' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /HGTV/ })).toBeVisible();
  await page.getByRole('button', { name: /Phát trực tiếp/ }).click();
  await expectAdvancing(page);
  expect((await media(page))?.src).toContain('/media/live/hgtv/');
  expect(errors).toEqual([]);
});

test('live TV also plays through hls.js where HLS is not native', async ({ page }) => {
  await muteMedia(page);
  await page.addInitScript(() => {
    const can = HTMLMediaElement.prototype.canPlayType;
    HTMLMediaElement.prototype.canPlayType = function (this: HTMLMediaElement, type: string) {
      return /mpegurl/i.test(type) ? '' : can.call(this, type);
    };
  });
  const hlsJs = page.waitForRequest(/\/vendor\/hls\.light\.min\.js$/);
  await playLive(page, '/truyen-hinh/hgtv', /Phát trực tiếp/);
  await hlsJs;
  // Media Source Extensions: the element plays a blob: URL made by hls.js.
  expect((await media(page))?.src).toMatch(/^blob:/);
});

test('the radio keeps playing across in-app navigations, with lock-screen metadata', async ({ page }) => {
  const errors = watchErrors(page);
  await muteMedia(page);
  await playLive(page, '/phat-thanh', /Phát trực tiếp/);
  const title = await page.evaluate(() => (navigator as any).mediaSession?.metadata?.title);
  expect(title).toBe('Phát thanh Hà Giang');
  const menu = page.getByRole('navigation', { name: 'Chuyên mục' });
  for (const name of ['Thời sự', 'Trang chủ', 'Xem lại – Nghe lại']) {
    await menu.getByRole('link', { name, exact: true }).click();
    await expect(page.getByRole('region', { name: 'Đang phát' })).toBeVisible();
    await expectAdvancing(page);
  }
  const bar = page.getByRole('region', { name: 'Đang phát' });
  await bar.getByRole('button', { name: 'Tạm dừng' }).click();
  await expect.poll(async () => (await media(page))?.paused).toBe(true);
  await bar.getByRole('button', { name: 'Dừng', exact: true }).click();
  await expect(bar).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('the schedule marks the slot on air at a fixed clock and moves on at its end', async ({ page }) => {
  const today = await api('/channels/hgtv/schedule');
  // Two slots in a row: the mark moves from one to the other.
  const i = today.slots.findIndex((s: any, k: number) => k + 1 < today.slots.length && s.ends_at === today.slots[k + 1].starts_at);
  expect(i).toBeGreaterThanOrEqual(0);
  const slot = today.slots[i];
  const next = today.slots[i + 1];
  const start = new Date(slot.starts_at).getTime();
  const end = new Date(slot.ends_at).getTime();
  await installClock(page, new Date(start + 60_000));
  await page.goto(server.url + '/truyen-hinh/hgtv');
  const onAir = page.locator('.schedule-list li[aria-current="time"]');
  await expect(onAir).toHaveCount(1);
  await expect(onAir).toContainText(slot.title);
  await expect(onAir).toContainText('Đang phát');
  await page.clock.fastForward(end - start - 60_000 + 20_000);
  await expect(onAir).toContainText(next.title);
  await expect(page.locator('.schedule-list li', { hasText: slot.title }).first()).toHaveClass(/slot-past/);
});

test('the day picker shows another day, with links to watch again', async ({ page }) => {
  await page.goto(server.url + '/truyen-hinh/hgtv');
  const picker = page.getByRole('navigation', { name: 'Chọn ngày' });
  await expect(picker.getByRole('link')).toHaveCount(15);
  await expect(picker.getByRole('link', { name: /./ }).nth(7)).toHaveAttribute('aria-current', 'page');
  await picker.getByRole('link', { name: 'Hôm qua' }).click();
  await expect(page).toHaveURL(/\?ngay=\d{4}-\d{2}-\d{2}$/);
  const day = new URL(page.url()).searchParams.get('ngay')!;
  const schedule = await api(`/channels/hgtv/schedule?date=${day}`);
  await expect(page.locator('.schedule-list li')).toHaveCount(schedule.slots.length);
  const withProgramme = schedule.slots.filter((s: any) => s.programme_id);
  expect(withProgramme.length).toBeGreaterThan(0);
  await page.getByRole('region', { name: 'Lịch phát sóng' }).getByRole('link', { name: 'Xem lại', exact: true }).first().click();
  await expect(page).toHaveURL(new RegExp(`/xem-lai/${withProgramme[0].programme_id}/`));
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
});

test('a channel off air says so and keeps its schedule', async ({ page }) => {
  await server.setChannel('phat-thanh', 'off-air');
  await page.goto(server.url + '/phat-thanh/phat-thanh');
  await expect(page.getByText('Kênh đang tạm ngừng phát sóng')).toBeVisible();
  await expect(page.getByRole('button', { name: /Phát trực tiếp/ })).toHaveCount(0);
  await expect(page.locator('.schedule-list li').first()).toBeVisible();
});

test('a stream answering 404 says so; back on air, "Thử lại" plays', async ({ page }) => {
  test.setTimeout(90_000);
  await muteMedia(page);
  await server.setChannel('hgtv', '404');
  await page.goto(server.url + '/truyen-hinh/hgtv');
  await page.getByRole('button', { name: /Phát trực tiếp/ }).click();
  await expect(page.getByRole('status').filter({ hasText: 'không tìm thấy luồng phát' })).toBeVisible({ timeout: 30_000 });
  await server.setChannel('hgtv', 'on-air');
  await page.getByRole('button', { name: 'Thử lại' }).click();
  await expectAdvancing(page);
  await expect(page.getByText('không tìm thấy luồng phát')).toHaveCount(0);
});

test('a stalled stream says "Đang kết nối lại…" and plays again by itself', async ({ page }) => {
  // Detection (8 s still) plus back-off: allow a loaded CI machine its time.
  test.setTimeout(120_000);
  await muteMedia(page);
  await playLive(page, '/truyen-hinh/hgtv', /Phát trực tiếp/);
  await server.setChannel('hgtv', 'stall');
  await expect(page.getByText('Đang kết nối lại…')).toBeVisible({ timeout: 45_000 });
  await server.setChannel('hgtv', 'on-air');
  await expect(page.getByText('Đang kết nối lại…')).toHaveCount(0, { timeout: 60_000 });
  await expectAdvancing(page);
});

test('programmes are filtered by language, with the state in the URL', async ({ page }) => {
  await page.goto(server.url + '/xem-lai');
  await expect(page.getByRole('heading', { level: 1, name: 'Xem lại – Nghe lại' })).toBeVisible();
  await page.getByLabel('Ngôn ngữ').selectOption({ label: 'Tiếng Mông' });
  await expect(page).toHaveURL(/ngon-ngu=hmn/);
  const expected = await api('/programmes?language=hmn&per_page=12');
  expect(expected.items.length).toBeGreaterThan(0);
  const titles = page.locator('.programme-list .card-title');
  await expect(titles).toHaveCount(expected.items.length);
  for (const p of expected.items) await expect(page.getByRole('link', { name: p.title, exact: true })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Ngôn ngữ')).toHaveValue('hmn');
});

test('an audio programme resumes where it was left, after a reload', async ({ page }) => {
  await muteMedia(page);
  const audio = (await api('/programmes?kind=audio&per_page=1')).items[0];
  await page.goto(server.url + `/xem-lai/${audio.id}/${audio.slug}`);
  await page.getByRole('button', { name: new RegExp(`Nghe ${audio.title}`) }).click();
  await expectAdvancing(page);
  // Moved on with the player's own slider, as a reader would.
  await page.getByRole('main').getByRole('slider', { name: 'Vị trí đang nghe' }).fill('12');
  await expect.poll(async () => (await media(page))?.time ?? 0).toBeGreaterThan(12.5);
  await page.getByRole('main').getByRole('button', { name: 'Tạm dừng' }).click();
  await page.reload();
  await page.getByRole('button', { name: new RegExp(`Nghe ${audio.title}`) }).click();
  await expect.poll(async () => (await media(page))?.time ?? 0).toBeGreaterThan(12);
  await page.goto(server.url + '/xem-lai');
  await expect(page.getByRole('region', { name: 'Nghe tiếp' }).getByRole('link', { name: audio.title })).toBeVisible();
});

test('captions: the track is there, and the choice is remembered', async ({ page }) => {
  await muteMedia(page);
  const list = (await api('/programmes?kind=video&per_page=50')).items;
  const p = list.find((x: any) => x.media.captions.length > 0);
  expect(p).toBeTruthy();
  await page.goto(server.url + `/xem-lai/${p.id}/${p.slug}`);
  await page.getByLabel('Phụ đề').selectOption({ label: 'Tiếng Việt' });
  await page.getByRole('button', { name: new RegExp(`Xem ${p.title}`) }).click();
  await expectAdvancing(page);
  await expect.poll(() => page.evaluate(() => document.querySelector('video')?.textTracks[0]?.mode)).toBe('showing');
  await page.reload();
  await expect(page.getByLabel('Phụ đề')).toHaveValue('vi');
  await page.getByRole('button', { name: new RegExp(`Xem ${p.title}`) }).click();
  await expect.poll(() => page.evaluate(() => document.querySelector('video')?.textTracks[0]?.mode)).toBe('showing');
});

test('a video pauses when its page is left, where there is no picture-in-picture', async ({ page }) => {
  await muteMedia(page);
  await page.addInitScript(() => Object.defineProperty(Document.prototype, 'pictureInPictureEnabled', { get: () => false }));
  const p = (await api('/programmes?kind=video&per_page=1')).items[0];
  await page.goto(server.url + `/xem-lai/${p.id}/${p.slug}`);
  await page.getByRole('button', { name: new RegExp(`Xem ${p.title}`) }).click();
  await expectAdvancing(page);
  await page.getByRole('navigation', { name: 'Chuyên mục' }).getByRole('link', { name: 'Trang chủ' }).click();
  await expect(page.getByRole('heading', { name: 'Tin mới nhất' })).toBeVisible();
  await expect.poll(async () => (await media(page))?.paused).toBe(true);
  // It waits in the bar, where the reader can go back to it.
  await expect(page.getByRole('region', { name: 'Đang phát' }).getByRole('link', { name: 'Mở' })).toHaveAttribute('href', `/xem-lai/${p.id}/${p.slug}`);
});

test('a source the browser cannot play gives way to the next one', async ({ page }) => {
  await muteMedia(page);
  // Neither native HLS nor Media Source Extensions: the MP4 after the HLS source plays.
  await page.addInitScript(() => {
    const can = HTMLMediaElement.prototype.canPlayType;
    HTMLMediaElement.prototype.canPlayType = function (this: HTMLMediaElement, type: string) {
      return /mpegurl/i.test(type) ? '' : can.call(this, type);
    };
    delete (window as any).MediaSource;
  });
  const p = (await api('/programmes?kind=video&per_page=1')).items[0];
  expect(p.media.sources.map((s: any) => s.type)).toEqual(['application/vnd.apple.mpegurl', 'video/mp4']);
  await page.goto(server.url + `/xem-lai/${p.id}/${p.slug}`);
  await page.getByRole('button', { name: new RegExp(`Xem ${p.title}`) }).click();
  await expectAdvancing(page);
  expect((await media(page))?.src).toMatch(/\/video\.mp4$/);
});

test('an article with a video fetches no media before play', async ({ page }) => {
  const home = await api('/articles?per_page=50');
  let found: any = null;
  for (const s of home.items) {
    const a = await api(`/articles/${s.id}`);
    if ((a.media || []).some((m: any) => m.kind === 'video')) { found = a; break; }
  }
  expect(found).toBeTruthy();
  const mediaRequests: string[] = [];
  page.on('request', (r) => {
    if (/\.(mp4|m3u8|ts|m4a|mp3|vtt)(\?|$)/.test(r.url()) || r.resourceType() === 'media') mediaRequests.push(r.url());
  });
  await muteMedia(page);
  await page.goto(server.url + `/bai-viet/${found.id}/${found.slug}`);
  const poster = page.locator('.media-poster').first();
  await expect(poster).toBeVisible();
  expect(await poster.getAttribute('width')).toBeTruthy();
  expect(await poster.getAttribute('height')).toBeTruthy();
  await page.waitForTimeout(1500);
  expect(mediaRequests).toEqual([]);
  await page.getByRole('button', { name: /^Xem / }).first().click();
  await expectAdvancing(page);
  expect(mediaRequests.length).toBeGreaterThan(0);
});

test.describe('without broadcast', () => {
  // page.route fakes the API; a service worker's own requests would bypass it.
  test.use({ serviceWorkers: 'block' });
  test('a server without /channels shows no broadcast anywhere', async ({ page }) => {
  await asStaticHost(page, server);
  await page.route('**/api/v1/channels', (route) =>
    route.fulfill({ status: 404, contentType: 'application/json', body: '{"error":"not_found","message":"Không tìm thấy."}' }),
  );
  await page.goto(server.url + '/');
  await expect(page.getByRole('heading', { name: 'Tin mới nhất' })).toBeVisible();
  const menu = page.getByRole('navigation', { name: 'Chuyên mục' });
  await expect(menu.getByRole('link', { name: 'Thời sự', exact: true })).toBeVisible();
  for (const name of ['Truyền hình', 'Phát thanh', 'Xem lại – Nghe lại']) {
    await expect(page.getByRole('link', { name, exact: true })).toHaveCount(0);
  }
  await page.route('**/api/v1/channels', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '[]' }));
  await page.reload();
  await expect(menu.getByRole('link', { name: 'Thời sự', exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Truyền hình', exact: true })).toHaveCount(0);
  });
});

for (const scheme of ['light', 'dark'] as const) {
  test(`no axe violations on the broadcast pages (${scheme} theme)`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    const p = (await api('/programmes?per_page=1')).items[0];
    for (const path of ['/truyen-hinh/hgtv', '/phat-thanh/phat-thanh', '/xem-lai', `/xem-lai/${p.id}/${p.slug}`]) {
      await page.goto(server.url + path);
      // The app's page, not the front server's first screen (the app starts after the first
      // paint) nor the skeleton shown while the page's chunk arrives.
      await expect(page.locator('#boot')).toHaveCount(0);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
      const result = await new AxeBuilder({ page }).analyze();
      const summary = result.violations.map((v) => `${v.id}: ${v.help} → ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
      expect(summary, `${path} (${scheme})`).toEqual([]);
    }
  });
}

test.describe('offline', () => {
  async function controlled(page: Page) {
    await page.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });
  }

  test('a channel page opens offline with the last schedule, marked as a saved copy', async ({ page }) => {
    const own = await PortalServer.start();
    try {
      await page.goto(own.url + '/truyen-hinh/hgtv');
      await controlled(page);
      await page.reload();
      const rows = page.locator('.schedule-list li');
      await expect(rows.first()).toBeVisible();
      const count = await rows.count();
      await expect(page.getByRole('note')).toHaveCount(0);
      await own.stop();
      await page.reload();
      await expect(page.getByRole('heading', { level: 1, name: /HGTV/ })).toBeVisible();
      await expect(rows).toHaveCount(count);
      await expect(page.getByRole('note')).toContainText('Nội dung lưu lúc');
    } finally {
      await own.dispose();
    }
  });

  test('a downloaded audio programme plays and seeks with the server stopped', async ({ page }) => {
    const own = await PortalServer.start();
    try {
      await muteMedia(page);
      const res = await fetch(own.url + '/api/v1/programmes?kind=audio&per_page=1');
      const audio = (await res.json()).items[0];
      const path = `/xem-lai/${audio.id}/${audio.slug}`;
      await page.goto(own.url + path);
      await controlled(page);
      await page.reload();
      await page.getByRole('button', { name: 'Tải về để nghe khi không có mạng' }).click();
      await expect(page.getByText('Đã tải về máy.')).toBeVisible({ timeout: 30_000 });
      await own.stop();
      await page.reload();
      await expect(page.getByRole('heading', { level: 1, name: audio.title })).toBeVisible();
      await page.getByRole('button', { name: new RegExp(`Nghe ${audio.title}`) }).click();
      await expectAdvancing(page);
      await page.evaluate(() => { const el = document.querySelector('video')!; el.currentTime = 10; });
      await expect.poll(async () => (await media(page))?.time ?? 0, { timeout: 15_000 }).toBeGreaterThan(10.5);
      expect((await media(page))?.error).toBeNull();
      // Removing the copy says so.
      await page.getByRole('button', { name: 'Xóa bản đã tải' }).click();
      await expect(page.getByRole('button', { name: 'Tải về để nghe khi không có mạng' })).toBeVisible();
    } finally {
      await own.dispose();
    }
  });
});
