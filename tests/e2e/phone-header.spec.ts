// The first screen on a phone (issue #14): a compact header whose menu, search and reading
// settings open behind buttons, so the article's headline starts in the top quarter; wider
// screens keep the full header. Panels are used by keyboard alone and pass axe.
import { test, expect, Locator, Page, Route } from '@playwright/test';
import { expectNoViolations, PortalServer, watchErrors, SEED_PATH, SEED_TITLE } from './server';

const PHONE = { width: 412, height: 823 };

let server: PortalServer;
test.beforeAll(async () => {
  server = await PortalServer.start();
});
test.afterAll(async () => {
  await server?.dispose();
});

/** Presses Tab until `target` has the focus, as a keyboard user gets there. */
async function tabTo(page: Page, target: Locator) {
  for (let i = 0; i < 15 && !(await target.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}

/** The seed article at phone size, reached from the top of the page by keyboard. */
async function openSeedOnPhone(page: Page) {
  await page.setViewportSize(PHONE);
  await page.goto(server.url + SEED_PATH);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(SEED_TITLE);
  await expect(page.getByRole('group', { name: 'Thời tiết' }).getByText(/^-?\d+°C$/)).toBeVisible();
}

test.describe('at 412 × 823', () => {
  test.use({ viewport: PHONE });

  test("an article's headline starts within the top quarter of the screen", async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto(server.url + '/');
    const link = page.getByRole('region', { name: 'Tin nổi bật' }).getByRole('link').filter({ hasText: /\S/ }).first();
    const title = (await link.textContent())!.trim();
    await link.click();
    const headline = page.getByRole('heading', { level: 1 });
    await expect(headline).toHaveText(title);
    await page.waitForLoadState('networkidle');
    const box = (await headline.boundingBox())!;
    expect(box.y).toBeLessThanOrEqual(PHONE.height / 4);

    // The header: logo, the weather in one line, and three buttons; the rest waits behind them.
    const header = page.getByRole('banner');
    await expect(header.getByRole('link').first()).toBeVisible();
    const weather = header.getByRole('group', { name: 'Thời tiết' });
    await expect(weather.getByText(/^-?\d+°C$/)).toBeVisible();
    await expect(weather.getByLabel('Chọn nơi xem thời tiết')).toBeVisible();
    expect((await weather.boundingBox())!.height).toBeLessThanOrEqual(40);
    for (const name of ['Tìm kiếm', 'Cài đặt đọc', 'Chuyên mục']) {
      await expect(header.getByRole('button', { name, exact: true })).toBeVisible();
    }
    await expect(page.getByRole('navigation', { name: 'Chuyên mục' })).toBeHidden();
    await expect(page.getByRole('search')).toBeHidden();
    await expect(page.getByRole('button', { name: 'Tăng cỡ chữ' })).toBeHidden();
    // Nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    expect(errors).toEqual([]);
  });

  test("the article's listen and share controls take one line", async ({ page }) => {
    await page.goto(server.url + SEED_PATH);
    const listen = page.getByRole('button', { name: 'Nghe đọc bài' });
    const share = page.getByRole('group', { name: 'Chia sẻ bài viết' });
    await expect(listen).toBeVisible();
    const controls = [listen, share.getByRole('button', { name: 'Sao chép liên kết' }), share.getByRole('link', { name: 'Facebook' }), share.getByRole('link', { name: 'Zalo' })];
    const top = (await listen.boundingBox())!.y;
    for (const c of controls) {
      await expect(c).toBeInViewport({ ratio: 1 });
      expect((await c.boundingBox())!.y).toBe(top);
    }
  });

  test('the menu opens and closes by keyboard, and a link in it closes it', async ({ page }) => {
    const errors = watchErrors(page);
    await openSeedOnPhone(page);
    const button = page.getByRole('button', { name: 'Chuyên mục', exact: true });
    const menu = page.getByRole('navigation', { name: 'Chuyên mục' });
    await expect(button).toHaveAttribute('aria-expanded', 'false');
    await tabTo(page, button);
    await page.keyboard.press('Enter');
    await expect(menu).toBeVisible();
    expect(await button.getAttribute('aria-controls')).toBe(await menu.evaluate((el) => el.id));
    await expect(button).toHaveAttribute('aria-expanded', 'true');
    // The menu comes next in the focus order, and covers the page without moving it.
    expect((await page.getByRole('heading', { level: 1 }).boundingBox())!.y).toBeLessThanOrEqual(PHONE.height / 4);
    await page.keyboard.press('Tab');
    await expect(menu.getByRole('link', { name: 'Trang chủ' })).toBeFocused();
    await expectNoViolations(page, 'menu open');
    await page.keyboard.press('Escape');
    await expect(menu).toBeHidden();
    await expect(button).toBeFocused();
    await expect(button).toHaveAttribute('aria-expanded', 'false');

    // A category from the menu: the page changes and the menu is gone.
    await page.keyboard.press('Enter');
    await expect(menu).toBeVisible();
    await tabTo(page, menu.getByRole('link', { name: 'Thể thao', exact: true }));
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: 'Thể thao' })).toBeVisible();
    await expect(menu).toBeHidden();
    await expect(button).toHaveAttribute('aria-expanded', 'false');
    await expect(page.getByRole('main')).toBeFocused();
    expect(errors).toEqual([]);
  });

  test('the search opens on its field, closes with Escape, and searches', async ({ page }) => {
    const errors = watchErrors(page);
    await openSeedOnPhone(page);
    const button = page.getByRole('button', { name: 'Tìm kiếm', exact: true });
    const search = page.getByRole('search', { name: 'Tìm kiếm nhanh' });
    const field = search.getByRole('searchbox', { name: 'Tìm kiếm bài viết' });
    await expect(search).toBeHidden();

    await tabTo(page, button);
    await page.keyboard.press('Enter');
    await expect(field).toBeFocused();
    expect(await button.getAttribute('aria-controls')).toBe(await search.evaluate((el) => el.id));
    await expect(button).toHaveAttribute('aria-expanded', 'true');
    await expectNoViolations(page, 'search open');
    await page.keyboard.press('Escape');
    await expect(search).toBeHidden();
    await expect(button).toBeFocused();
    await expect(button).toHaveAttribute('aria-expanded', 'false');

    await page.keyboard.press('Enter');
    await expect(field).toBeFocused();
    await page.keyboard.type('dan van');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/tim-kiem\?q=dan%20van/);
    await expect(page.getByRole('link', { name: SEED_TITLE })).toBeVisible();
    await expect(search).toBeHidden();
    expect(errors).toEqual([]);
  });

  test('text size and theme work from the reading settings, by keyboard', async ({ page }) => {
    const errors = watchErrors(page);
    await openSeedOnPhone(page);
    const button = page.getByRole('button', { name: 'Cài đặt đọc', exact: true });
    const panel = page.getByRole('group', { name: 'Tùy chỉnh hiển thị' });
    await expect(panel).toBeHidden();

    await tabTo(page, button);
    await page.keyboard.press('Enter');
    await expect(panel).toBeVisible();
    await expect(page.locator(`#${await button.getAttribute('aria-controls')}`).getByRole('group', { name: 'Tùy chỉnh hiển thị' })).toBeVisible();
    await expect(button).toHaveAttribute('aria-expanded', 'true');
    await expectNoViolations(page, 'reading settings open');
    // Into the panel, then two steps bigger.
    await page.keyboard.press('Tab');
    await expect(panel.getByRole('button', { name: 'Giảm cỡ chữ' })).toBeFocused();
    const bigger = panel.getByRole('button', { name: 'Tăng cỡ chữ' });
    await tabTo(page, bigger);
    const base = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await expect(page.locator('html')).toHaveAttribute('data-text-size', '130');
    const size = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
    expect(size / base).toBeCloseTo(1.3, 2);
    await expect(panel).toBeVisible();
    const theme = panel.getByLabel('Giao diện');
    await tabTo(page, theme);
    await theme.selectOption({ label: 'Tối' });
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await expect(panel).toBeVisible();
    await expectNoViolations(page, 'reading settings open (dark)');
    await page.keyboard.press('Escape');
    await expect(panel).toBeHidden();
    await expect(button).toBeFocused();
    await expect(button).toHaveAttribute('aria-expanded', 'false');

    // Remembered, with the compact header at the larger text.
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(SEED_TITLE);
    await expect(page.locator('html')).toHaveAttribute('data-text-size', '130');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(20, 24, 29)');
    await expect(button).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    expect(errors).toEqual([]);
  });

  test('one panel at a time, and a tap outside closes it', async ({ page }) => {
    await openSeedOnPhone(page);
    const menu = page.getByRole('navigation', { name: 'Chuyên mục' });
    await page.getByRole('button', { name: 'Chuyên mục', exact: true }).click();
    await expect(menu).toBeVisible();
    await page.getByRole('button', { name: 'Cài đặt đọc', exact: true }).click();
    await expect(page.getByRole('group', { name: 'Tùy chỉnh hiển thị' })).toBeVisible();
    await expect(menu).toBeHidden();
    await expect(page.getByRole('button', { name: 'Chuyên mục', exact: true })).toHaveAttribute('aria-expanded', 'false');
    await page.mouse.click(200, 700);
    await expect(page.getByRole('group', { name: 'Tùy chỉnh hiển thị' })).toBeHidden();
    await expect(page.getByRole('button', { name: 'Cài đặt đọc', exact: true })).toHaveAttribute('aria-expanded', 'false');
  });
});

test('at 1280 px the full header is shown, with no panel buttons', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 823 });
  await page.goto(server.url + SEED_PATH);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(SEED_TITLE);
  const header = page.getByRole('banner');
  const site = await (await fetch(server.url + '/api/v1/site')).json();
  await expect(header.getByText(/^(Thứ .+|Chủ nhật), \d{2}\/\d{2}\/\d{4}$/)).toBeVisible();
  await expect(header.getByText(site.name)).toBeVisible();
  await expect(header.getByRole('group', { name: 'Thời tiết' }).getByLabel('Chọn nơi xem thời tiết')).toBeVisible();
  for (const name of ['Giảm cỡ chữ', 'Cỡ chữ mặc định', 'Tăng cỡ chữ']) {
    await expect(header.getByRole('button', { name })).toBeVisible();
  }
  await expect(header.getByLabel('Giao diện')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Chuyên mục' }).getByRole('link', { name: 'Thời sự', exact: true })).toBeVisible();
  await expect(page.getByRole('search').getByRole('searchbox', { name: 'Tìm kiếm bài viết' })).toBeVisible();
  for (const name of ['Tìm kiếm', 'Cài đặt đọc', 'Chuyên mục']) {
    await expect(header.getByRole('button', { name, exact: true })).toBeHidden();
  }
  await expectNoViolations(page, 'full header');
});

for (const viewport of [PHONE, { width: 1280, height: 823 }]) {
  test(`at ${viewport.width} px the boot screen's header is as tall as the app's, and the headline stays put`, async ({ page }) => {
    await page.setViewportSize(viewport);
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    await page.route(/\.wasm$/, async (route: Route) => {
      await released;
      await route.continue();
    });
    await page.goto(server.url + SEED_PATH, { waitUntil: 'commit' });
    await expect(page.locator('#boot h1')).toHaveText(SEED_TITLE);
    const bootHeader = (await page.locator('#boot .site-header').boundingBox())!;
    const bootTitle = (await page.locator('#boot h1').boundingBox())!;
    release();
    await expect(page.locator('#boot')).toHaveCount(0);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(SEED_TITLE);
    const header = (await page.getByRole('banner').boundingBox())!;
    expect(header.height).toBe(bootHeader.height);
    expect((await page.getByRole('heading', { level: 1 }).boundingBox())!.y).toBe(bootTitle.y);
  });
}
