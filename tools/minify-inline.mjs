// The styles and the classic scripts that Trunk inlines into index.html, minified by esbuild
// (release builds only, from tools/post-build.mjs). Every page carries them, and the page must
// fit in the first round trip of a slow connection (issue #14): 37 KB of commented CSS and
// 9 KB of commented JS go down to about 29 KB and 4 KB (8.6 + 3.6 KB gzip -> 6.8 + 1.8 KB).
// Runs before the service worker is written, whose version hashes index.html.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** `text` minified by esbuild with `loader` (`css` or `js`); `esm` for an ES module, whose
 * top-level names are its own and shrink too. */
export function minify(source, text, loader, { esm = false } = {}) {
  const esbuild = path.join(source, 'node_modules', '.bin', 'esbuild');
  const args = ['--minify', `--loader=${loader}`, '--log-level=warning', ...(esm ? ['--format=esm'] : [])];
  return execFileSync(esbuild, args, {
    input: text,
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'inherit'],
  }).trim();
}

/** `html` with the body of every bare `<style>` and `<script>` (the ones Trunk inlined: no
 * attributes, so JSON data, JSON-LD and module scripts are left alone) passed to `min`. */
export function minifyInline(html, min) {
  return html
    .replace(/<style>([\s\S]*?)<\/style>/g, (_, css) => `<style>${min(css, 'css')}</style>`)
    .replace(/<script>([\s\S]*?)<\/script>/g, (_, js) => `<script>${min(js, 'js')}</script>`);
}
