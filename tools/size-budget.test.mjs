// node --test tools/: the size check counts a route's first load (the main module, and the
// chunks of a split point with theirs) and fails above the route's budget.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { appFiles, budgets, check, chunkTable, jsImports, splitModules } from './size-budget.mjs';
import { loaderTags } from './build-wasm.mjs';
import { LOADER } from './split-loader.fixture.mjs';

const INDEX = `<head>
<link rel="preload" href="/portal-abc_bg.wasm" crossorigin="anonymous" as="fetch" type="application/wasm">
<script type="module">
import init from '/portal-abc.js';
const wasm = await init({ module_or_path: '/portal-abc_bg.wasm' });
</script>
<link rel="manifest" href="/manifest.webmanifest"><script src="/other.js"></script></head>`;

function fakeDist(wasmBytes, chunkBytes = 1_000) {
  const dir = mkdtempSync(path.join(tmpdir(), 'size-budget-'));
  writeFileSync(path.join(dir, 'index.html'), INDEX);
  writeFileSync(path.join(dir, 'portal-abc.js'), 'import * as import1 from "./__wasm_split-abc.js"\n' + 'export default function init() {}\n'.repeat(50));
  writeFileSync(path.join(dir, '__wasm_split-abc.js'), LOADER);
  // Random bytes do not compress: their brotli size is about their raw size.
  writeFileSync(path.join(dir, 'portal-abc_bg.wasm'), randomBytes(wasmBytes));
  writeFileSync(path.join(dir, 'split_kiosk-1.wasm'), randomBytes(chunkBytes));
  writeFileSync(path.join(dir, 'chunk_7-2.wasm'), randomBytes(chunkBytes));
  return dir;
}

test('the main module is what index.html loads and the chunk loader its JS imports', () => {
  assert.deepEqual(appFiles(INDEX), ['portal-abc.js', 'portal-abc_bg.wasm']);
  // As the build writes it: the JS asked for with import() once the first screen has painted.
  const built = loaderTags('portal-abc.js', 'portal-abc_bg.wasm');
  assert.deepEqual(appFiles(built), ['portal-abc.js', 'portal-abc_bg.wasm']);
  assert.deepEqual(jsImports('import * as a from "./__wasm_split-abc.js"\nimport * as b from "./__wasm_split-abc.js"\n'), ['__wasm_split-abc.js']);
  // As esbuild minifies it.
  assert.deepEqual(jsImports('import*as a from"./__wasm_split-abc.js";import*as b from"./x-1.js";let c="from \'./no.js\'";'), ['__wasm_split-abc.js', 'x-1.js']);
});

test('the loader names each split point with its chunks', () => {
  assert.deepEqual(splitModules(LOADER), {
    kiosk: { file: 'split_kiosk-1.wasm', deps: ['__chunk_7'] },
    __chunk_7: { file: 'chunk_7-2.wasm', deps: [] },
  });
  // Split points only, each with its shared chunks' files.
  assert.deepEqual(chunkTable(LOADER), { kiosk: ['split_kiosk-1.wasm', 'chunk_7-2.wasm'] });
});

test('passes under the budget and fails over it; a split route counts its chunks', () => {
  const dir = fakeDist(20_000);
  try {
    const small = check(dir, { home: 30_000, kiosk: 30_000 });
    assert.equal(small.ok, true);
    const home = small.routes.find((r) => r.route === 'home');
    const kiosk = small.routes.find((r) => r.route === 'kiosk');
    assert.ok(home.total > 20_000 && home.total < 21_500, `home ${home.total}`);
    assert.ok(kiosk.total > home.total + 2_000 && kiosk.total < home.total + 2_500, `kiosk ${kiosk.total}`);
    assert.equal(check(dir, { home: 15_000 }).ok, false);
    assert.equal(check(dir, { home: 30_000, kiosk: home.total + 100 }).ok, false);
    assert.throws(() => check(dir, { kisok: 30_000 }), /neither home nor article nor a chunk/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a dist without the app files is an error, not a pass', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'size-budget-'));
  try {
    writeFileSync(path.join(dir, 'index.html'), '<head></head>');
    assert.throws(() => check(dir, { home: 1_000_000 }), /does not load/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('perf-budget.json has a positive budget for the home and article pages', () => {
  const b = budgets();
  assert.ok(b.home > 0 && b.article > 0);
});
