// Run by the post-build hook after gen-sw.mjs: writes next to each hashed file of the build
// (`portal-<hash>.js`, `…_bg.wasm`) a Brotli (quality 11) and a gzip (level 9) copy, `x.br` and
// `x.gz`. Servers send those as they are (the reference server, nginx's gzip_static) instead
// of compressing on every request at a fast, weaker level: the wasm a reader downloads goes
// from about 343 KB (brotli quality 4, on the fly) to 283 KB. Only hashed files: they never
// change, while index.html and sw.js may be edited after the build (a deployer setting
// `portal-api-base`), and a stale copy beside them would be sent instead.
import { readFileSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const COMPRESSIBLE = /\.(html|js|mjs|wasm|css|svg|json|webmanifest|txt)$/;
// A content hash in the name, as Trunk writes it (and as the servers' immutable caching reads it).
// Trunk writes the hash with `{:x}`: up to 16 hex digits, fewer when it starts with zeros.
const HASHED = /-[0-9a-f]{8,16}[._]/;
// Below one packet compression gains nothing worth a second file.
const MIN_BYTES = 1024;

/** `data` compressed as servers should send the build's files: Brotli at quality 11. */
export function brotli(data) {
  return brotliCompressSync(data, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  });
}

/** `data` compressed with gzip at level 9. */
export function gzip(data) {
  return gzipSync(data, { level: 9 });
}

/** The compressed copies of `data` that are smaller than it: [[suffix, bytes], …]. */
export function compressed(data) {
  return [['.br', brotli(data)], ['.gz', gzip(data)]].filter(([, bytes]) => bytes.length < data.length);
}

/** Writes the copies for every hashed compressible file under `dir`; returns how many files. */
export function precompress(dir) {
  let count = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      count += precompress(file);
      continue;
    }
    if (!COMPRESSIBLE.test(entry.name) || !HASHED.test(entry.name) || statSync(file).size < MIN_BYTES) continue;
    const copies = compressed(readFileSync(file));
    for (const [suffix, bytes] of copies) writeFileSync(file + suffix, bytes);
    if (copies.length > 0) count += 1;
  }
  return count;
}

