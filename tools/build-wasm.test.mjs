// node --test tools/: the file names and references build-wasm.mjs writes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hashedName, loaderTags, rewriteRefs, withChunkTable, withHandledFetches, withLaterStyles, withLoader } from './build-wasm.mjs';
import { chunkTable } from './size-budget.mjs';
import { LOADER } from './split-loader.fixture.mjs';

test('hashed names have the 16 hex digits the servers cache for a year, and follow the content', () => {
  const a = hashedName('split_kiosk.wasm', Buffer.from('a'));
  assert.match(a, /^split_kiosk-[0-9a-f]{16}\.wasm$/);
  assert.equal(hashedName('split_kiosk.wasm', Buffer.from('a')), a);
  assert.notEqual(hashedName('split_kiosk.wasm', Buffer.from('b')), a);
  assert.match(hashedName('portal_bg.wasm', 'x'), /^portal_bg-[0-9a-f]{16}\.wasm$/);
});

test('imports and fetches are renamed, the wasm import table is not', () => {
  const js = `import * as import1 from "./__wasm_split.js"
const imports = { "./__wasm_split.js": import1 };
const src = fetch(new URL("./split_kiosk.wasm", import.meta.url));
import { initSync } from "./portal.js";`;
  const out = rewriteRefs(js, { '__wasm_split.js': '__wasm_split-1.js', 'split_kiosk.wasm': 'split_kiosk-2.wasm', 'portal.js': 'portal-3.js' });
  assert.match(out, /from "\.\/__wasm_split-1\.js"/);
  assert.match(out, /"\.\/__wasm_split\.js": import1/);
  assert.match(out, /new URL\("\.\/split_kiosk-2\.wasm"/);
  assert.match(out, /from "\.\/portal-3\.js"/);
  // Minified.
  assert.equal(rewriteRefs('import*as a from"./__wasm_split.js";', { '__wasm_split.js': 'w-1.js' }), 'import*as a from"./w-1.js";');
});

test("a chunk's own download that fails while its shared chunk's failed is no unhandled rejection", async () => {
  const patched = withHandledFetches(LOADER);
  assert.equal(patched.match(/src\.catch\(\(\) => \{\}\);/g)?.length, LOADER.match(/const src = fetch\(/g).length);
  // The size check and the preload table still read the same chunks from it.
  assert.deepEqual(chunkTable(patched), chunkTable(LOADER));
  // As the loader does: its own download starts, a shared chunk fails first, its own is never awaited.
  const start = new Function('fetch', 'base', withHandledFetches('const src = fetch(new URL("./a.wasm", base));') + '\nreturn src;');
  const unhandled = [];
  const record = (e) => unhandled.push(e);
  process.on('unhandledRejection', record);
  try {
    const src = start(() => Promise.reject(new TypeError('Failed to fetch')), 'http://127.0.0.1/');
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(unhandled, []);
    // Whoever does await it still gets the failure.
    await assert.rejects(src, /Failed to fetch/);
  } finally {
    process.off('unhandledRejection', record);
  }
  assert.throws(() => withHandledFetches('makeLoad(() => { const src = other(); })'), /wasm-split-cli changed/);
});

test('index.html preloads the main wasm and starts the app from the hashed JS', () => {
  const tags = loaderTags('portal-1.js', 'portal_bg-2.wasm');
  assert.match(tags, /<link rel="preload" href="\/portal_bg-2\.wasm" as="fetch" type="application\/wasm" crossorigin="anonymous">/);
  // Only after the first contentful paint has been reported.
  assert.ok(tags.indexOf("getEntriesByName('first-contentful-paint')") < tags.indexOf("await import('/portal-1.js')"));
  assert.ok(tags.indexOf('requestAnimationFrame') < tags.indexOf("await import('/portal-1.js')"));
  assert.match(tags, /fetch\('\/portal_bg-2\.wasm'\)/);
  // style/later.css is turned on before the app starts.
  assert.ok(tags.indexOf("later.media = 'all'") < tags.indexOf('await init('));
});

test("style/later.css's link is for print until the loader turns it on", () => {
  const index = '<style>a{}</style><link rel="stylesheet" href="/later-0123456789abcdef.css" integrity="sha384-x"/>';
  assert.equal(
    withLaterStyles(index),
    '<style>a{}</style><link rel="stylesheet" href="/later-0123456789abcdef.css" media="print" id="portal-later-css" integrity="sha384-x"/>',
  );
  assert.throws(() => withLaterStyles('<head></head>'), /no link to style\/later\.css/);
});

test('the loader takes the place of the Rust link that Trunk leaves', () => {
  const index = '<head>\n  <link rel="manifest" href="/m">\n  <link data-trunk="" rel="rust" data-bin="portal" data-trunk-skip="" data-trunk-id="3">\n</head>';
  const out = withLoader(index, '<script type="module">x</script>\n');
  assert.equal(out, '<head>\n  <link rel="manifest" href="/m">\n  <script type="module">x</script>\n</head>');
  assert.throws(() => withLoader('<head></head>', 'x'), /no Rust link/);
});

test('shell/preload.js gets the files of each split point, shared chunks included', () => {
  const table = chunkTable(LOADER);
  assert.deepEqual(table, { kiosk: ['split_kiosk-1.wasm', 'chunk_7-2.wasm'] });
  const index = '<script>var CHUNKS = {}; // __PORTAL_CHUNKS__\nvar x;</script>';
  assert.equal(withChunkTable(index, table), '<script>var CHUNKS = {"kiosk":["split_kiosk-1.wasm","chunk_7-2.wasm"]};\nvar x;</script>');
  assert.throws(() => withChunkTable('<script></script>', table), /placeholder/);
});
