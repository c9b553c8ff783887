// The portal's service worker. `tools/gen-sw.mjs` fills in the version and the precache
// list at build time from Trunk's hashed output.
const VERSION = '__PORTAL_VERSION__';
const PRECACHE = ["__PORTAL_PRECACHE__"];

const SHELL = 'portal-shell-' + VERSION;
// Every runtime cache is bounded; the oldest entries go first.
const CACHES = {
  pages: { name: 'portal-pages', entries: 10, bytes: 2e6 }, // /site, /home
  // Lists, comments, weather, and the broadcast answers: channels, shows, programme lists and
  // pages, and a schedule per channel and day (15 days × 2 channels = 30 on their own), so
  // the last schedule a reader looked at still opens offline after a day of reading articles.
  api: { name: 'portal-api', entries: 300, bytes: 12e6 },
  recent: { name: 'portal-recent', entries: 50, bytes: 10e6 }, // the last 50 articles opened
  images: { name: 'portal-images', entries: 400, bytes: 40e6 },
  saved: { name: 'portal-saved', entries: 1000, bytes: 150e6 }, // "Lưu đọc sau": articles and their photos
  // "Tải về": audio programmes to hear offline. A cheap phone has a few GB free; 300 MB is
  // hours of speech radio without crowding out the reader's photos and apps.
  downloads: { name: 'portal-downloads', entries: 30, bytes: 300e6 },
};
const SAVED_MAX_ARTICLES = 100;
const NETWORK_TIMEOUT_MS = 4000;
const FETCHED_AT = 'x-portal-fetched-at';
const SIZE = 'x-portal-size';

// The API base comes from the page that registered the worker (`/sw.js?api=…`).
const API = new URL(new URL(self.location.href).searchParams.get('api') || '/api/v1', self.location.origin).href.replace(/\/$/, '');

// Files with a content hash in their name never change: the copy the page has just downloaded
// (the main wasm) is taken from the HTTP cache, not fetched a second time. The rest (the page,
// icons, manifest) may be stale there and is asked of the server.
const HASHED = /-[0-9a-f]{8,16}[._]/;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(SHELL).then((cache) =>
      cache.addAll(PRECACHE.map((u) => new Request(u, { cache: HASHED.test(u) ? 'default' : 'reload' }))),
    ),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith('portal-shell-') && name !== SHELL) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  const data = event.data || {};
  const reply = (value) => event.ports && event.ports[0] && event.ports[0].postMessage(value);
  if (data.type === 'skip-waiting') self.skipWaiting();
  else if (data.type === 'version') reply(VERSION);
  else if (data.type === 'save') event.waitUntil(saveArticle(data.url).then(reply, (e) => reply({ ok: false, error: String(e) })));
  else if (data.type === 'unsave') event.waitUntil(unsaveArticle(data.url).then(reply, () => reply({ ok: false })));
  else if (data.type === 'download') event.waitUntil(download(data.url).then(reply, (e) => reply({ ok: false, error: String(e) })));
  else if (data.type === 'undownload') event.waitUntil(undownload(data.url).then(reply, () => reply({ ok: false })));
  else if (data.type === 'downloads') event.waitUntil(listDownloads().then(reply, () => reply([])));
});

// The downloaded URLs, known without waiting: `respondWith` must be decided at once, and
// media that is not downloaded must stream past the worker untouched. Null until read.
let downloaded = null;
const downloadedRead = readDownloaded();

async function readDownloaded() {
  try {
    const keys = await (await caches.open(CACHES.downloads.name)).keys();
    downloaded = new Set(keys.map((k) => k.url));
  } catch (e) {
    downloaded = downloaded || new Set(); // no cache storage: nothing is downloaded
  }
}

/** Downloads are kept by absolute URL, without a fragment (`#t=…` is the player's). */
function downloadKey(url) {
  const u = new URL(url, self.location.origin);
  u.hash = '';
  return u.href;
}

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  const media = req.destination === 'audio' || req.destination === 'video';
  // Before the list is read (a worker just woken by the player), media waits for it.
  if (downloaded ? downloaded.has(downloadKey(url)) : media) {
    event.respondWith(fromDownloads(req));
  } else if (req.mode === 'navigate') {
    event.respondWith(appShell(req));
  } else if (url.href.startsWith(API + '/')) {
    event.respondWith(api(event.clientId, req, url));
  } else if (req.destination === 'image') {
    event.respondWith(cacheFirst(req, CACHES.images));
  } else if (url.origin === self.location.origin && PRECACHE.includes(url.pathname)) {
    event.respondWith(caches.match(req, { cacheName: SHELL }).then((r) => r || fetch(req)));
  }
});

async function api(clientId, req, url) {
  // A kiosk keeps its own last good copy and shows "mất kết nối" itself: it must see what
  // the network says, not an older answer from these caches.
  const client = clientId ? await self.clients.get(clientId) : null;
  if (client && new URL(client.url).pathname.startsWith('/kiosk')) return fetch(req);
  const path = url.href.slice(API.length);
  if (path === '/site' || path === '/home') return staleWhileRevalidate(req, CACHES.pages);
  if (/^\/articles\/\d+$/.test(url.pathname.slice(new URL(API).pathname.length))) return networkFirst(req, CACHES.recent, true);
  return networkFirst(req, CACHES.api, false);
}

async function appShell(req) {
  const shell = await caches.open(SHELL);
  // A real file of the build (the offline page) is itself; every other path is the app.
  const path = new URL(req.url).pathname;
  const own = PRECACHE.includes(path) && path !== '/index.html' ? await shell.match(path) : null;
  if (own) return own;
  const cached = await shell.match('/index.html');
  if (cached) return cached;
  try {
    return await fetch(req);
  } catch (e) {
    return (await shell.match('/offline.html')) || Response.error();
  }
}

/** A copy of `res` that remembers when it was fetched and how big it is. */
async function stamped(res) {
  const body = await res.clone().arrayBuffer();
  const headers = new Headers(res.headers);
  headers.set(FETCHED_AT, String(Date.now()));
  headers.set(SIZE, String(body.byteLength));
  return new Response(body, { status: res.status, statusText: res.statusText, headers });
}

async function put(spec, req, res) {
  const cache = await caches.open(spec.name);
  await cache.delete(req); // re-inserted last: the order of keys is the order of use
  await cache.put(req, await stamped(res));
  await trim(spec);
}

async function trim(spec) {
  const cache = await caches.open(spec.name);
  const keys = await cache.keys();
  const sizes = await Promise.all(keys.map(async (k) => Number((await cache.match(k))?.headers.get(SIZE)) || 0));
  let bytes = sizes.reduce((a, b) => a + b, 0);
  let i = 0;
  while (i < keys.length && (keys.length - i > spec.entries || bytes > spec.bytes)) {
    await cache.delete(keys[i]);
    bytes -= sizes[i];
    i++;
  }
}

function timeout(ms) {
  return new Promise((resolve) => setTimeout(() => resolve(null), ms));
}

async function networkFirst(req, spec, isArticle) {
  const network = fetch(req).then(async (res) => {
    if (res.ok) {
      await put(spec, req, res.clone());
      if (isArticle) prefetchImages(await res.clone().json().catch(() => null), CACHES.images);
    }
    return res;
  });
  const first = await Promise.race([network.catch(() => null), timeout(NETWORK_TIMEOUT_MS)]);
  if (first) return first;
  const cached = await caches.match(req);
  if (cached) return cached;
  return network; // no copy: wait for the network, or fail as the network does
}

async function staleWhileRevalidate(req, spec) {
  const cached = await caches.match(req, { cacheName: spec.name });
  const network = fetch(req).then(async (res) => {
    if (res.ok) await put(spec, req, res.clone());
    return res;
  });
  if (cached) {
    network.catch(() => null);
    return cached;
  }
  return network;
}

async function cacheFirst(req, spec) {
  const cached = await caches.match(req);
  if (cached) return cached;
  const res = await fetch(req);
  if (res.ok || res.type === 'opaque') await put(spec, req, res.clone()).catch(() => {});
  return res;
}

/** Photo URLs of an article: its thumbnail and every <img src> of the body. */
function imageUrls(article) {
  if (!article || typeof article !== 'object') return [];
  const urls = [];
  if (article.thumbnail && article.thumbnail.url) urls.push(article.thumbnail.url);
  const body = String(article.body_html || '');
  for (const m of body.matchAll(/<img\b[^>]*?\ssrc\s*=\s*["']?([^"'\s>]+)/gi)) urls.push(m[1]);
  const base = new URL(API).origin;
  return [...new Set(urls)]
    .map((u) => { try { return new URL(u.replace(/&amp;/g, '&'), base); } catch (e) { return null; } })
    .filter((u) => u && (u.protocol === 'https:' || u.protocol === 'http:'))
    .map((u) => u.href);
}

async function prefetchImages(article, spec) {
  for (const url of imageUrls(article)) {
    const req = new Request(url, { mode: new URL(url).origin === self.location.origin ? 'same-origin' : 'no-cors' });
    if (await caches.match(req, { cacheName: spec.name })) continue;
    try {
      // A copy kept elsewhere (another cache) saves a download.
      const res = (await caches.match(req)) || (await fetch(req));
      if (res.ok || res.type === 'opaque') await put(spec, req, res);
    } catch (e) {
      // Offline or gone: the photo is simply not kept.
    }
  }
}

async function saveArticle(url) {
  const cache = await caches.open(CACHES.saved.name);
  const saved = (await cache.keys()).filter((k) => k.url.startsWith(API + '/articles/'));
  if (saved.length >= SAVED_MAX_ARTICLES && !saved.some((k) => k.url === url)) {
    return { ok: false, error: 'full' };
  }
  let res;
  try {
    res = await fetch(url);
    if (!res.ok) throw new Error(String(res.status));
  } catch (e) {
    res = await caches.match(url);
    if (!res) throw e;
  }
  const article = await res.clone().json();
  await cache.put(url, await stamped(res));
  await prefetchImages(article, CACHES.saved);
  return { ok: true };
}

async function unsaveArticle(url) {
  const cache = await caches.open(CACHES.saved.name);
  const res = await cache.match(url);
  if (res) {
    for (const img of imageUrls(await res.json().catch(() => null))) await cache.delete(img);
  }
  await cache.delete(url);
  return { ok: true };
}

/**
 * The answer to a request for a stored file, as a server with range support gives it: the
 * player seeks with `Range: bytes=N-`, `bytes=N-M` or `bytes=-N` (the last N). A header it
 * cannot read gets the whole file, as HTTP allows; a start past the end gets 416.
 */
function rangeResponse(body, contentType, range) {
  const blob = body instanceof Blob ? body : new Blob([body]);
  const size = blob.size;
  const headers = { 'Content-Type': contentType || 'application/octet-stream', 'Accept-Ranges': 'bytes' };
  const whole = () => new Response(blob, { status: 200, headers: { ...headers, 'Content-Length': String(size) } });
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(range || '');
  if (!m || (m[1] === '' && m[2] === '')) return whole();
  let start;
  let end = size - 1;
  if (m[1] === '') {
    const n = Number(m[2]);
    start = n > 0 ? Math.max(0, size - n) : size; // the last n bytes; none is unsatisfiable
  } else {
    start = Number(m[1]);
    if (m[2] !== '') {
      if (Number(m[2]) < start) return whole(); // not a valid range: ignored
      end = Math.min(Number(m[2]), size - 1);
    }
  }
  if (start >= size) {
    return new Response(null, { status: 416, headers: { ...headers, 'Content-Range': `bytes */${size}` } });
  }
  return new Response(blob.slice(start, end + 1), {
    status: 206,
    headers: { ...headers, 'Content-Length': String(end + 1 - start), 'Content-Range': `bytes ${start}-${end}/${size}` },
  });
}

async function fromDownloads(req) {
  await downloadedRead.catch(() => {});
  const cached = await caches.match(downloadKey(req.url), { cacheName: CACHES.downloads.name, ignoreVary: true });
  // Not downloaded after all (or removed meanwhile): the network, as without the worker.
  if (!cached) return fetch(req);
  return rangeResponse(await cached.blob(), cached.headers.get('Content-Type'), req.headers.get('Range'));
}

async function download(url) {
  const spec = CACHES.downloads;
  const key = downloadKey(url);
  const cache = await caches.open(spec.name);
  const kept = await cache.match(key);
  // Already here: no second download on the reader's mobile data.
  if (kept) return { ok: true, bytes: Number(kept.headers.get(SIZE)) || 0 };
  let res;
  let body;
  try {
    // The whole file, without Range, straight from the network.
    res = await fetch(key);
    if (res.status !== 200) return { ok: false, error: 'network' };
    if (Number(res.headers.get('Content-Length')) > spec.bytes) {
      res.body && res.body.cancel().catch(() => {});
      return { ok: false, error: 'full' };
    }
    body = await res.arrayBuffer();
  } catch (e) {
    return { ok: false, error: 'network' };
  }
  if (body.byteLength > spec.bytes) return { ok: false, error: 'full' };
  // Only the type is kept: the stored body is already decoded, whatever the server's encoding.
  const type = res.headers.get('Content-Type') || 'application/octet-stream';
  try {
    await put(spec, key, new Response(body, { status: 200, headers: { 'Content-Type': type } }));
  } catch (e) {
    // The browser's own quota for the site is used up.
    return { ok: false, error: e && e.name === 'QuotaExceededError' ? 'full' : 'network' };
  } finally {
    await readDownloaded(); // trimming may have removed older downloads
  }
  return { ok: true, bytes: body.byteLength };
}

async function undownload(url) {
  await (await caches.open(CACHES.downloads.name)).delete(downloadKey(url));
  await readDownloaded();
  return { ok: true };
}

async function listDownloads() {
  const cache = await caches.open(CACHES.downloads.name);
  const list = [];
  for (const req of await cache.keys()) {
    const res = await cache.match(req);
    if (!res) continue;
    list.push({ url: req.url, bytes: Number(res.headers.get(SIZE)) || 0, fetched_at: Number(res.headers.get(FETCHED_AT)) || 0 });
  }
  return list;
}
