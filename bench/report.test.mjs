// node --test bench/: the medians, verdicts and tables of `cargo xtask bench` (report.mjs), from a
// fixed sample of results.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  MISS, NONE, PASS, addInfo, addNote, addSample, checks, jsWasmBrotli, median, newResults, report, tables,
} from './report.mjs';

test('medians', () => {
  assert.equal(median([]), null);
  assert.equal(median(), null);
  assert.equal(median([3]), 3);
  assert.equal(median([5, 1, 4, 2, 3]), 3);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([0.1, Number.MAX_VALUE, 0.2]), 0.2);
  assert.equal(median([10, 9, 100]), 10, 'numbers, not strings, are compared');
});

function sample() {
  const r = newResults();
  addInfo(r, 'article_path', '/bai-viet/1024/so-ket');
  addInfo(r, 'node', 'v20.20.2');
  r.sizes.push(
    { kind: 'wasm', file: 'portal_bg.wasm', raw: 956499, gzip: 402387, brotli: 313624 },
    { kind: 'js', file: 'portal.js', raw: 68343, gzip: 10651, brotli: 8982 },
    { kind: 'sw', file: 'sw.js', raw: 8677, gzip: 3124, brotli: 2676 },
    { kind: 'css', file: 'main.css', raw: 25771, gzip: 5975, brotli: 5158 },
  );
  const samples = {
    'lh.home.score': [100, 98, 100],
    'lh.home.lcp': [1500, NaN, undefined],
    'lh.home.cls': [0],
    'lh.home.tbt': [60],
    'lh.home.benchmark': [1000, 1200],
    'lh.article.score': [75],
    'lh.article.lcp': [3000],
    'lh.article.fcp': [1000],
    'lh.article.cls': [0.246],
    'lh.article.tbt': [20],
    'lh.article.benchmark': [1100],
    'lh.baseline.lcp': [1200],
    'lh.baseline.fcp': [900],
    'lh.article_devtools.score': [93],
    'lh.article_devtools.lcp': [1600, 1500],
    'lh.article_devtools.fcp': [1500],
    'lh.article_devtools.bytes': [440000],
    'lh.baseline_devtools.lcp': [1200],
    'lh.baseline_devtools.fcp': [1200],
    'lh.repeat.lcp': [1000],
    'lh.repeat.bytes': [0],
    'lh.repeat.total_bytes': [3100],
    'nav.bytes': [3201],
    'nav.json_sent': [2238],
  };
  for (const [key, values] of Object.entries(samples)) for (const v of values) addSample(r, key, v);
  addInfo(r, 'devtools_throttling', 'request latency 562.5 ms');
  addInfo(r, 'lcp_element.article', '<h1 class="title">\n  Sơ kết\n</h1>');
  addNote(r, 'something  to know\n');
  addNote(r, 'something to know');
  return r;
}

test('samples, notes and sizes are collected', () => {
  const r = sample();
  assert.equal(r.samples['lh.home.lcp'].length, 1, 'NaN and undefined are left out');
  assert.deepEqual(r.notes, ['something to know'], 'a note is cleaned and kept once');
  assert.equal(r.info['lcp_element.article'], '<h1 class="title"> Sơ kết </h1>');
  assert.equal(jsWasmBrotli(r), 313_624 + 8_982);
  assert.equal(jsWasmBrotli(newResults()), null);
});

const verdict = (list, what) => {
  const c = list.find((x) => x.what.startsWith(what));
  assert.ok(c, `no check ${what}`);
  return c.verdict;
};

test('targets pass or miss but never fail', () => {
  let c = checks(sample(), 20_000);
  assert.equal(verdict(c, 'Home: performance score'), PASS);
  assert.equal(verdict(c, 'Article: performance score'), MISS);
  // 3000 / 1200 = 2.5 > 1.5; 1000 / 900 = 1.11 ≤ 1.15.
  assert.equal(verdict(c, 'Article LCP ÷ baseline LCP'), MISS);
  assert.equal(verdict(c, 'Article FCP ÷ baseline FCP'), PASS);
  assert.equal(verdict(c, 'Home: CLS'), PASS);
  assert.equal(verdict(c, 'Article: CLS'), MISS);
  assert.equal(verdict(c, 'Home: TBT'), MISS);
  assert.equal(verdict(c, 'Article: TBT'), PASS);
  assert.equal(verdict(c, 'Article LCP, repeat visit'), PASS);
  assert.equal(verdict(c, 'JS + wasm, brotli, first load of article'), MISS);
  assert.ok(!c.some((x) => x.what.includes('perf-budget.json')));

  const withBudget = sample();
  addInfo(withBudget, 'first_load_article', 190000);
  addInfo(withBudget, 'budget_first_load_article', 200000);
  c = checks(withBudget, 20_000);
  assert.equal(verdict(c, "First load of article against the test command's budget"), PASS);
  assert.equal(verdict(c, 'JS + wasm, brotli, first load of article'), MISS);
  assert.equal(verdict(c, 'In-app navigation'), NONE);
  const lcp = c.find((x) => x.what.startsWith('Article LCP ÷'));
  assert.equal(lcp.measured, '2.50× (3000 / 1200 ms)');
  // 1550 / 1200 = 1.29 ≤ 1.5; 1500 / 1200 = 1.25 > 1.15.
  const exact = (what) => c.find((x) => x.what === what);
  const devLcp = exact('Article LCP ÷ baseline LCP (DevTools throttling)');
  assert.deepEqual([devLcp.measured, devLcp.verdict], ['1.29× (1550 / 1200 ms)', PASS]);
  const devFcp = exact('Article FCP ÷ baseline FCP (DevTools throttling)');
  assert.deepEqual([devFcp.measured, devFcp.verdict], ['1.25× (1500 / 1200 ms)', MISS]);
  // Nothing measured: no verdict rather than a pass or a miss.
  assert.ok(checks(newResults(), 20_000).every((x) => x.verdict === NONE));
});

test('tables show medians and totals', () => {
  const t = tables(sample(), 20_000);
  const has = (text, where = t) => assert.ok(where.includes(text), `${text}\nnot in\n${t}`);
  has('| article `/bai-viet/1024/so-ket` | 75 | 1000 | 3000 | 20 | 0.246 | — | 1 |');
  has('| home `/`, 20000 generated articles added | — | — | — | — | — | — | 0 |');
  has('| **main module: JS + wasm + chunk loader** | | 1024842 | 413038 | 322606 |');
  has('| `sw.js` | service worker (not loaded by the page) | 8677 | 3124 | 2676 |');
  has('| Article LCP ÷ baseline LCP | 2.50× (3000 / 1200 ms) | ≤ 1.5× | **miss** |');
  const devtools = t
    .split('### Cold loads, DevTools throttling (real slow 4G and 4× CPU applied to the browser)')[1]
    ?.split('### Targets')[0];
  assert.ok(devtools, 'a table with DevTools throttling before the targets');
  has('(request latency 562.5 ms), median of 2 runs', devtools);
  has('| article `/bai-viet/1024/so-ket` | 93 | 1500 | 1550 | — | — | 440.0 | 2 |', devtools);
  has('| baseline: ', devtools);
  assert.ok(!devtools.includes('generated articles') && !devtools.includes('repeat'), devtools);
  has('Article ÷ baseline with DevTools throttling: LCP 1.29× (1550 / 1200 ms), FCP 1.25× (1500 / 1200 ms).',
    devtools);
  has('| Article LCP ÷ baseline LCP (DevTools throttling) | 1.29× (1550 / 1200 ms) | ≤ 1.5× | pass |');
  has('| article, repeat visit (service worker and HTTP cache kept) | — | — | 1000 | — | — | 3.1 | 1 |');
  has('Repeat visit: transferred = what Lighthouse sees the page receive (0.0 kB; ');
  has('| `—` | — | 3.2 | — | — | — | — | 2.2 / — |');
  // Sections follow one another with one blank line, and the tables end with a line break.
  assert.ok(!t.includes('\n\n\n') && t.endsWith('|\n'), t);
});

test('the report xtask pastes: tables, then notes, and the benchmark index', () => {
  const r = sample();
  const out = report(r, 20_000);
  assert.equal(out.benchmark_index, 1100, 'the median of every page\'s runs');
  assert.equal(out.info.node, 'v20.20.2');
  const [tablesPart, notesPart] = out.markdown.split('|\n\n- ');
  assert.ok(tablesPart.startsWith('### Cold loads (Lighthouse, mobile, simulated throttling; median of 1 runs)'));
  assert.equal(`- ${notesPart}`,
    '- LCP element of article: `<h1 class="title"> Sơ kết </h1>`\n- something to know\n');
  addInfo(r, 'baseline_styled', 'no');
  assert.ok(report(r, 20_000).markdown.includes("\n- The baseline's inline `<style>` applied: no.\n- LCP"));
  assert.equal(report(newResults(), 0).benchmark_index, null);
  assert.deepEqual(JSON.parse(JSON.stringify(out)), out, 'it survives JSON');
});
