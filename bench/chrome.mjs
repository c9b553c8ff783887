// The browser and the phone the page-speed scripts measure with (bench.mjs, tasks.mjs,
// compare.mjs): the system Chromium, and Lighthouse's own mobile screen and slow 4G with 4×
// CPU; and one Lighthouse run on it.
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { screenEmulationMetrics, throttling } from 'lighthouse/core/config/constants.js';

export const CHROME = process.env.CHROME_PATH || '/usr/bin/chromium';
// No calls to Google's services: the machine has no network beyond loopback and registries.
export const CHROME_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];
export const SLOW_4G = throttling.mobileSlow4G;
export const PHONE = screenEmulationMetrics.mobile;

export const launchChrome = (userDataDir) =>
  chromeLauncher.launch({ chromePath: CHROME, chromeFlags: CHROME_FLAGS, userDataDir });

/**
 * One Lighthouse run (mobile defaults, performance only) on an open Chrome. `throttlingMethod`
 * 'simulate' is Lighthouse's default (Lantern estimates the metrics from an unthrottled load);
 * 'devtools' applies its slow 4G and 4x CPU to the browser and measures what it sees.
 */
export async function lighthouseOn(port, url, { disableStorageReset = false, throttlingMethod = 'simulate' } = {}) {
  const result = await lighthouse(url, {
    port, output: 'json', logLevel: 'error', onlyCategories: ['performance'], disableStorageReset,
    throttlingMethod, throttling: SLOW_4G,
  });
  const lhr = result?.lhr;
  if (!lhr) throw new Error('Lighthouse returned no report');
  if (lhr.runtimeError) throw new Error(`${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
  const score = lhr.categories.performance.score;
  if (score === null) throw new Error('no performance score (a metric failed)');
  const value = (id) => lhr.audits[id]?.numericValue;
  const lcpAudit = lhr.audits['largest-contentful-paint-element'];
  return {
    metrics: {
      score: Math.round(score * 100),
      fcp: value('first-contentful-paint'),
      lcp: value('largest-contentful-paint'),
      tbt: value('total-blocking-time'),
      cls: value('cumulative-layout-shift'),
      bytes: value('total-byte-weight'),
      benchmark: lhr.environment.benchmarkIndex,
    },
    lcpElement: lcpAudit?.details?.items?.[0]?.items?.[0]?.node?.snippet,
    lcpElementError: lcpAudit?.errorMessage,
    version: lhr.lighthouseVersion,
    userAgent: lhr.environment.hostUserAgent,
    warnings: lhr.runWarnings ?? [],
  };
}

/** A cold load: a fresh Chrome with an empty profile, like the Lighthouse CLI. */
export async function coldLoad(url, throttlingMethod) {
  const chrome = await launchChrome();
  try {
    return await lighthouseOn(chrome.port, url, { throttlingMethod });
  } finally {
    await chrome.kill();
  }
}
