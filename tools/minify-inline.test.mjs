// node --test tools/: what index.html's inline styles and scripts become in a release build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { minify, minifyInline } from './minify-inline.mjs';

const ROOT = new URL('..', import.meta.url).pathname;

test('inline styles and classic scripts shrink; data, JSON-LD and modules stay as written', () => {
  const data = '<script type="application/json" id="portal-data">{ "a": 1 }</script>';
  const ld = '<script type="application/ld+json">{ "@type": "WebSite" }</script>';
  const module = "<script type=\"module\">\nimport init from '/portal.js';\n</script>";
  const html = `<head><style>
/* The brand colour. */
.menu  {  color : #ffffff ; }
</style>
<script>// Asks early.
(function () { var answer = 1 + 1; window.x = answer; })();
</script>${data}${ld}${module}</head>`;
  const out = minifyInline(html, (text, loader) => minify(ROOT, text, loader));
  assert.match(out, /<style>\.menu\{color:#fff\}<\/style>/);
  assert.doesNotMatch(out, /Asks early|The brand colour/);
  assert.match(out, /<script>\(function\(\)\{[^<]*window\.x=[^<]*<\/script>/);
  for (const kept of [data, ld, module]) assert.ok(out.includes(kept), kept);
  assert.ok(out.length < html.length);
});
