// node --test tools/: the service worker's downloads ("Tải về"): range answers for seeking,
// the message protocol, and which requests it answers. pwa/sw.js is a classic script, so it
// runs here in a vm context with an in-memory Cache Storage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const SOURCE = readFileSync(new URL('../pwa/sw.js', import.meta.url), 'utf8');
const ORIGIN = 'https://portal.test';

/** A Cache Storage kept in memory; keys in insertion order, as browsers keep them. */
function memoryCaches() {
  const stores = new Map();
  const key = (r) => (typeof r === 'string' ? new URL(r, ORIGIN).href : r.url);
  const open = async (name) => {
    if (!stores.has(name)) stores.set(name, new Map());
    const m = stores.get(name);
    return {
      put: async (r, res) => void m.set(key(r), res),
      match: async (r) => m.get(key(r))?.clone(),
      delete: async (r) => m.delete(key(r)),
      keys: async () => [...m.keys()].map((u) => new Request(u)),
    };
  };
  return {
    stores,
    open,
    keys: async () => [...stores.keys()],
    delete: async (name) => stores.delete(name),
    match: async (r, opts = {}) => {
      for (const [name, m] of stores) {
        if ((!opts.cacheName || opts.cacheName === name) && m.has(key(r))) return m.get(key(r)).clone();
      }
      return undefined;
    },
  };
}

/** Loads the worker; `network(url, init)` plays the server. */
async function worker(network = async () => { throw new TypeError('offline'); }) {
  const listeners = {};
  const caches = memoryCaches();
  const fetched = [];
  const ctx = {
    self: {
      location: { href: `${ORIGIN}/sw.js?api=${encodeURIComponent(ORIGIN + '/api/v1')}`, origin: ORIGIN },
      addEventListener: (type, f) => (listeners[type] = f),
      clients: { get: async () => null, claim: async () => {} },
    },
    caches,
    fetch: async (input, init) => {
      const url = typeof input === 'string' ? input : input.url;
      fetched.push(url);
      return network(url, init);
    },
    URL, Request, Response, Headers, Blob, clearTimeout, console,
    // The network timeout must not keep the test process alive.
    setTimeout: (f, ms) => setTimeout(f, ms).unref(),
  };
  vm.createContext(ctx);
  vm.runInContext(SOURCE, ctx, { filename: 'sw.js' });
  // A message: resolves with the reply sent on the MessagePort.
  const ask = (data) =>
    new Promise((resolve, reject) => {
      const waits = [];
      // Through JSON, as the page gets a structured clone: plain objects of this realm.
      const post = (v) => resolve(JSON.parse(JSON.stringify(v)));
      listeners.message({ data, ports: [{ postMessage: post }], waitUntil: (p) => waits.push(p) });
      Promise.all(waits).catch(reject);
    });
  // A fetch event: the worker's answer, or null when it lets the request pass.
  const request = async (url, { destination = 'audio', range } = {}) => {
    let answer = null;
    const req = { method: 'GET', mode: 'no-cors', destination, url, headers: new Headers(range ? { Range: range } : {}) };
    listeners.fetch({ request: req, clientId: '', respondWith: (p) => (answer = p) });
    return answer && (await answer);
  };
  await new Promise((r) => setTimeout(r, 0)); // the downloaded list is read at start
  return { ctx, caches, ask, request, fetched };
}

const BYTES = Uint8Array.from({ length: 1000 }, (_, i) => i % 251);

async function range(header, body = BYTES) {
  const { ctx } = await worker();
  const res = ctx.rangeResponse(new Blob([body]), 'audio/mp4', header);
  return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
}

test('bytes=0- is the whole file as 206', async () => {
  const { res, bytes } = await range('bytes=0-');
  assert.equal(res.status, 206);
  assert.equal(res.headers.get('Content-Range'), 'bytes 0-999/1000');
  assert.equal(res.headers.get('Content-Length'), '1000');
  assert.equal(res.headers.get('Accept-Ranges'), 'bytes');
  assert.equal(res.headers.get('Content-Type'), 'audio/mp4');
  assert.deepEqual(bytes, BYTES);
});

test('bytes=100-199 is those 100 bytes', async () => {
  const { res, bytes } = await range('bytes=100-199');
  assert.equal(res.status, 206);
  assert.equal(res.headers.get('Content-Range'), 'bytes 100-199/1000');
  assert.equal(res.headers.get('Content-Length'), '100');
  assert.deepEqual(bytes, BYTES.slice(100, 200));
});

test('bytes=-500 is the last 500 bytes; a suffix longer than the file is all of it', async () => {
  const { res, bytes } = await range('bytes=-500');
  assert.equal(res.status, 206);
  assert.equal(res.headers.get('Content-Range'), 'bytes 500-999/1000');
  assert.deepEqual(bytes, BYTES.slice(500));
  const all = await range('bytes=-5000');
  assert.equal(all.res.headers.get('Content-Range'), 'bytes 0-999/1000');
  assert.equal(all.bytes.length, 1000);
});

test('an end past the file, open or not, stops at its last byte', async () => {
  const open = await range('bytes=900-');
  assert.equal(open.res.headers.get('Content-Range'), 'bytes 900-999/1000');
  assert.deepEqual(open.bytes, BYTES.slice(900));
  const long = await range('bytes=900-5000');
  assert.equal(long.res.status, 206);
  assert.equal(long.res.headers.get('Content-Range'), 'bytes 900-999/1000');
  assert.equal(long.res.headers.get('Content-Length'), '100');
});

test('a start past the end, or an empty suffix, is 416 with the size', async () => {
  for (const h of ['bytes=1000-', 'bytes=5000-6000', 'bytes=-0']) {
    const { res } = await range(h);
    assert.equal(res.status, 416, h);
    assert.equal(res.headers.get('Content-Range'), 'bytes */1000', h);
  }
});

test('no Range, or one it cannot read, is the whole file as 200', async () => {
  for (const h of [null, '', 'bytes=', 'bytes=-', 'bytes=abc-', 'items=0-10', 'bytes=0-1,5-6', 'bytes=200-100']) {
    const { res, bytes } = await range(h);
    assert.equal(res.status, 200, String(h));
    assert.equal(res.headers.get('Content-Length'), '1000', String(h));
    assert.equal(res.headers.get('Content-Range'), null, String(h));
    assert.deepEqual(bytes, BYTES, String(h));
  }
});

test('an ArrayBuffer works as well as a Blob', async () => {
  const { ctx } = await worker();
  const res = ctx.rangeResponse(BYTES.buffer, '', 'bytes=10-19');
  assert.equal(res.status, 206);
  assert.equal(res.headers.get('Content-Type'), 'application/octet-stream');
  assert.deepEqual(new Uint8Array(await res.arrayBuffer()), BYTES.slice(10, 20));
});

const AUDIO = 'https://media.example/programmes/2301/audio.m4a';

function server(files) {
  return async (url, init) => {
    assert.equal(new Headers(init?.headers).get('Range'), null, 'a download asks for the whole file');
    const body = files[url];
    if (!body) return new Response('not found', { status: 404 });
    return new Response(body, { status: 200, headers: { 'Content-Type': 'audio/mp4', 'Content-Length': String(body.length) } });
  };
}

test('a downloaded file is kept by its absolute URL, listed, served with ranges, and removed', async () => {
  const local = `${ORIGIN}/media/programmes/2302/audio.m4a`;
  const { ask, request, fetched } = await worker(server({ [AUDIO]: BYTES, [local]: BYTES.slice(0, 10) }));
  // Not downloaded: the player's request passes the worker by.
  assert.equal(await request(AUDIO, { range: 'bytes=0-' }), null);

  assert.deepEqual(await ask({ type: 'download', url: AUDIO }), { ok: true, bytes: 1000 });
  assert.deepEqual(await ask({ type: 'download', url: '/media/programmes/2302/audio.m4a' }), { ok: true, bytes: 10 });
  const list = await ask({ type: 'downloads' });
  assert.deepEqual(list.map((d) => [d.url, d.bytes]), [[AUDIO, 1000], [local, 10]]);
  assert.ok(list.every((d) => Math.abs(Date.now() - d.fetched_at) < 60_000));

  const seek = await request(AUDIO + '#t=30', { range: 'bytes=500-' });
  assert.equal(seek.status, 206);
  assert.equal(seek.headers.get('Content-Range'), 'bytes 500-999/1000');
  assert.deepEqual(new Uint8Array(await seek.arrayBuffer()), BYTES.slice(500));
  const whole = await request(AUDIO);
  assert.equal(whole.status, 200);
  assert.equal(whole.headers.get('Content-Type'), 'audio/mp4');

  // Downloading again costs no data.
  const before = fetched.length;
  assert.deepEqual(await ask({ type: 'download', url: AUDIO }), { ok: true, bytes: 1000 });
  assert.equal(fetched.length, before);

  assert.deepEqual(await ask({ type: 'undownload', url: AUDIO }), { ok: true });
  assert.equal(await request(AUDIO, { range: 'bytes=0-' }), null);
  assert.deepEqual((await ask({ type: 'downloads' })).map((d) => d.url), [local]);
});

test('a failed or too large download says why and keeps nothing', async () => {
  const big = 'https://media.example/big.m4a';
  const { ask, caches } = await worker(async (url) => {
    if (url === big) return new Response(null, { status: 200, headers: { 'Content-Length': String(301e6) } });
    if (url === AUDIO) throw new TypeError('Failed to fetch');
    return new Response('gone', { status: 404 });
  });
  assert.deepEqual(await ask({ type: 'download', url: big }), { ok: false, error: 'full' });
  assert.deepEqual(await ask({ type: 'download', url: AUDIO }), { ok: false, error: 'network' });
  assert.deepEqual(await ask({ type: 'download', url: 'https://media.example/missing.m4a' }), { ok: false, error: 'network' });
  assert.deepEqual(await ask({ type: 'downloads' }), []);
  assert.equal(caches.stores.get('portal-downloads')?.size ?? 0, 0);
});

test('the downloads cache keeps at most 30 files, the oldest going first', async () => {
  const files = Object.fromEntries(Array.from({ length: 32 }, (_, i) => [`https://media.example/${i}.m4a`, BYTES.slice(0, 10)]));
  const { ask, request } = await worker(server(files));
  for (const url of Object.keys(files)) assert.equal((await ask({ type: 'download', url })).ok, true);
  const list = (await ask({ type: 'downloads' })).map((d) => d.url);
  assert.equal(list.length, 30);
  assert.equal(list[0], 'https://media.example/2.m4a');
  // A file trimmed away is no longer answered by the worker.
  assert.equal(await request('https://media.example/0.m4a'), null);
});

test('a worker woken by the player answers from downloads before the list is read', async () => {
  const { ctx, ask, caches } = await worker(server({ [AUDIO]: BYTES }));
  await ask({ type: 'download', url: AUDIO });
  // A fresh worker on the same storage, asked at once (no await before the fetch event).
  const listeners = {};
  const fresh = { ...ctx, self: { ...ctx.self, addEventListener: (t, f) => (listeners[t] = f) }, caches };
  vm.createContext(fresh);
  vm.runInContext(SOURCE, fresh);
  let answer = null;
  const req = { method: 'GET', mode: 'no-cors', destination: 'audio', url: AUDIO, headers: new Headers({ Range: 'bytes=0-99' }) };
  listeners.fetch({ request: req, clientId: '', respondWith: (p) => (answer = p) });
  assert.ok(answer, 'the media request waits for the list');
  assert.equal((await answer).status, 206);
  // Other requests are never held up.
  let other = null;
  listeners.fetch({ request: { ...req, destination: 'script', url: `${ORIGIN}/x.js` }, clientId: '', respondWith: (p) => (other = p) });
  assert.equal(other, null);
});

test('broadcast API answers go through the network-first API cache', async () => {
  const api = `${ORIGIN}/api/v1`;
  const paths = ['/channels', '/channels/hgtv', '/channels/hgtv/schedule?date=2026-11-29', '/shows', '/programmes?kind=audio&language=hmn&page=2', '/programmes/2201'];
  const { request, caches } = await worker(async (url) => new Response(JSON.stringify({ url }), { status: 200, headers: { 'Content-Type': 'application/json' } }));
  for (const p of paths) {
    const res = await request(api + p, { destination: '' });
    assert.equal(res.status, 200, p);
  }
  await new Promise((r) => setTimeout(r, 10));
  const kept = [...caches.stores.get('portal-api').keys()];
  assert.deepEqual(kept, paths.map((p) => api + p));
  const stamped = await caches.match(api + '/channels/hgtv/schedule?date=2026-11-29');
  assert.ok(Number(stamped.headers.get('x-portal-fetched-at')) > 0);
});
