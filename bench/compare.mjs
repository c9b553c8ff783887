// Lighthouse's simulated cold loads of several pages, taking turns, for comparing a change
// with what it replaces in one run (the machine's speed moves between runs): the median FCP
// and LCP of each page, and their ratio to the first page's (the baseline, usually).
//
//   node bench/compare.mjs --runs N URL...
//
// Each load is a fresh headless Chromium, as in bench.mjs; each run lists FCP/LCP/TBT/score.
import { parseArgs } from 'node:util';

import { coldLoad } from './chrome.mjs';
import { median } from './report.mjs';

const { values, positionals: urls } = parseArgs({
  allowPositionals: true,
  options: { runs: { type: 'string', default: '5' } },
});
const runs = Number(values.runs);
if (urls.length === 0 || !(runs > 0)) {
  console.error('usage: node bench/compare.mjs --runs N URL...');
  process.exit(2);
}

const results = new Map(urls.map((url) => [url, []]));
for (let run = 0; run < runs; run++) {
  for (const url of urls) results.get(url).push((await coldLoad(url, 'simulate')).metrics);
}

const medianOf = (url, metric) => Math.round(median(results.get(url).map((r) => r[metric])));
for (const url of urls) {
  const ratio = (metric) => (medianOf(url, metric) / medianOf(urls[0], metric)).toFixed(3);
  console.log(url);
  console.log(`  FCP ${medianOf(url, 'fcp')} ms (${ratio('fcp')}x), LCP ${medianOf(url, 'lcp')} ms ` +
    `(${ratio('lcp')}x), TBT ${medianOf(url, 'tbt')} ms; runs FCP/LCP/TBT/score: ` +
    results.get(url).map((r) => [r.fcp, r.lcp, r.tbt].map(Math.round).concat(r.score).join('/')).join(' '));
}
