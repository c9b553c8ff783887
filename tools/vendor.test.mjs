// node --test tools/: hls.js is copied into dist/vendor/ with its licence, and neither the
// service worker's precache list nor index.html names it (it is loaded only on demand).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { copyVendor, VENDOR_FILES } from './vendor.mjs';

const tools = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(tools);

test('copies hls.js and its licence under vendor/', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'vendor-'));
  const source = path.join(dir, 'src');
  const staging = path.join(dir, 'dist');
  try {
    mkdirSync(path.join(source, 'node_modules/hls.js/dist'), { recursive: true });
    mkdirSync(staging);
    writeFileSync(path.join(source, 'node_modules/hls.js/dist/hls.light.min.js'), 'var Hls;');
    writeFileSync(path.join(source, 'node_modules/hls.js/LICENSE'), 'Apache License');
    assert.deepEqual(copyVendor(source, staging), ['vendor/hls.light.min.js', 'vendor/hls.js.LICENSE.txt']);
    assert.equal(readFileSync(path.join(staging, 'vendor/hls.light.min.js'), 'utf8'), 'var Hls;');
    assert.equal(readFileSync(path.join(staging, 'vendor/hls.js.LICENSE.txt'), 'utf8'), 'Apache License');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a missing npm package stops the build with what to do', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'vendor-'));
  try {
    assert.throws(() => copyVendor(dir, dir), /hls\.light\.min\.js.*npm ci/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the installed hls.js provides the files', () => {
  for (const [from] of VENDOR_FILES) assert.ok(existsSync(path.join(root, from)), `${from}: run npm ci`);
});

test('the service worker does not precache vendor/ and index.html does not load it', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'vendor-sw-'));
  const staging = path.join(dir, 'dist');
  try {
    mkdirSync(path.join(staging, 'vendor'), { recursive: true });
    writeFileSync(
      path.join(staging, 'index.html'),
      '<meta name="portal-version" content=""><script type="module">import "/portal-0123456789abcdef.js"</script>',
    );
    writeFileSync(path.join(staging, 'portal-0123456789abcdef.js'), 'export {};');
    writeFileSync(path.join(staging, 'vendor/hls.light.min.js'), 'var Hls;');
    execFileSync(process.execPath, [path.join(tools, 'gen-sw.mjs')], {
      env: { ...process.env, TRUNK_STAGING_DIR: staging, TRUNK_SOURCE_DIR: root },
      stdio: 'pipe',
    });
    const sw = readFileSync(path.join(staging, 'sw.js'), 'utf8');
    assert.ok(sw.includes('/portal-0123456789abcdef.js'), 'the app is precached');
    assert.ok(!sw.includes('vendor/'), 'hls.js is not precached');
    assert.ok(!sw.includes('hls.light'), 'hls.js is not precached');
    // The source index.html (what Trunk builds from) never names it either.
    assert.ok(!readFileSync(path.join(root, 'index.html'), 'utf8').includes('hls'), 'index.html loads hls.js');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
