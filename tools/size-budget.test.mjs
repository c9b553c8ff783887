// node --test tools/: the size check counts what index.html loads and fails above the budget.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { appFiles, budget, check } from './size-budget.mjs';

const INDEX = `<head>
<link rel="preload" href="/portal-abc_bg.wasm" crossorigin="anonymous" as="fetch" type="application/wasm">
<script type="module">
import init from '/portal-abc.js';
const wasm = await init({ module_or_path: '/portal-abc_bg.wasm' });
</script>
<link rel="manifest" href="/manifest.webmanifest"><script src="/other.js"></script></head>`;

function fakeDist(wasmBytes) {
  const dir = mkdtempSync(path.join(tmpdir(), 'size-budget-'));
  writeFileSync(path.join(dir, 'index.html'), INDEX);
  writeFileSync(path.join(dir, 'portal-abc.js'), 'export default function init() {}\n'.repeat(50));
  // Random bytes do not compress: their brotli size is about their raw size.
  writeFileSync(path.join(dir, 'portal-abc_bg.wasm'), randomBytes(wasmBytes));
  return dir;
}

test('only the app files that index.html preloads or its loader imports are counted', () => {
  assert.deepEqual(appFiles(INDEX), ['portal-abc.js', 'portal-abc_bg.wasm']);
});

test('passes under the budget and fails over it', () => {
  const dir = fakeDist(20_000);
  try {
    const small = check(dir, 30_000);
    assert.equal(small.ok, true);
    assert.ok(small.total > 20_000 && small.total < 21_000, `total ${small.total}`);
    const over = check(dir, 15_000);
    assert.equal(over.ok, false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a dist without the app files is an error, not a pass', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'size-budget-'));
  try {
    writeFileSync(path.join(dir, 'index.html'), '<head></head>');
    assert.throws(() => check(dir, 1_000_000), /does not load/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the budget in perf-budget.json is a positive number of bytes', () => {
  assert.ok(budget() > 0);
});
