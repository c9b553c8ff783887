// The measurements of `cargo xtask bench` (see docs/performance.md): Lighthouse cold loads of
// the home page, the seed article and its static baseline, a repeat visit with the service
// worker, an in-app navigation from home to an article, and the compressed sizes of the build.
//
// It measures, then report.mjs takes the medians, checks the targets and makes the markdown
// tables, which are printed and written to --out as JSON ({ markdown, benchmark_index, info },
// also when a measurement failed); xtask pastes the markdown into docs/performance.md.

import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import zlib from 'node:zlib';

import puppeteer from 'puppeteer-core';

import { PHONE, SLOW_4G, coldLoad, launchChrome, lighthouseOn } from './chrome.mjs';
import { budgets, check as sizeCheck, sizes as compressedSizes } from '../tools/size-budget.mjs';
import { BASELINE_PATH, addInfo, addNote, addSample, newResults, report } from './report.mjs';

const { values: opt } = parseArgs({
  options: {
    app: { type: 'string' }, // base URL of the server with the sample data
    'app-big': { type: 'string' }, // base URL of the server with many generated articles
    baseline: { type: 'string', default: BASELINE_PATH },
    article: { type: 'string', default: '1024' },
    runs: { type: 'string', default: '5' },
    'extra-articles': { type: 'string', default: '0' }, // how many the second server generated
    dist: { type: 'string' }, // the build whose files are sized
    out: { type: 'string' },
  },
});
if (!opt.app || !opt.dist || !opt.out) {
  console.error('usage: node bench.mjs --app URL [--app-big URL] --dist DIR --out FILE [--runs N] ' +
    '[--extra-articles N]');
  process.exit(2);
}
const RUNS = Math.max(1, Number.parseInt(opt.runs, 10) || 5);
const APP = opt.app.replace(/\/$/, '');
const APP_BIG = opt['app-big']?.replace(/\/$/, '');

const results = newResults();
const note = (text) => {
  console.log(`note: ${text}`);
  addNote(results, text);
};

/** GET with brotli/gzip allowed: status, body as sent, body decoded. */
function get(url) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { 'accept-encoding': 'br, gzip' } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const sent = Buffer.concat(chunks);
        const encoding = res.headers['content-encoding'];
        const body = encoding === 'br' ? zlib.brotliDecompressSync(sent)
          : encoding === 'gzip' ? zlib.gunzipSync(sent) : sent;
        resolve({ status: res.statusCode, sent, body });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error(`timeout: ${url}`)));
  });
}

async function getJson(url) {
  const r = await get(url);
  if (r.status !== 200) throw new Error(`${url} answered ${r.status}`);
  return { json: JSON.parse(r.body.toString('utf8')), sent: r.sent.length, raw: r.body.length };
}

const connect = (chrome) =>
  puppeteer.connect({ browserURL: `http://127.0.0.1:${chrome.port}`, defaultViewport: null });

const described = new Set();
/**
 * Runs `once` and records its figures under `lh.<name>.*`, and returns them; a failed run is
 * noted and skipped (null).
 */
async function lighthouseSample(name, run, once) {
  try {
    const r = await once();
    for (const [k, v] of Object.entries(r.metrics)) addSample(results, `lh.${name}.${k}`, v);
    if (!described.has('lighthouse')) {
      described.add('lighthouse');
      addInfo(results, 'lighthouse', r.version);
      addInfo(results, 'user_agent', r.userAgent);
    }
    if (r.lcpElement && !described.has(name)) {
      described.add(name);
      addInfo(results, `lcp_element.${name}`, r.lcpElement);
    } else if (!r.lcpElement && r.lcpElementError && !described.has('lcp_error')) {
      // Seen with Lighthouse 12.2.3 on Chromium 156: the metrics are fine, this diagnostic is not.
      described.add('lcp_error');
      note(`Lighthouse could not name the LCP element: ${r.lcpElementError}`);
    }
    for (const w of r.warnings) note(`${name} run ${run}: Lighthouse warns: ${w}`);
    const m = r.metrics;
    console.log(`${name} ${run}/${RUNS}: score ${m.score}, FCP ${m.fcp.toFixed(0)} ms, ` +
      `LCP ${m.lcp.toFixed(0)} ms, TBT ${m.tbt.toFixed(0)} ms, CLS ${m.cls.toFixed(3)}, ` +
      `${(m.bytes / 1000).toFixed(1)} kB`);
    return m;
  } catch (e) {
    note(`${name} run ${run} failed: ${e.message}`);
    return null;
  }
}

/** Whether the baseline's inline <style> applies (a Content-Security-Policy may block it). */
async function baselineStyled(url) {
  const chrome = await launchChrome();
  try {
    const browser = await connect(chrome);
    const page = await browser.newPage();
    const response = await page.goto(url, { waitUntil: 'load' });
    // The baseline's style sets `body { margin: 0 }`; a browser's own is 8px.
    const styled = await page.evaluate(() => getComputedStyle(document.body).marginTop === '0px');
    addInfo(results, 'baseline_styled', styled ? 'yes' : 'no');
    if (!styled) {
      const csp = response?.headers()['content-security-policy'] ?? 'none';
      note(`the baseline's inline <style> was not applied (Content-Security-Policy: ${csp}): ` +
        'the baseline is measured unstyled');
    }
    browser.disconnect();
  } finally {
    await chrome.kill();
  }
}

/**
 * Repeat visits: the article is opened twice in one profile (the first load installs the
 * service worker, which takes control; the second goes through it and fills its caches), then
 * Lighthouse loads it again without clearing storage or the HTTP cache. Lighthouse sees only
 * the page, where answers from the worker weigh 0 bytes, so the worker's own fetches (an
 * article is network-first) are counted beside it.
 */
async function repeatVisits(url) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-bench-profile-'));
  const chrome = await launchChrome(profile);
  try {
    const browser = await connect(chrome);
    const page = await browser.newPage();
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForFunction(() => navigator.serviceWorker?.controller, { timeout: 60_000 });
    await page.reload({ waitUntil: 'networkidle0' });
    // The worker stores responses just after handing them over.
    await new Promise((r) => setTimeout(r, 1000));
    const cached = await page.evaluate(async () => (await caches.keys()).join(', '));
    addInfo(results, 'repeat_caches', cached);
    await page.close();
    const counter = new ByteCounter();
    await watchWorkers(browser, counter);
    for (let run = 1; run <= RUNS; run++) {
      counter.reset();
      counter.counting = true;
      const m = await lighthouseSample('repeat', run, () => lighthouseOn(chrome.port, url, { disableStorageReset: true }));
      counter.counting = false;
      if (m) {
        addSample(results, 'lh.repeat.worker_bytes', counter.total());
        addSample(results, 'lh.repeat.total_bytes', m.bytes + counter.total());
        console.log(`  and the service worker fetched ${(counter.total() / 1000).toFixed(1)} kB`);
      }
    }
    browser.disconnect();
  } finally {
    await chrome.kill();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

/** Counts the network traffic of every service worker of `browser`, now and later. */
async function watchWorkers(browser, counter) {
  let n = 0;
  const attach = async (target) => {
    if (target.type() !== 'service_worker') return;
    try {
      const session = await target.createCDPSession();
      counter.watch(session, `sw${(n += 1)}`);
      await session.send('Network.enable');
    } catch (e) {
      note(`cannot watch a service worker: ${e.message}`);
    }
  };
  browser.on('targetcreated', attach);
  for (const target of browser.targets()) await attach(target);
}

/** Bytes received on the wire, by kind, from the page's and its service worker's sessions. */
class ByteCounter {
  constructor() {
    this.counting = false;
    this.responses = new Map();
    this.reset();
  }

  reset() {
    this.bytes = { api: 0, image: 0, other: 0 };
    this.requests = 0;
  }

  total() {
    return this.bytes.api + this.bytes.image + this.bytes.other;
  }

  watch(session, where) {
    session.on('Network.responseReceived', (e) => this.responses.set(where + e.requestId, e.response));
    session.on('Network.loadingFinished', (e) => {
      const response = this.responses.get(where + e.requestId);
      // A page request answered by the worker is counted once, as the worker's own fetch.
      if (!this.counting || !response || (where === 'page' && response.fromServiceWorker)) return;
      const p = new URL(response.url).pathname;
      const kind = p.startsWith('/api/') ? 'api' : p.startsWith('/media/') ? 'image' : 'other';
      this.bytes[kind] += e.encodedDataLength;
      this.requests += 1;
    });
  }
}

/** Clicks `selector` and resolves with the ms until an h1 reading `title` has been painted. */
function clickUntilHeadline(selector, title) {
  return new Promise((resolve, reject) => {
    let done = false;
    const shown = () => [...document.querySelectorAll('h1')].some((h) => h.textContent.trim() === title);
    const observer = new MutationObserver(() => {
      if (done || !shown()) return;
      done = true;
      observer.disconnect();
      // The frame with the headline is painted before a task queued from its rAF runs.
      requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - start), 0));
    });
    setTimeout(() => {
      if (!done) reject(new Error(`no headline "${title}" 30 s after the click`));
    }, 30_000);
    observer.observe(document, { childList: true, subtree: true, characterData: true });
    const start = performance.now();
    document.querySelector(selector).click();
  });
}

/**
 * One in-app navigation on a phone: home opens unthrottled and settles (service worker in
 * control), then with Lighthouse's slow 4G and 4x CPU applied as DevTools throttling, the
 * first article link is clicked.
 */
async function navigation(run) {
  const chrome = await launchChrome();
  try {
    const browser = await connect(chrome);
    const page = await browser.newPage();
    await page.setViewport({
      width: PHONE.width, height: PHONE.height, deviceScaleFactor: PHONE.deviceScaleFactor,
      isMobile: true, hasTouch: true,
    });
    const link = 'main a[href^="/bai-viet/"]';
    await page.goto(`${APP}/`, { waitUntil: 'networkidle0' });
    await page.waitForFunction(
      (sel) => navigator.serviceWorker?.controller && document.querySelector(sel),
      { timeout: 60_000 }, link);
    const worker = await browser.waitForTarget((t) => t.type() === 'service_worker', { timeout: 30_000 });
    const href = await page.$eval(link, (a) => a.getAttribute('href'));
    const id = /\/bai-viet\/(\d+)/.exec(href)?.[1];
    if (!id) throw new Error(`unexpected article link ${href}`);
    const article = await getJson(`${APP}/api/v1/articles/${id}`);

    const counter = new ByteCounter();
    const sessions = [[await page.createCDPSession(), 'page'], [await worker.createCDPSession(), 'sw']];
    const conditions = {
      offline: false,
      latency: SLOW_4G.requestLatencyMs,
      downloadThroughput: (SLOW_4G.downloadThroughputKbps * 1024) / 8,
      uploadThroughput: (SLOW_4G.uploadThroughputKbps * 1024) / 8,
    };
    for (const [session, where] of sessions) {
      counter.watch(session, where);
      await session.send('Network.enable');
      await session.send('Network.emulateNetworkConditions', conditions);
    }
    await sessions[0][0].send('Emulation.setCPUThrottlingRate', { rate: SLOW_4G.cpuSlowdownMultiplier });
    await page.waitForNetworkIdle({ idleTime: 500, timeout: 30_000 });

    counter.counting = true;
    const ms = await page.evaluate(clickUntilHeadline, link, article.json.title);
    // Photos and comments of the article arrive after its headline.
    await page.waitForNetworkIdle({ idleTime: 1500, timeout: 60_000 });
    counter.counting = false;

    const total = counter.total();
    addInfo(results, 'nav_article', href);
    for (const [key, value] of Object.entries({
      ms, bytes: total, api_bytes: counter.bytes.api, image_bytes: counter.bytes.image,
      other_bytes: counter.bytes.other, requests: counter.requests, json_sent: article.sent,
      json_raw: article.raw,
    })) addSample(results, `nav.${key}`, value);
    console.log(`navigation ${run}/${RUNS}: ${href}: headline after ${ms.toFixed(0)} ms, ` +
      `${counter.requests} requests, ${(total / 1000).toFixed(1)} kB ` +
      `(article JSON ${(article.sent / 1000).toFixed(1)} kB compressed)`);
    browser.disconnect();
  } catch (e) {
    note(`navigation run ${run} failed: ${e.message}`);
  } finally {
    await chrome.kill();
  }
}

/** Files of the build under `dir`, relative names. */
function files(dir, prefix = '') {
  return fs.readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(prefix, e.name);
    return e.isDirectory() ? files(dir, rel) : [rel];
  });
}

/** Sizes of the build's files, each with its part: the main module (the JS glue, the wasm and
 * the chunk loader: the reading path's first load, as the size check counts it), the chunks
 * (fetched when their page is opened), hls.js (only to play a stream), the rest. Then what a
 * route's first load downloads and the test command's budgets for it (perf-budget.json). */
function sizes(dist) {
  const sized = sizeCheck(dist, budgets());
  const loaders = new Set(sized.loaders);
  const chunks = new Set(sized.chunks.flatMap((c) => c.files));
  for (const rel of files(dist).sort()) {
    const kind = rel.startsWith('vendor/') ? (rel.endsWith('.js') ? 'vendor' : null)
      : chunks.has(rel) ? 'chunk'
        : loaders.has(rel) ? 'loader'
          : rel.endsWith('.wasm') ? 'wasm'
            : rel === 'sw.js' ? 'sw'
              : rel.endsWith('.js') ? 'js'
                : rel.endsWith('.css') ? 'css'
                  : rel === 'index.html' ? 'html' : null;
    if (!kind) continue;
    const { raw, gzip, brotli } = compressedSizes(fs.readFileSync(path.join(dist, rel)));
    results.sizes.push({ kind, file: rel, raw, gzip, brotli });
    console.log(`${rel}: ${raw} B, gzip ${gzip} B, brotli ${brotli} B`);
  }
  for (const r of sized.routes) {
    addInfo(results, `first_load_${r.route}`, r.total);
    addInfo(results, `budget_first_load_${r.route}`, r.limit);
  }
}

/** Every measurement in turn; a failed one is noted and the others go on, unless the server
 * cannot be read at all. */
async function measure() {
  const { json: seed } = await getJson(`${APP}/api/v1/articles/${opt.article}`);
  const articlePath = `/bai-viet/${seed.id}/${seed.slug}`;
  addInfo(results, 'article_path', articlePath);
  addInfo(results, 'baseline_path', opt.baseline);
  addInfo(results, 'node', process.version);
  for (const [name, base] of [['app', APP], ['app_big', APP_BIG]]) {
    if (base) addInfo(results, `articles.${name}`, (await getJson(`${base}/api/v1/articles?per_page=1`)).json.total);
  }

  console.log('\n== Sizes of the build (raw, gzip -9, brotli 11)');
  sizes(opt.dist);

  console.log(`\n== Cold loads, ${RUNS} runs each (Lighthouse, mobile defaults; ` +
    'then home, article and baseline again with DevTools throttling)');
  addInfo(results, 'devtools_throttling', `request latency ${SLOW_4G.requestLatencyMs} ms, ` +
    `download ${SLOW_4G.downloadThroughputKbps.toFixed(1)} Kbps, ` +
    `upload ${SLOW_4G.uploadThroughputKbps.toFixed(1)} Kbps, CPU ${SLOW_4G.cpuSlowdownMultiplier}x slower`);
  const pages = [['home', `${APP}/`], ['article', `${APP}${articlePath}`], ['baseline', `${APP}${opt.baseline}`]];
  const simulated = pages.map(([name, url]) => [name, url, 'simulate']);
  if (APP_BIG) simulated.push(['home_big', `${APP_BIG}/`, 'simulate']);
  // Figures with DevTools throttling go under `lh.<page>_devtools.*`.
  const devtools = pages.map(([name, url]) => [`${name}_devtools`, url, 'devtools']);
  // Pages take turns, so that a busy spell of the machine does not land on one page only.
  for (let run = 1; run <= RUNS; run++) {
    for (const [name, url, method] of [...simulated, ...devtools]) {
      await lighthouseSample(name, run, () => coldLoad(url, method));
    }
  }
  await baselineStyled(`${APP}${opt.baseline}`);

  console.log('\n== Repeat visits of the article (service worker and HTTP cache kept)');
  try {
    await repeatVisits(`${APP}${articlePath}`);
  } catch (e) {
    note(`repeat visits failed: ${e.message}`);
  }

  console.log('\n== In-app navigation from home to an article (slow 4G, 4x CPU)');
  for (let run = 1; run <= RUNS; run++) await navigation(run);
}

// The figures measured so far are reported even when a step failed; xtask then writes nothing.
try {
  await measure();
} finally {
  const out = report(results, Number.parseInt(opt['extra-articles'], 10));
  fs.writeFileSync(opt.out, JSON.stringify(out, null, 1));
  console.log(`\n${out.markdown}`);
}
