// node --test tools/: the precompressed copies decode to the file, and only worthwhile ones exist.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { precompress } from './precompress.mjs';

test('hashed text and wasm files get .br and .gz copies that decode to the same bytes', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'precompress-'));
  const at = (...p) => path.join(dir, ...p);
  try {
    const js = Buffer.from('export function hello() { return "xin chào"; }\n'.repeat(100));
    writeFileSync(at('portal-0123456789abcdef.js'), js);
    writeFileSync(at('portal-0123456789abcdef_bg.wasm'), Buffer.alloc(8192, 7));
    mkdirSync(at('sub'));
    writeFileSync(at('sub', 'style-fedcba9876543210.css'), 'body { margin: 0 }\n'.repeat(200));
    // Files a deployer may edit after the build: a copy beside them could go stale.
    writeFileSync(at('index.html'), '<p>Tin tức</p>\n'.repeat(200));
    writeFileSync(at('sw.js'), 'self.addEventListener("fetch", () => {});\n'.repeat(100));
    writeFileSync(at('tiny-0123456789abcdef.css'), 'a{}');
    writeFileSync(at('photo-0123456789abcdef.png'), Buffer.alloc(4096));
    // Random bytes do not compress: no copy is written for them.
    writeFileSync(at('noise-0123456789abcdef.wasm'), randomBytes(4096));

    assert.equal(precompress(dir), 3);
    const file = at('portal-0123456789abcdef.js');
    assert.deepEqual(brotliDecompressSync(readFileSync(file + '.br')), js);
    assert.deepEqual(gunzipSync(readFileSync(file + '.gz')), js);
    assert.ok(existsSync(at('portal-0123456789abcdef_bg.wasm.br')));
    assert.ok(existsSync(at('sub', 'style-fedcba9876543210.css.gz')));
    for (const f of ['index.html', 'sw.js', 'tiny-0123456789abcdef.css', 'photo-0123456789abcdef.png']) {
      assert.ok(!existsSync(at(f + '.br')) && !existsSync(at(f + '.gz')), f);
    }
    assert.ok(!existsSync(at('noise-0123456789abcdef.wasm.br')), 'bigger than the file');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
