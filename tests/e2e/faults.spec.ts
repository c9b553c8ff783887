// Fault injection: the API answers slowly, with errors, with broken or odd JSON, with huge
// bodies, with data at the edges of the contract. The app stays usable, says what is wrong
// in Vietnamese, and recovers with "Thử lại". Faults are injected with `page.route` in front
// of the reference server; long delays run on Playwright's fake clock (`page.clock`), which
// also drives the app's request time limit (a `setTimeout`), so no test waits for real.
import { test, expect, Page, Route } from '@playwright/test';
import { asStaticHost, PortalServer, watchErrors, reachCommentForm, SEED_ID, SEED_PATH, SEED_TITLE } from './server';
import { installClock } from './fake-clock';


// Faults are injected between the page and the network. The service worker would fetch on
// its own, past `page.route`, so it is kept out here (its offline behaviour has its own tests).
test.use({ serviceWorkers: 'block' });

let server: PortalServer;
test.beforeAll(async () => {
  server = await PortalServer.start(['--comment-rate-limit', '50']);
});
test.afterAll(async () => {
  await server?.dispose();
});

// The API's answers are faked in the browser: pages come as from a static host, so the app
// asks for them (see asStaticHost).
test.beforeEach(async ({ page }) => {
  await asStaticHost(page, server);
});

const api = (pathname: string) => (url: URL) => url.pathname === `/api/v1${pathname}`;

/** Answers `match`ed GETs with `edit(JSON from the server)`. */
async function editJson(page: Page, match: (url: URL) => boolean, edit: (json: any) => any) {
  await page.route(match, async (route) => {
    if (route.request().method() !== 'GET') return route.fallback();
    const response = await route.fetch();
    const json = edit(await response.json());
    return route.fulfill({ response, json });
  });
}

/** A layout check: nothing makes the page wider than the window. */
async function noHorizontalScroll(page: Page, where: string) {
  const { scroll, inner, widest } = await page.evaluate(() => {
    let widest = '';
    let max = 0;
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.right > max) {
        max = r.right;
        widest = `${el.tagName.toLowerCase()}.${(el as HTMLElement).className}`;
      }
    }
    return { scroll: document.scrollingElement!.scrollWidth, inner: window.innerWidth, widest };
  });
  expect(scroll, `${where}: page width ${scroll} > ${inner} (widest: ${widest})`).toBeLessThanOrEqual(inner);
}

test.describe('slow answers', () => {
  test('a 10 s delay shows the skeleton, then the content', async ({ page }) => {
    const errors = watchErrors(page);
    await installClock(page);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await page.route(api(`/articles/${SEED_ID}`), async (route) => {
      await held;
      return route.fallback();
    });
    await page.goto(server.url + SEED_PATH);
    const skeleton = page.getByLabel('Đang tải bài viết');
    await expect(skeleton).toBeVisible();
    await page.clock.runFor(10_000);
    await expect(skeleton).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);
    release();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(SEED_TITLE);
    await expect(skeleton).toHaveCount(0);
    await expect(page.getByRole('alert')).toHaveCount(0);
    expect(errors).toEqual([]);
  });

  test('past the time limit the reader is told the server is too slow, and can retry', async ({ page }) => {
    const errors = watchErrors(page);
    await installClock(page);
    const pending: Route[] = [];
    const home = api('/home');
    await page.route(home, (route) => {
      pending.push(route); // never answered
    });
    await page.goto(server.url + '/');
    await expect(page.getByLabel('Đang tải')).toBeVisible();
    await expect.poll(() => pending.length).toBe(1);
    await page.clock.runFor(16_000);
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('Máy chủ phản hồi quá lâu');
    await page.unroute(home);
    await alert.getByRole('button', { name: 'Thử lại' }).click();
    await expect(page.getByRole('heading', { name: 'Tin mới nhất' })).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);
    expect(errors).toEqual([]);
  });
});

type Fault = { name: string; answer: (route: Route) => Promise<void>; says: RegExp | null };

const FAULTS: Fault[] = [
  {
    name: '500 with the contract error',
    answer: (r) => r.fulfill({ status: 500, contentType: 'application/json', body: '{"error":"internal","message":"Lỗi máy chủ"}' }),
    says: /sự cố \(mã lỗi 500\)/,
  },
  {
    name: '503 HTML page from a proxy',
    answer: (r) => r.fulfill({ status: 503, contentType: 'text/html', body: '<html><body><h1>503 Service Unavailable</h1></body></html>' }),
    says: /sự cố \(mã lỗi 503\)/,
  },
  {
    name: 'truncated JSON',
    answer: async (r) => {
      const text = await (await r.fetch()).text();
      return r.fulfill({ status: 200, contentType: 'application/json; charset=utf-8', body: text.slice(0, Math.floor(text.length / 2)) });
    },
    says: /bị lỗi hoặc không đầy đủ/,
  },
  {
    name: 'HTML error page with status 200',
    answer: (r) => r.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Lỗi</title><h1>Bad Gateway</h1>' }),
    says: /không đúng định dạng/,
  },
  {
    name: 'empty 200',
    answer: (r) => r.fulfill({ status: 200, contentType: 'application/json', body: '' }),
    says: /không đúng định dạng/,
  },
  {
    name: 'JSON with the wrong types',
    answer: (r) => r.fulfill({ status: 200, contentType: 'application/json', body: '{"featured":"không","latest":7,"items":5,"id":"x","title":1}' }),
    says: /bị lỗi hoặc không đầy đủ/,
  },
  {
    name: 'the right JSON with a wrong content type',
    answer: async (r) => {
      const response = await r.fetch();
      return r.fulfill({ status: 200, headers: { 'content-type': 'text/plain; charset=iso-8859-1' }, body: await response.body() });
    },
    says: null,
  },
];

type Screen = { name: string; path: string; endpoint: (url: URL) => boolean; ready: (page: Page) => Promise<void> };

const SCREENS: Screen[] = [
  { name: 'home', path: '/', endpoint: api('/home'), ready: (p) => expect(p.getByRole('heading', { name: 'Tin mới nhất' })).toBeVisible() },
  { name: 'article', path: SEED_PATH, endpoint: api(`/articles/${SEED_ID}`), ready: (p) => expect(p.getByRole('heading', { level: 1 })).toHaveText(SEED_TITLE) },
  {
    name: 'search',
    path: '/tim-kiem?q=dan%20van',
    endpoint: api('/articles'),
    ready: (p) => expect(p.getByRole('link', { name: SEED_TITLE })).toBeVisible(),
  },
  {
    name: 'category',
    path: '/chuyen-muc/thoi-su',
    endpoint: api('/articles'),
    ready: (p) => expect(p.locator('main').getByRole('link', { name: SEED_TITLE })).toBeVisible(),
  },
];

for (const screen of SCREENS) {
  test(`${screen.name}: every broken answer is explained, and "Thử lại" recovers`, async ({ page }) => {
    const errors = watchErrors(page);
    for (const fault of FAULTS) {
      await page.route(screen.endpoint, (route) => fault.answer(route));
      await page.goto(server.url + screen.path);
      if (fault.says === null) {
        await screen.ready(page);
        await expect(page.getByRole('alert'), fault.name).toHaveCount(0);
        await page.unroute(screen.endpoint);
        continue;
      }
      const alert = page.getByRole('alert').filter({ hasText: 'Không tải được nội dung' });
      await expect(alert, fault.name).toContainText(fault.says);
      // The rest of the page still works: the header and its menu are there.
      await expect(page.getByRole('navigation', { name: 'Chuyên mục' })).toBeVisible();
      await page.unroute(screen.endpoint);
      await alert.getByRole('button', { name: 'Thử lại' }).click();
      await screen.ready(page);
      await expect(page.getByRole('alert')).toHaveCount(0);
    }
    expect(errors).toEqual([]);
  });
}

test('a failing comment list leaves the article readable', async ({ page }) => {
  const errors = watchErrors(page);
  await page.route(api(`/articles/${SEED_ID}/comments`), (route) =>
    route.request().method() === 'GET' ? route.fulfill({ status: 200, contentType: 'text/html', body: '<h1>oops</h1>' }) : route.fallback(),
  );
  await page.goto(server.url + SEED_PATH);
  await reachCommentForm(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(SEED_TITLE);
  await expect(page.locator('.article-body')).toContainText('Trong 6 tháng đầu năm 2022');
  await expect(page.getByRole('alert').filter({ hasText: /không đúng định dạng/ })).toBeVisible();
  // The form still takes a comment.
  await expect(page.getByLabel('Nội dung')).toBeEditable();
  expect(errors).toEqual([]);
});

test('a comment answered by a proxy error page is kept and sent exactly once later', async ({ page }) => {
  const errors = watchErrors(page);
  await installClock(page);
  let refused = 0;
  const comments = api(`/articles/${SEED_ID}/comments`);
  await page.route(comments, (route) => {
    if (route.request().method() !== 'POST') return route.fallback();
    refused++;
    return route.fulfill({ status: 502, contentType: 'text/html', body: '<html><h1>502 Bad Gateway</h1></html>' });
  });
  await page.goto(server.url + SEED_PATH);
  await reachCommentForm(page);
  const text = `Gửi qua proxy lỗi ${Date.now()}`;
  await page.getByLabel('Họ tên').fill('Sùng Thị Mỷ');
  await page.getByLabel('Email').fill('my@example.vn');
  await page.getByLabel('Nội dung').fill(text);
  await page.getByRole('button', { name: 'Gửi ý kiến' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'sẽ tự gửi khi có mạng' })).toBeVisible();
  expect(refused).toBeGreaterThanOrEqual(1);
  expect(server.pending().filter((c) => c.content === text)).toHaveLength(0);
  await page.unroute(comments);
  // The queue tries again on its own (a few seconds later, on the fake clock).
  await expect(async () => {
    await page.clock.runFor(5_000);
    await expect(page.getByRole('status').filter({ hasText: 'đang chờ biên tập viên duyệt' })).toBeVisible({ timeout: 500 });
  }).toPass({ timeout: 30_000 });
  expect(server.pending().filter((c) => c.content === text)).toHaveLength(1);
  expect(errors).toEqual([]);
});

test.describe('huge answers', () => {
  const FIVE_MB = 5 * 1024 * 1024;

  test('5 MB of valid JSON renders; 5 MB of broken JSON is reported; the page never freezes', async ({ page }) => {
    test.setTimeout(90_000);
    const errors = watchErrors(page);
    // Valid: an unknown 5 MB field on the home page, a 5 MB body on the article.
    await editJson(page, api('/home'), (home) => ({ ...home, padding: 'x'.repeat(FIVE_MB) }));
    const paragraph = '<p>Đoạn văn rất dài của một bài viết được dán từ nơi khác, lặp lại nhiều lần. </p>';
    await editJson(page, api(`/articles/${SEED_ID}`), (a) => ({
      ...a,
      body_html: '<p>Mở đầu bài rất dài.</p>' + paragraph.repeat(Math.ceil(FIVE_MB / paragraph.length)) + '<p>Hết bài rất dài.</p>',
    }));
    await page.goto(server.url + '/');
    await expect(page.getByRole('heading', { name: 'Tin mới nhất' })).toBeVisible();
    await page.goto(server.url + SEED_PATH);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(SEED_TITLE);
    await expect(page.getByText('Hết bài rất dài.')).toBeAttached({ timeout: 30_000 });
    // Still responsive: the menu navigates.
    await page.getByRole('navigation', { name: 'Chuyên mục' }).getByRole('link', { name: 'Thời sự', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Thời sự' })).toBeVisible();
    await page.unrouteAll();
    await asStaticHost(page, server);

    // Broken: 5 MB that stops in the middle, and 5 MB of something else.
    await page.route(api('/home'), (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: '{"featured": [{"title": "' + 'a'.repeat(FIVE_MB) }),
    );
    await page.goto(server.url + '/');
    await expect(page.getByRole('alert')).toContainText(/bị lỗi hoặc không đầy đủ/);
    await page.unrouteAll();
    await asStaticHost(page, server);
    await page.route(api(`/articles/${SEED_ID}`), (route) =>
      route.fulfill({ status: 200, contentType: 'application/octet-stream', body: Buffer.alloc(FIVE_MB, 0xa7) }),
    );
    await page.goto(server.url + SEED_PATH);
    await expect(page.getByRole('alert')).toContainText(/không đúng định dạng/);
    await page.unrouteAll();
    await asStaticHost(page, server);
    await page.getByRole('alert').getByRole('button', { name: 'Thử lại' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(SEED_TITLE);
    expect(errors).toEqual([]);
  });
});

test.describe('data at the edges of the contract', () => {
  test.use({ viewport: { width: 360, height: 740 } });

  const words = 'Tỉnh ủy Hà Giang tổ chức hội nghị sơ kết công tác dân vận thực hiện quy chế dân chủ ở cơ sở '.split(' ');
  const longTitle = (seed: number) => {
    let t = '';
    for (let i = 0; t.length < 1000; i++) t += words[(i + seed) % words.length] + ' ';
    return t.slice(0, 1000);
  };
  // No spaces at all: a pasted URL or a run of characters.
  const unbroken = 'https://hagiang.gov.vn/' + 'Đ'.repeat(977);

  test('1,000-character titles keep the page inside a 360 px screen', async ({ page }) => {
    const errors = watchErrors(page);
    let n = 0;
    const retitle = (s: any) => ({ ...s, title: n++ % 2 ? longTitle(n) : unbroken, sapo: longTitle(n + 3) });
    await editJson(page, api('/home'), (h) => ({
      ...h,
      featured: h.featured.map(retitle),
      latest: h.latest.map(retitle),
      most_read: h.most_read.map(retitle),
      sections: h.sections.map((s: any) => ({ ...s, items: s.items.map(retitle) })),
    }));
    await editJson(page, api('/articles'), (p) => ({ ...p, items: p.items.map(retitle) }));
    await editJson(page, api(`/articles/${SEED_ID}`), (a) => ({
      ...a,
      title: unbroken,
      sapo: longTitle(1),
      author: unbroken.slice(0, 300),
      tags: [unbroken.slice(0, 200), longTitle(2)],
      related: a.related.map(retitle),
    }));
    expect(unbroken.length).toBe(1000);
    await page.goto(server.url + '/');
    await expect(page.getByRole('heading', { name: 'Tin mới nhất' })).toBeVisible();
    await noHorizontalScroll(page, 'home');
    await page.goto(server.url + '/chuyen-muc/thoi-su');
    await expect(page.getByRole('heading', { level: 1, name: 'Thời sự' })).toBeVisible();
    await expect(page.locator('main').getByRole('link').first()).toBeVisible();
    await noHorizontalScroll(page, 'category');
    await page.goto(server.url + SEED_PATH);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(unbroken);
    await noHorizontalScroll(page, 'article');
    expect(errors).toEqual([]);
  });

  test('missing optional fields, nulls and unknown fields are all fine', async ({ page }) => {
    const errors = watchErrors(page);
    const strip = (s: any) => {
      const { thumbnail, ...rest } = s;
      return { ...rest, comment_count: s.comment_count, 'x-unknown': { nested: [1, 'a', null] } };
    };
    await editJson(page, api('/home'), (h) => ({
      ...h,
      featured: h.featured.map(strip),
      latest: h.latest.map((s: any) => ({ ...s, thumbnail: null })),
      most_read: h.most_read.map(strip),
      sections: h.sections.map((s: any) => ({ ...s, items: s.items.map(strip), extra: true })),
      future_field: { a: 1 },
    }));
    await editJson(page, api('/site'), (s) => {
      const { tagline, ...rest } = s;
      return { ...rest, theme: 'dark', categories: s.categories.map((c: any) => ({ ...c, color: '#f00' })) };
    });
    await editJson(page, api(`/articles/${SEED_ID}`), (a) => {
      const { updated_at, author, thumbnail, ...rest } = a;
      return { ...rest, related: a.related.map(strip), video: { url: 'x' }, comments_open: true };
    });
    await editJson(page, api('/weather'), (w) => ({ ...w, temperature_c: null, condition: null, icon: null, humidity: null, observed_at: null, wind: 3 }));
    await page.goto(server.url + '/');
    await expect(page.getByRole('heading', { name: 'Tin mới nhất' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Thời sự' })).toBeVisible();
    await expect(page.locator('header')).not.toContainText('°C');
    await page.goto(server.url + SEED_PATH);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(SEED_TITLE);
    await expect(page.locator('.article-body')).toContainText('Trong 6 tháng đầu năm 2022');
    await expect(page.locator('.byline')).toHaveCount(0);
    await expect(page.getByRole('alert')).toHaveCount(0);
    expect(errors).toEqual([]);
  });

  test('an unknown weather icon is shown as no icon, with the temperature', async ({ page }) => {
    const errors = watchErrors(page);
    await editJson(page, api('/weather'), (w) => ({ ...w, temperature_c: 21.4, icon: 'volcanic-ash', condition: 'Tro bụi' }));
    await page.goto(server.url + '/');
    const weather = page.getByRole('group', { name: 'Thời tiết' });
    await expect(weather.getByText(/^21°C$/)).toBeVisible();
    await expect(weather.locator('svg')).toHaveCount(0);
    await expect(page.getByRole('alert')).toHaveCount(0);
    expect(errors).toEqual([]);
  });

  test('times with other offsets are shown in Vietnam time', async ({ page }) => {
    const errors = watchErrors(page);
    const cases: [string, string][] = [
      ['2022-07-01T03:15:00-05:00', '15:15, 01/07/2022'],
      ['2022-07-01T08:15:00Z', '15:15, 01/07/2022'],
      ['2022-07-01T08:15:00.250+00:00', '15:15, 01/07/2022'],
      ['2022-06-30T23:30:00-05:00', '11:30, 01/07/2022'],
      ['2022-07-01T22:45:00+09:30', '20:15, 01/07/2022'],
      ['2022-06-30T17:05:00-12:00', '12:05, 01/07/2022'],
    ];
    for (const [published, shown] of cases) {
      await page.unrouteAll();
      await asStaticHost(page, server);
      await editJson(page, api(`/articles/${SEED_ID}`), (a) => ({ ...a, published_at: published, updated_at: '2022-07-02T01:00:00Z' }));
      await page.goto(server.url + SEED_PATH);
      const time = page.locator('.article-meta time');
      await expect(time, published).toHaveText(shown);
      await expect(time).toHaveAttribute('datetime', published);
      await expect(page.locator('.article-meta')).toContainText('Cập nhật 08:00, 02/07/2022');
    }
    expect(errors).toEqual([]);
  });
});
