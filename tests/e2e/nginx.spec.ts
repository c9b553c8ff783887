// The nginx configurations of docs/deployment.md, run by Debian's nginx on loopback: static
// hosting (deploy/nginx/portal.conf.template, rendered with deploy/nginx/render.sh, in front of
// the built app and the API): its headers (caching, compression, CSP, SPA fallback, 404s), then a
// reader's journey through it in Chromium: home → article → a comment waiting for review.
// Then nginx in front of two front servers (deploy/nginx/front.conf.template, rendered with
// render-front.sh): pages with their previews from either, and readers served while one is down.
//
// `cargo xtask test` installs nginx when it is missing and requires this test to run
// (PORTAL_REQUIRE_NGINX=1); run by hand without nginx, it is skipped.
import { test, expect } from '@playwright/test';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, statSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, PortalServer, reachCommentForm } from './server';

const NGINX = process.env.NGINX_BIN || '/usr/sbin/nginx';
const BIN = process.env.PORTAL_SERVER_BIN || path.resolve(__dirname, '../../target/release/portal-server');
const DIST = path.resolve(process.env.PORTAL_DIST || path.resolve(__dirname, '../../dist'));
const RENDER = path.resolve(__dirname, '../../deploy/nginx/render.sh');
const RENDER_FRONT = path.resolve(__dirname, '../../deploy/nginx/render-front.sh');

const haveNginx = existsSync(NGINX);

/** nginx as a child process, with everything (pid, logs, temp files) in its own folder. */
class Nginx {
  private proc?: ChildProcess;
  private log = '';
  readonly dir = mkdtempSync(path.join(tmpdir(), 'portal-nginx-'));
  url = '';
  csp = '';

  /** Static hosting: nginx serves dist/ and proxies the API to `upstream`. */
  async start(upstream: string): Promise<void> {
    this.csp = execFileSync(BIN, ['--dist', DIST, 'csp'], { encoding: 'utf8' }).trim();
    await this.run((listen) => execFileSync(RENDER, [listen, DIST, upstream, this.csp], { encoding: 'utf8' }));
  }

  /** nginx in front of front servers at `servers` (HOST:PORT). */
  async startFront(servers: string[]): Promise<void> {
    await this.run((listen) => execFileSync(RENDER_FRONT, [listen, ...servers], { encoding: 'utf8' }));
  }

  private async run(render: (listen: string) => string): Promise<void> {
    const port = await freePort();
    this.url = `http://127.0.0.1:${port}`;
    const site = render(`127.0.0.1:${port}`);
    writeFileSync(path.join(this.dir, 'portal.conf'), site);
    for (const t of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(path.join(this.dir, t));
    const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
      .map((t, i) => `  ${t}_temp_path ${path.join(this.dir, ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'][i])};`)
      .join('\n');
    // The main file a Debian host already has, reduced to what the site needs.
    writeFileSync(
      path.join(this.dir, 'nginx.conf'),
      [
        'daemon off;',
        'worker_processes 1;',
        // As root, workers would drop to `nobody`, who cannot write the temp folders here.
        process.getuid?.() === 0 ? 'user root;' : '',
        `pid ${path.join(this.dir, 'nginx.pid')};`,
        'error_log stderr warn;',
        'events { worker_connections 256; }',
        'http {',
        '  include /etc/nginx/mime.types;',
        '  default_type application/octet-stream;',
        '  access_log off;',
        '  sendfile on;',
        temp,
        `  include ${path.join(this.dir, 'portal.conf')};`,
        '}',
        '',
      ].join('\n'),
    );
    const conf = path.join(this.dir, 'nginx.conf');
    execFileSync(NGINX, ['-t', '-q', '-p', this.dir, '-c', conf, '-e', 'stderr']);
    const proc = spawn(NGINX, ['-p', this.dir, '-c', conf, '-e', 'stderr'], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc = proc;
    proc.stdout!.on('data', (c: Buffer) => (this.log += c.toString()));
    proc.stderr!.on('data', (c: Buffer) => (this.log += c.toString()));
    const deadline = Date.now() + 15_000;
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`nginx exited with ${proc.exitCode}:\n${this.log}`);
      try {
        await get(this.url + '/');
        return;
      } catch {
        if (Date.now() > deadline) throw new Error(`nginx did not answer:\n${this.log}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  async stop(): Promise<void> {
    const proc = this.proc;
    if (proc && proc.exitCode === null) {
      await new Promise<void>((resolve) => {
        proc.once('exit', () => resolve());
        proc.kill('SIGQUIT'); // graceful stop
        setTimeout(() => proc.kill('SIGKILL'), 5_000);
      });
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };

/** A plain GET that keeps the body as sent (no decompression). */
function get(url: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
  });
}

test.describe('through nginx', () => {
  test.skip(!haveNginx && !process.env.PORTAL_REQUIRE_NGINX, `${NGINX} is not installed (apt-get install nginx)`);

  let server: PortalServer;
  let nginx: Nginx;
  test.beforeAll(async () => {
    server = await PortalServer.start(['--trust-proxy', '--comment-rate-limit', '20']);
    nginx = new Nginx();
    await nginx.start(server.url);
  });
  test.afterAll(async () => {
    await nginx?.stop();
    await server?.dispose();
  });

  test('nginx serves the app with the documented caching, compression, policy and fallbacks', async () => {
    const gzip = { 'accept-encoding': 'gzip' };
    const index = await get(nginx.url + '/', gzip);
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toMatch(/^text\/html/);
    expect(index.headers['cache-control']).toBe('no-cache');
    expect(index.headers['content-encoding']).toBe('gzip');
    expect(index.headers['content-security-policy']).toBe(nginx.csp);
    expect(nginx.csp).toMatch(/script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/]+=*'/);
    expect(nginx.csp).toMatch(/style-src 'self' 'sha256-[A-Za-z0-9+/]+=*'/);

    // Deep links are the app; missing files and API paths are not.
    for (const p of ['/bai-viet/1024/so-ket', '/chuyen-muc/thoi-su', '/tim-kiem?q=dan%20van']) {
      const r = await get(nginx.url + p);
      expect(r.status, p).toBe(200);
      expect(r.headers['content-type'], p).toMatch(/^text\/html/);
      expect(r.headers['cache-control'], p).toBe('no-cache');
      expect(r.headers['content-security-policy'], p).toBe(nginx.csp);
    }
    expect((await get(nginx.url + '/portal-0123456789abcdef.js')).status).toBe(404);
    expect((await get(nginx.url + '/khong-co.png')).status).toBe(404);
    const api404 = await get(nginx.url + '/api/v1/khong-co');
    expect(api404.status).toBe(404);
    expect(JSON.parse(api404.body.toString()).error).toBe('not_found');
    const site = await get(nginx.url + '/api/v1/site');
    expect(site.status).toBe(200);
    expect(site.headers['content-type']).toBe('application/json; charset=utf-8');

    // Hashed build output: cached for a year, compressed, the right types.
    const files = readdirSync(DIST);
    // The main JS and wasm, the chunk loader and the chunks (tools/build-wasm.mjs), and the
    // stylesheet of what only the app draws (style/later.css; the rest is inline).
    const hashed = files.filter((f) => /-[0-9a-f]{8,16}(_bg)?\.(js|wasm|css)$/.test(f));
    expect([...new Set(hashed.map((f) => path.extname(f)))].sort()).toEqual(['.css', '.js', '.wasm']);
    expect(hashed.length).toBeGreaterThan(3);
    for (const f of hashed) {
      const r = await get(`${nginx.url}/${f}`, gzip);
      expect(r.status, f).toBe(200);
      expect(r.headers['cache-control'], f).toBe('public, max-age=31536000, immutable');
      // The build's own level-9 copy (gzip_static), not one made on the fly; files under
      // 1 KB have none (tools/precompress.mjs) and go as they are.
      if (!files.includes(f + '.gz')) {
        expect(statSync(path.join(DIST, f)).size, f).toBeLessThan(1024);
        continue;
      }
      expect(r.headers['content-encoding'], f).toBe('gzip');
      expect(r.body.equals(readFileSync(path.join(DIST, f + '.gz'))), f).toBe(true);
      const type = { '.js': /javascript/, '.wasm': /^application\/wasm$/, '.css': /^text\/css/ }[path.extname(f)]!;
      expect(r.headers['content-type'], f).toMatch(type);
    }
    // The service worker and the manifest, when the build has them.
    if (files.includes('sw.js')) {
      const sw = await get(nginx.url + '/sw.js');
      expect(sw.status).toBe(200);
      expect(sw.headers['cache-control']).toBe('no-cache');
    }
    for (const f of files.filter((f) => f.endsWith('.webmanifest'))) {
      expect((await get(`${nginx.url}/${f}`)).headers['content-type']).toMatch(/^application\/manifest\+json/);
    }
    // Pictures come through the proxy.
    const jpg = await get(nginx.url + '/media/2022/07/so-ket-dan-van-1.jpg');
    expect(jpg.status).toBe(200);
    expect(jpg.headers['content-type']).toBe('image/jpeg');
  });

  test('a reader goes home → article → comment through nginx', async ({ page }) => {
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
    });
    await page.goto(nginx.url + '/');
    await expect(page.getByRole('heading', { name: 'Tin mới nhất' })).toBeVisible();
    const link = page.getByRole('region', { name: 'Tin nổi bật' }).getByRole('link').filter({ hasText: /\S/ }).first();
    const title = (await link.textContent())!.trim();
    await link.click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
    await expect(page).toHaveURL(/\/bai-viet\/\d+\/[a-z0-9-]+$/);
    const articleId = Number(/\/bai-viet\/(\d+)\//.exec(page.url())![1]);
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
    await reachCommentForm(page);

    const text = `Ý kiến gửi qua nginx ${Date.now()}`;
    await page.getByLabel('Họ tên').fill('Giàng A Sử');
    await page.getByLabel('Email').fill('su@example.vn');
    await page.getByLabel('Nội dung').fill(text);
    await page.getByRole('button', { name: 'Gửi ý kiến' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'đang chờ biên tập viên duyệt' })).toBeVisible();
    const stored = server.pending().filter((c) => c.content === text);
    expect(stored).toHaveLength(1);
    expect(stored[0].article).toBe(articleId);
    expect(problems).toEqual([]);
  });
});

test.describe('nginx in front of two front servers', () => {
  test.skip(!haveNginx && !process.env.PORTAL_REQUIRE_NGINX, `${NGINX} is not installed (apt-get install nginx)`);

  let server: PortalServer;
  let nginx: Nginx;
  let second: { url: string; stop: () => Promise<void> };
  test.beforeAll(async () => {
    server = await PortalServer.start(['--trust-proxy', '--comment-rate-limit', '20']);
    second = await server.addFront();
    nginx = new Nginx();
    await nginx.startFront([new URL(server.url).host, new URL(second.url).host]);
  });
  test.afterAll(async () => {
    await nginx?.stop();
    await server?.dispose();
  });

  test('pages keep their previews and status codes, and readers are served while one is down', async ({ page }) => {
    const article = JSON.parse((await get(nginx.url + '/api/v1/articles/1024')).body.toString());
    const canonical = `/bai-viet/1024/${article.slug}`;
    // Round robin: several requests reach both front servers; each answers the same page.
    const bodies = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const r = await get(nginx.url + canonical, { 'user-agent': 'facebookexternalhit/1.1' });
      expect(r.status).toBe(200);
      expect(r.headers['cache-control']).toMatch(/stale-while-revalidate/);
      const html = r.body.toString();
      expect(html).toContain('<meta property="og:type" content="article">');
      // Canonical URLs follow the address the reader used, as nginx passes it on.
      expect(html).toContain(`<link rel="canonical" href="${nginx.url}${canonical}">`);
      bodies.add(r.headers.etag as string);
    }
    expect(bodies.size).toBe(1);
    expect((await get(nginx.url + '/bai-viet/999999')).status).toBe(404);
    const moved = await get(nginx.url + '/bai-viet/1024');
    expect(moved.status).toBe(301);
    expect(moved.headers.location).toBe(canonical);

    // One front server stops: nginx sends everything to the other.
    await second.stop();
    for (let i = 0; i < 4; i++) expect((await get(nginx.url + canonical)).status).toBe(200);
    await page.goto(nginx.url + canonical);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(article.title);
    await reachCommentForm(page);
    const text = `Ý kiến qua hai máy chủ ${Date.now()}`;
    await page.getByLabel('Họ tên').fill('Lò Thị Mai');
    await page.getByLabel('Email').fill('mai@example.vn');
    await page.getByLabel('Nội dung').fill(text);
    await page.getByRole('button', { name: 'Gửi ý kiến' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'đang chờ biên tập viên duyệt' })).toBeVisible();
    expect(server.pending().filter((c) => c.content === text)).toHaveLength(1);
  });
});
