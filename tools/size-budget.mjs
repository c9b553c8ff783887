// Size check of the test command: the wasm and JS that dist/index.html loads, compressed
// with brotli (quality 11, as the server sends them), against the budget in perf-budget.json.
// Usage: node tools/size-budget.mjs [DIST]   (exit code 1 when over the budget)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotli, gzip } from './precompress.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The budget in bytes, from perf-budget.json (the one place it is written). */
export function budget(root = ROOT) {
  const value = JSON.parse(readFileSync(path.join(root, 'perf-budget.json'), 'utf8')).js_wasm_brotli_bytes;
  if (!Number.isInteger(value) || value <= 0) throw new Error('perf-budget.json: js_wasm_brotli_bytes must be a positive integer');
  return value;
}

/** The app's own .js and .wasm files that index.html loads: preload links, and the JS glue
 * that the loader's module script imports (see pattern_script in Trunk.toml). */
export function appFiles(indexHtml) {
  const files = new Set();
  for (const m of indexHtml.matchAll(/<link\b[^>]*\bhref="\/?([^"?#]+\.(?:js|wasm))"[^>]*>/g)) files.add(m[1]);
  for (const m of indexHtml.matchAll(/\bimport\s+[\w\s{},*]+\s+from\s+['"]\/?([^'"?#]+\.js)['"]/g)) files.add(m[1]);
  return [...files].sort();
}

/** Raw, gzip -9 and brotli 11 sizes of `data`, compressed as the build's copies are. */
export function sizes(data) {
  return { raw: data.length, gzip: gzip(data).length, brotli: brotli(data).length };
}

/** Sizes of each app file and whether their brotli total fits `limit`. */
export function check(dist, limit) {
  const files = appFiles(readFileSync(path.join(dist, 'index.html'), 'utf8'));
  if (!files.some((f) => f.endsWith('.wasm')) || !files.some((f) => f.endsWith('.js'))) {
    throw new Error(`${dist}/index.html does not load a .wasm and a .js file: is it a Trunk build?`);
  }
  const rows = files.map((f) => ({ file: f, ...sizes(readFileSync(path.join(dist, f))) }));
  const total = rows.reduce((sum, r) => sum + r.brotli, 0);
  return { rows, total, limit, ok: total <= limit };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dist = path.resolve(process.argv[2] || path.join(ROOT, 'dist'));
  try {
    const result = check(dist, budget());
    for (const r of result.rows) {
      console.log(`${r.file}: ${r.raw} B raw, ${r.gzip} B gzip, ${r.brotli} B brotli`);
    }
    const verdict = result.ok ? 'within' : 'OVER';
    console.log(`JS + wasm: ${result.total} B brotli, ${verdict} the budget of ${result.limit} B (perf-budget.json)`);
    process.exit(result.ok ? 0 : 1);
  } catch (e) {
    console.error(`size-budget: ${e.message}`);
    process.exit(1);
  }
}
