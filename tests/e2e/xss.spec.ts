// The body_html sanitizer against a corpus of XSS vectors (tests/xss/vectors.json), in real
// Chromium: each vector is served as the body of an article and rendered by the app. The
// page's Content-Security-Policy is removed for this test, so that the sanitizer alone is
// what stops them. For every vector: no payload runs (alert/confirm/prompt/print, xss(),
// window.__xss), no request leaves for another origin, the page does not navigate, and the
// article body holds only allowed elements and attributes with safe URLs.
//
// Vectors are rendered in batches, each vector after a text marker. A vector that swallows
// what follows it (an unclosed <textarea>, <plaintext>, a comment…) hides the next markers;
// the next batch then starts right after it, so every vector is rendered in a context where
// the vectors before it did not change how it parses.
import { test, expect, Page, Route } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { asStaticHost, PortalServer, SEED_ID, SEED_PATH } from './server';

const EXAMPLES = path.resolve(__dirname, '../../../shared/api/examples');
const CORPUS = path.resolve(__dirname, '../xss/vectors.json');
const BATCH = 30;

type Vector = { group: string; html: string };
const corpus: Vector[] = JSON.parse(readFileSync(CORPUS, 'utf8')).vectors;

/** What the sanitizer may produce: tag → allowed attributes (mirrors src/sanitize/policy.rs). */
const ALLOWED: Record<string, string[]> = {
  a: ['href', 'title', 'rel'],
  img: ['src', 'alt', 'width', 'height', 'title', 'loading', 'decoding'],
  td: ['colspan', 'rowspan'],
  th: ['colspan', 'rowspan', 'scope'],
  ol: ['start'],
  abbr: ['title'],
  time: ['datetime'],
};
for (const t of [
  'p', 'br', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'b', 'em', 'i', 'u', 's', 'sub', 'sup',
  'small', 'mark', 'ul', 'li', 'blockquote', 'q', 'cite', 'figure', 'figcaption', 'table',
  'thead', 'tbody', 'tfoot', 'tr', 'caption', 'hr', 'code', 'pre', 'dl', 'dt', 'dd',
]) {
  ALLOWED[t] = [];
}

const marker = (i: number) => `⟦xss-${i}⟧`;

// Requests must reach `page.route`, not a service worker's own fetches.
test.use({ serviceWorkers: 'block' });

let server: PortalServer;
test.beforeAll(async () => {
  server = await PortalServer.start();
});
test.afterAll(async () => {
  await server?.dispose();
});

// The API's answers are faked in the browser: pages come as from a static host, so the app
// asks for them (see asStaticHost).
test.beforeEach(async ({ page }) => {
  await asStaticHost(page, server);
});

test('the corpus has at least 150 distinct vectors in every group', () => {
  expect(corpus.length).toBeGreaterThanOrEqual(150);
  expect(new Set(corpus.map((v) => v.html)).size).toBe(corpus.length);
  const groups = new Set(corpus.map((v) => v.group));
  for (const g of ['script', 'event-handler', 'url', 'svg', 'mathml', 'srcdoc-frames-plugins', 'form-formaction', 'css', 'broken-nested', 'mutation']) {
    expect(groups, g).toContain(g);
  }
});

/** Records every way a payload can show that it ran. */
const HOOKS = () => {
  const w = window as any;
  w.__xssHits = [];
  const hit = (how: string) => (...args: unknown[]) => {
    w.__xssHits.push(`${how}(${args.map(String).join(',')})`);
  };
  w.alert = hit('alert');
  w.confirm = hit('confirm');
  w.prompt = hit('prompt');
  w.print = hit('print');
  w.xss = hit('xss');
  Object.defineProperty(w, '__xss', {
    configurable: false,
    get: () => undefined,
    set: (v: unknown) => w.__xssHits.push(`__xss=${String(v)}`),
  });
};

interface Render {
  problems: string[];
  text: string;
  hits: string[];
  url: string;
  baseURI: string;
  documentProblems: string[];
}

/** The page with the article `body()` returns and no CSP; records foreign requests. */
class Harness {
  body = '<p>ok</p>';
  readonly foreign: string[] = [];
  readonly pageErrors: string[] = [];
  /** The text of the page's own inline scripts and styles, as the server sent index.html. */
  own: string[] = [];

  constructor(readonly page: Page, readonly origin: string) {}

  async setup(): Promise<void> {
    const article = JSON.parse(readFileSync(path.join(EXAMPLES, 'article-1024.json'), 'utf8'));
    this.page.on('pageerror', (e) => this.pageErrors.push(String(e)));
    this.page.on('request', (r) => {
      const u = r.url();
      if (/^https?:/.test(u) && new URL(u).origin !== this.origin) this.foreign.push(u);
    });
    await this.page.addInitScript(HOOKS);
    await this.page.route('**/*', async (route: Route) => {
      const req = route.request();
      const url = req.url();
      if (!/^https?:/.test(url) || new URL(url).origin !== this.origin) {
        this.foreign.push(url);
        return route.abort('blockedbyclient');
      }
      if (new URL(url).pathname === `/api/v1/articles/${SEED_ID}`) {
        return route.fulfill({
          status: 200,
          contentType: 'application/json; charset=utf-8',
          body: JSON.stringify({ ...article, body_html: this.body }),
        });
      }
      if (req.resourceType() === 'document') {
        // The sanitizer on its own: no Content-Security-Policy behind it. The page as a
        // static host sends it, so that the app asks for the article faked here.
        const response = await route.fetch({ url: `${this.origin}/index.html` });
        this.own = [...(await response.text()).matchAll(/<(script|style)\b[^>]*>([\s\S]*?)<\/\1>/gi)].map((m) => m[2]);
        const headers = { ...response.headers() };
        delete headers['content-security-policy'];
        return route.fulfill({ response, headers });
      }
      return route.continue();
    });
  }

  async load(html: string, firstMarker: string): Promise<void> {
    this.body = html;
    await this.page.goto(server.url + SEED_PATH);
    await expect(this.page.locator('.article-body')).toContainText(firstMarker);
  }

  /** Lets leaked handlers fire (pictures load or fail, the mouse passes over), then looks. */
  async inspect(): Promise<Render> {
    const page = this.page;
    await page.evaluate(async () => {
      const imgs = [...document.querySelectorAll<HTMLImageElement>('.article-body img')];
      for (const img of imgs) img.loading = 'eager';
      await Promise.all(
        imgs.map((img) => (img.complete ? null : new Promise((r) => { img.addEventListener('load', r); img.addEventListener('error', r); setTimeout(r, 2000); }))),
      );
    });
    const box = await page.locator('.article-body').boundingBox();
    if (box) {
      for (let y = box.y + 5; y < Math.min(box.y + box.height, 2000); y += 120) {
        await page.mouse.move(box.x + box.width / 2, y);
      }
    }
    await page.waitForTimeout(250);
    return page.evaluate(([allowed, own]) => {
      const problems: string[] = [];
      const root = document.querySelector('.article-body')!;
      for (const el of root.querySelectorAll('*')) {
        const tag = el.localName;
        if (el.namespaceURI !== 'http://www.w3.org/1999/xhtml') problems.push(`<${tag}> in ${el.namespaceURI}`);
        const attrs = allowed[tag];
        if (!attrs) {
          problems.push(`element <${tag}>`);
          continue;
        }
        for (const a of el.attributes) {
          if (!attrs.includes(a.name)) problems.push(`<${tag} ${a.name}="${a.value}">`);
          if (a.name === 'href' || a.name === 'src') {
            const resolved = (el as HTMLAnchorElement & HTMLImageElement)[a.name as 'href' | 'src'];
            if (!/^(https?|mailto):/i.test(resolved)) problems.push(`<${tag} ${a.name}="${a.value}"> resolves to ${resolved}`);
          }
        }
        if (tag === 'a' && el.getAttribute('href') !== null && el.getAttribute('rel') !== 'noopener noreferrer nofollow') {
          problems.push(`<a href> without rel: ${el.outerHTML}`);
        }
      }
      // Nothing outside the body was added either.
      const documentProblems: string[] = [];
      for (const sel of ['iframe', 'object', 'embed', 'frame', 'base', 'meta[http-equiv]', 'svg script', 'math', 'portal']) {
        if (document.querySelector(sel)) documentProblems.push(`${sel} in the document`);
      }
      // Only the app's own inline scripts and styles, exactly as index.html has them.
      for (const s of document.querySelectorAll('script')) {
        if (!s.src && !own.includes(s.textContent!)) documentProblems.push(`script ${s.outerHTML.slice(0, 80)}`);
      }
      for (const l of document.querySelectorAll('link')) {
        if (!l.href.startsWith(location.origin)) documentProblems.push(`link ${l.outerHTML}`);
      }
      for (const s of document.querySelectorAll('style')) {
        if (!own.includes(s.textContent!)) documentProblems.push(`a <style> element: ${s.outerHTML.slice(0, 80)}`);
      }
      return {
        problems,
        text: root.textContent ?? '',
        hits: (window as any).__xssHits as string[],
        url: location.href,
        baseURI: document.baseURI,
        documentProblems,
      };
    }, [ALLOWED, this.own] as const);
  }
}

test('the checks catch markup that skips the sanitizer', async ({ page }) => {
  const h = new Harness(page, new URL(server.url).origin);
  await h.setup();
  await h.load(`<p>${marker(0)}</p>`, marker(0));
  // Put straight into the page, as a broken sanitizer would.
  await page.evaluate(() => {
    document.querySelector('.article-body')!.insertAdjacentHTML(
      'beforeend',
      '<img src="x" onerror="alert(7)"><img src="//evil.example/c.png"><a href="javascript:void(0)">j</a>' +
        '<p style="color:red" id="__xss">s</p><iframe></iframe>',
    );
    const style = document.createElement('style');
    style.textContent = 'p{}';
    document.body.append(style);
  });
  const r = await h.inspect();
  expect(r.hits).toContain('alert(7)');
  expect(h.foreign.join(' ')).toContain('evil.example/c.png');
  expect(r.problems.join(' ')).toContain('onerror');
  expect(r.problems.join(' ')).toContain('resolves to javascript:');
  expect(r.problems.join(' ')).toContain('style');
  expect(r.problems.join(' ')).toContain('element <iframe>');
  expect(r.documentProblems).toContain('iframe in the document');
  expect(r.documentProblems.join(' ')).toContain('a <style> element: <style>p{}</style>');
});

test('no vector of the corpus gets through the sanitizer', async ({ page }) => {
  test.setTimeout(180_000);
  const h = new Harness(page, new URL(server.url).origin);
  await h.setup();
  const { foreign, pageErrors } = h;

  const failures: string[] = [];
  let loads = 0;
  let start = 0;
  while (start < corpus.length) {
    const batch = corpus.slice(start, start + BATCH);
    const html = batch.map((v, k) => `<p>${marker(start + k)}</p>${v.html}`).join('\n');
    const before = { foreign: foreign.length, errors: pageErrors.length };
    await h.load(html, marker(start));
    const r = await h.inspect();
    loads++;
    // Vectors that were rendered whole: up to the first one whose next marker is missing.
    let done = 1;
    while (done < batch.length && r.text.includes(marker(start + done))) done++;
    const tested = batch.slice(0, done).map((v, k) => `#${start + k} [${v.group}] ${v.html.slice(0, 120)}`);
    const where = `batch of vectors ${start}..${start + done - 1}:\n  ${tested.join('\n  ')}`;
    if (r.hits.length) failures.push(`payload ran (${r.hits.join(', ')}) in ${where}`);
    if (r.problems.length) failures.push(`${r.problems.join('; ')} in ${where}`);
    if (r.documentProblems.length) failures.push(`${r.documentProblems.join('; ')} in ${where}`);
    if (foreign.length > before.foreign) failures.push(`requests to ${foreign.slice(before.foreign).join(', ')} in ${where}`);
    if (pageErrors.length > before.errors) failures.push(`page errors ${pageErrors.slice(before.errors).join(', ')} in ${where}`);
    if (!r.url.startsWith(server.url + SEED_PATH) || !r.baseURI.startsWith(server.url)) failures.push(`navigated to ${r.url} (base ${r.baseURI}) in ${where}`);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    start += done;
  }
  console.log(`xss corpus: ${corpus.length} vectors rendered in ${loads} page loads`);
  expect(failures).toEqual([]);
});
