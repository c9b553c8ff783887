// Trunk post-build hook. Trunk starts the hooks of one stage all at once, so the steps that
// depend on each other run here in order: the wasm and its chunks (tools/build-wasm.mjs), the
// inline styles and scripts minified (release), the service worker (which also writes the version
// into index.html), the scripts loaded on demand (under vendor/, which the service worker does
// not precache), then the compressed copies of the final files.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildWasm } from './build-wasm.mjs';
import { minify, minifyInline } from './minify-inline.mjs';
import { precompress } from './precompress.mjs';
import { copyVendor } from './vendor.mjs';

const built = buildWasm({
  source: process.env.TRUNK_SOURCE_DIR || process.cwd(),
  staging: process.env.TRUNK_STAGING_DIR,
  release: process.env.TRUNK_PROFILE === 'release',
});
console.log(`build-wasm: ${built.js}, ${built.wasm}, ${built.loader}, chunks: ${built.chunks.join(', ')}`);
if (process.env.TRUNK_PROFILE === 'release') {
  const source = process.env.TRUNK_SOURCE_DIR || process.cwd();
  const index = path.join(process.env.TRUNK_STAGING_DIR, 'index.html');
  const html = readFileSync(index, 'utf8');
  const min = minifyInline(html, (text, loader) => minify(source, text, loader));
  writeFileSync(index, min);
  console.log(`minify-inline: index.html ${html.length} -> ${min.length} characters`);
}
await import('./gen-sw.mjs');
const vendored = copyVendor(process.env.TRUNK_SOURCE_DIR || process.cwd(), process.env.TRUNK_STAGING_DIR);
console.log(`vendor: ${vendored.join(', ')}`);
console.log(`precompress: ${precompress(process.env.TRUNK_STAGING_DIR)} files have .br and .gz copies`);
