// Size check of the test command: what a reader downloads to open a route for the first
// time, JS + wasm compressed with brotli (quality 11, as the server sends them), against the
// budgets per route in perf-budget.json. Since the download is split (issue #15,
// tools/build-wasm.mjs), a route's first load is the main module (the wasm and JS that
// index.html loads and the chunk loader the JS imports) plus the chunks of its split point
// with theirs; the chunks of the other pages are listed for information.
// Home and article pages are in the main module (tests/e2e/chunks.spec.ts checks that they
// fetch no chunk). Usage: node tools/size-budget.mjs [DIST]   (exit code 1 when over)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotli, gzip } from './precompress.mjs';

/** The routes whose page is in the main module. */
export const MAIN_ROUTES = ['home', 'article'];

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The budget in bytes of each route's first load, from perf-budget.json (the one place). */
export function budgets(root = ROOT) {
  const value = JSON.parse(readFileSync(path.join(root, 'perf-budget.json'), 'utf8')).first_load_brotli_bytes;
  const entries = Object.entries(value ?? {});
  if (entries.length === 0 || entries.some(([, v]) => !Number.isInteger(v) || v <= 0)) {
    throw new Error('perf-budget.json: first_load_brotli_bytes must map routes to positive integers');
  }
  return value;
}

/** The app's own .js and .wasm files that index.html loads: preload links, and the JS glue
 * that the loader's module script imports, statically or with `import()` (see
 * tools/build-wasm.mjs). */
export function appFiles(indexHtml) {
  const files = new Set();
  for (const m of indexHtml.matchAll(/<link\b[^>]*\bhref="\/?([^"?#]+\.(?:js|wasm))"[^>]*>/g)) files.add(m[1]);
  for (const m of indexHtml.matchAll(/\bimport\s+[\w\s{},*]+\s+from\s+['"]\/?([^'"?#]+\.js)['"]/g)) files.add(m[1]);
  for (const m of indexHtml.matchAll(/\bimport\(\s*['"]\/?([^'"?#]+\.js)['"]\s*\)/g)) files.add(m[1]);
  return [...files].sort();
}

/** Relative modules a JS file imports statically (`import ... from "./x.js"`, minified or not). */
export function jsImports(js) {
  return [...new Set([...js.matchAll(/\bimport\b[^;"']*?\bfrom\s*["']\.\/([^"']+\.js)["']/g)].map((m) => m[1]))];
}

/** The split modules of wasm-split-cli's loader: name -> { file, deps }. A split point is
 * `__wasm_split_load_NAME`, a shared chunk `__chunk_N`; each lists the chunks it needs. */
export function splitModules(loader) {
  const modules = {};
  const re = /(?:export )?const (__wasm_split_load_\w+|__chunk_\d+) = (?:wrapAsyncCb\()?makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/([^"]+\.wasm)"[\s\S]*?\n\s*, \[([^\]]*)\]\)/g;
  for (const m of loader.matchAll(re)) {
    const name = m[1].replace('__wasm_split_load_', '');
    const deps = m[3].split(',').map((d) => d.trim()).filter(Boolean);
    modules[name] = { file: m[2], deps };
  }
  return modules;
}

/** Every file a split module needs: its own and, recursively, its shared chunks'. */
function moduleFiles(modules, name, seen = new Set()) {
  const m = modules[name];
  if (!m || seen.has(name)) return [];
  seen.add(name);
  return [m.file, ...m.deps.flatMap((d) => moduleFiles(modules, d, seen))];
}

/** Each split point of wasm-split-cli's loader, by name, with every file it needs (its own
 * first, then its shared chunks'). */
export function chunkTable(loader) {
  const modules = splitModules(loader);
  return Object.fromEntries(
    Object.keys(modules)
      .filter((name) => !name.startsWith('__chunk_'))
      .sort()
      .map((name) => [name, moduleFiles(modules, name)]),
  );
}

/** Raw, gzip -9 and brotli 11 sizes of `data`, compressed as the build's copies are. */
export function sizes(data) {
  return { raw: data.length, gzip: gzip(data).length, brotli: brotli(data).length };
}

/** The main module's files (`rows`; the chunk loaders among them in `loaders`), each chunk's,
 * and the first load of each route with its budget. */
export function check(dist, limits) {
  const read = (f) => readFileSync(path.join(dist, f));
  const main = appFiles(read('index.html').toString('utf8'));
  if (!main.some((f) => f.endsWith('.wasm')) || !main.some((f) => f.endsWith('.js'))) {
    throw new Error(`${dist}/index.html does not load a .wasm and a .js file: is it a build of the app?`);
  }
  const loaders = main.filter((f) => f.endsWith('.js')).flatMap((f) => jsImports(read(f).toString('utf8')));
  const mainFiles = [...new Set([...main, ...loaders])].sort();
  const table = Object.assign({}, ...loaders.map((f) => chunkTable(read(f).toString('utf8'))));
  const size = new Map();
  const brotliOf = (f) => {
    if (!size.has(f)) size.set(f, { file: f, ...sizes(read(f)) });
    return size.get(f).brotli;
  };
  const mainTotal = mainFiles.reduce((sum, f) => sum + brotliOf(f), 0);
  const chunks = Object.entries(table).map(([name, files]) => ({
    name,
    files,
    total: mainTotal + files.reduce((sum, f) => sum + brotliOf(f), 0),
  }));
  // Home and article are in the main module; any other name in the budget is a split point.
  const routes = Object.entries(limits).map(([route, limit]) => {
    const chunk = chunks.find((c) => c.name === route);
    if (!chunk && !MAIN_ROUTES.includes(route)) {
      throw new Error(`perf-budget.json names "${route}", which is neither ${MAIN_ROUTES.join(' nor ')} nor a chunk of this build`);
    }
    const total = chunk ? chunk.total : mainTotal;
    return { route, total, limit, ok: total <= limit };
  });
  const rows = mainFiles.map((f) => size.get(f));
  return { rows, loaders, mainTotal, chunks, routes, ok: routes.every((r) => r.ok) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dist = path.resolve(process.argv[2] || path.join(ROOT, 'dist'));
  try {
    const result = check(dist, budgets());
    for (const r of result.rows) {
      console.log(`${r.file}: ${r.raw} B raw, ${r.gzip} B gzip, ${r.brotli} B brotli`);
    }
    console.log(`main module (JS + wasm + chunk loader): ${result.mainTotal} B brotli`);
    for (const c of result.chunks) {
      console.log(`  with chunk ${c.name} (${c.files.join(', ')}): ${c.total} B brotli`);
    }
    for (const r of result.routes) {
      const verdict = r.ok ? 'within' : 'OVER';
      console.log(`first load of ${r.route}: ${r.total} B brotli, ${verdict} the budget of ${r.limit} B (perf-budget.json)`);
    }
    process.exit(result.ok ? 0 : 1);
  } catch (e) {
    console.error(`size-budget: ${e.message}`);
    process.exit(1);
  }
}
