// The app's wasm, split into a main module and chunks loaded on demand (issue #15).
//
// Trunk 0.21 cannot run wasm-split (trunk-rs issue 1022), so index.html's Rust link has
// `data-trunk-skip` and the Trunk post-build hook (tools/post-build.mjs) calls this instead:
//   1. cargo build of the `portal` binary for wasm32, linked with `--emit-relocs`
//      (.cargo/config.toml): the splitter needs the relocations to move code;
//   2. wasm-split-cli (crate wasm_split_cli_support): the main module, one `split_*.wasm`
//      per split point of src/chunks.rs (and shared chunks), and `__wasm_split.js`, which
//      fetches them;
//   3. wasm-bindgen on the main module, with `--keep-lld-exports` (the chunks link to them);
//   4. in release, wasm-opt (npm package binaryen; Debian's breaks the module) on every .wasm,
//      and esbuild's minifier on the JS glue (the chunk loader stays as written: 1 KB, and the
//      size check reads its chunk table);
//   5. content hashes in every file name, the references rewritten to match, so that a page
//      never loads the chunk of another build; then the loader goes into index.html, in
//      place of the Rust link (which Trunk leaves there), and the chunks' files into
//      shell/preload.js, which fetches a lazy route's chunk with the main wasm.
// cargo-leptos's front-end build (src/compile/front.rs) does the same steps.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chunkTable } from './size-budget.mjs';
import { minify } from './minify-inline.mjs';

const BIN = 'portal';
/** The split loader's name as wasm-split-cli writes it and the main JS imports it. */
const LOADER = '__wasm_split.js';
const WASM_OPT_FEATURES = [
  '--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext',
  '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue',
];

/** `name-<16 hex>.ext`: the form the servers cache for a year (is_hashed_asset). */
export function hashedName(file, data) {
  const hash = createHash('sha256').update(data).digest('hex').slice(0, 16);
  const { name, ext } = path.parse(file);
  return `${name}-${hash}${ext}`;
}

/** Points the imports (`from "./old"`) and fetches (`new URL("./old"`) of a generated JS
 * file at the hashed names. Only those: the wasm's own import table keeps its module names. */
export function rewriteRefs(text, renames) {
  let out = text;
  for (const [from, to] of Object.entries(renames)) {
    for (const lead of ['from "./', "from './", 'from"./', "from'./", 'URL("./']) {
      out = out.split(lead + from).join(lead + to);
    }
  }
  return out;
}

/** wasm-split-cli's loader with every chunk's fetch handled where it starts. The loader
 * starts a chunk's own download with its shared chunks' and awaits the shared ones first:
 * when one of those fails, the chunk's own download is never awaited, and its failure (the
 * network is down) became an unhandled rejection, an error in the page. The load still fails
 * as before, through the rejection it awaits, and the app offers to retry. */
export function withHandledFetches(loader) {
  const start = /const src = (fetch\(new URL\([^;]*\)\));/g;
  const out = loader.replace(start, 'const src = $1;\n    src.catch(() => {});');
  if (out === loader && /makeLoad\(/.test(loader)) throw new Error('build-wasm: the chunk loader fetches its chunks differently; wasm-split-cli changed');
  return out;
}

/** The id of style/later.css's link in index.html (see `withLaterStyles`). */
const LATER_STYLES = 'portal-later-css';

/** What index.html gets: the wasm preloaded at once (it downloads in parallel with the
 * route's API data, shell/preload.js; the front server drops the preload from pages that have
 * a first screen, which it would keep waiting), then the module script that starts the app.
 * That script asks for the app's files only once the browser has reported the first
 * contentful paint (after 100 ms in a hidden tab, which paints nothing; after 1 s at most;
 * after the next frame where paint timing is unknown), so that they never hold it up:
 * requests done before it count in Lighthouse's model of a slow phone. Waiting for the next
 * frame only was not enough: the paint is reported a little after its frame, and on a fast
 * connection the JS glue was in by then in 3 of 5 cold loads (simulated FCP 1.15x the static
 * page's instead of 0.95x, docs/performance.md). The app
 * draws what style/later.css styles, so it starts once that sheet is in (or after 3 s without
 * it: the app unstyled in places beats no app), and turns it on. */
export function loaderTags(js, wasm) {
  return `<link rel="preload" href="/${wasm}" as="fetch" type="application/wasm" crossorigin="anonymous">
<script type="module">
await new Promise((painted) => {
  if (window.PerformanceObserver?.supportedEntryTypes?.includes('paint')) {
    new PerformanceObserver((list) => {
      if (list.getEntriesByName('first-contentful-paint').length) painted();
    }).observe({ type: 'paint', buffered: true });
  } else {
    requestAnimationFrame(() => setTimeout(painted));
  }
  setTimeout(painted, document.hidden ? 100 : 1000);
});
const { default: init } = await import('/${js}');
const module_or_path = fetch('/${wasm}');
const later = document.getElementById('${LATER_STYLES}');
if (later) {
  if (!later.sheet) await new Promise((done) => {
    later.addEventListener('load', done);
    later.addEventListener('error', done);
    setTimeout(done, 3000);
  });
  later.media = 'all';
}
const wasm = await init({ module_or_path });
dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
</script>
`;
}

/** index.html with style/later.css's link (as Trunk writes it) for print only, which the
 * browser downloads without holding up the first paint; the loader turns it on. */
export function withLaterStyles(index) {
  const link = /<link rel="stylesheet" href="\/later-[0-9a-f]+\.css"/;
  if (!link.test(index)) throw new Error('build-wasm: index.html has no link to style/later.css');
  return index.replace(link, (tag) => `${tag} media="print" id="${LATER_STYLES}"`);
}

/** The placeholder in shell/preload.js (inlined into index.html) for the chunk table. */
const CHUNKS_PLACEHOLDER = 'var CHUNKS = {}; // __PORTAL_CHUNKS__';

/** index.html with the chunk table (size-budget.mjs's `chunkTable`) in shell/preload.js's
 * placeholder. */
export function withChunkTable(index, table) {
  if (!index.includes(CHUNKS_PLACEHOLDER)) throw new Error('build-wasm: index.html has no chunk table placeholder');
  return index.replace(CHUNKS_PLACEHOLDER, `var CHUNKS = ${JSON.stringify(table)};`);
}

/** index.html with `tags` in place of the Rust link that Trunk skipped and left there. */
export function withLoader(index, tags) {
  const link = /<link\b[^>]*\brel="rust"[^>]*>\n?/;
  if (!link.test(index)) throw new Error('build-wasm: index.html has no Rust link to replace');
  return index.replace(link, tags);
}

function run(cmd, args, opts = {}) {
  execFileSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], ...opts });
}

/** Builds, splits, binds and optimises the app into `staging`, and links it from index.html. */
export function buildWasm({ source, staging, release }) {
  const target = process.env.CARGO_TARGET_DIR || path.join(source, 'target');
  const profile = release ? 'release' : 'debug';
  run('cargo', ['build', '--target=wasm32-unknown-unknown', `--bin=${BIN}`, ...(release ? ['--release'] : [])], {
    cwd: source,
  });
  const input = path.join(target, 'wasm32-unknown-unknown', profile, `${BIN}.wasm`);
  const work = path.join(target, 'wasm-split', profile);
  rmSync(work, { recursive: true, force: true });
  const split = path.join(work, 'split');
  const bound = path.join(work, 'bindgen');
  mkdirSync(bound, { recursive: true });

  run('wasm-split-cli', [input, split, '--target=web', `--out-name=${BIN}`]);
  run('wasm-bindgen', [
    '--target=web', '--keep-lld-exports', '--no-typescript', `--out-dir=${bound}`, `--out-name=${BIN}`,
    path.join(split, `${BIN}.wasm`),
  ]);
  const chunks = readdirSync(split).filter((f) => f.endsWith('.wasm') && f !== `${BIN}.wasm`).sort();
  const wasmFiles = [path.join(bound, `${BIN}_bg.wasm`), ...chunks.map((c) => path.join(split, c))];
  if (release) {
    const wasmOpt = path.join(source, 'node_modules', '.bin', 'wasm-opt');
    for (const f of wasmFiles) run(wasmOpt, ['-Oz', ...WASM_OPT_FEATURES, '--output', f, f]);
  }

  // Chunks first: the loader names them, the main JS names the loader.
  const renames = {};
  for (const c of chunks) {
    const data = readFileSync(path.join(split, c));
    renames[c] = hashedName(c, data);
    writeFileSync(path.join(staging, renames[c]), data);
  }
  // Imports and exports stay as they are.
  const minifyJs = (js) => (release ? minify(source, js, 'js', { esm: true }) : js);
  const loader = withHandledFetches(rewriteRefs(readFileSync(path.join(split, LOADER), 'utf8'), renames));
  const wasm = readFileSync(path.join(bound, `${BIN}_bg.wasm`));
  const wasmName = hashedName(`${BIN}_bg.wasm`, wasm);
  writeFileSync(path.join(staging, wasmName), wasm);
  // The main JS imports the loader and the loader imports the main JS: the loader's name
  // hashes what it will import too, so that no two builds share a name with other content.
  const bindgenJs = minifyJs(readFileSync(path.join(bound, `${BIN}.js`), 'utf8'));
  const loaderName = hashedName(LOADER, loader + bindgenJs + wasmName);
  const js = rewriteRefs(bindgenJs, { [LOADER]: loaderName });
  if (!js.includes(loaderName) && chunks.length > 0) {
    throw new Error(`build-wasm: ${BIN}.js does not import ${LOADER}; wasm-bindgen's output changed`);
  }
  const jsName = hashedName(`${BIN}.js`, js);
  writeFileSync(path.join(staging, jsName), js);
  writeFileSync(path.join(staging, loaderName), rewriteRefs(loader, { [`${BIN}.js`]: jsName }));

  const indexPath = path.join(staging, 'index.html');
  const index = withLaterStyles(withLoader(readFileSync(indexPath, 'utf8'), loaderTags(jsName, wasmName)));
  writeFileSync(indexPath, withChunkTable(index, chunkTable(loader)));
  return { js: jsName, wasm: wasmName, loader: loaderName, chunks: Object.values(renames) };
}
