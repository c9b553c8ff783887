// The browser and the phone the page-speed scripts measure with (bench.mjs, tasks.mjs):
// the system Chromium, and Lighthouse's own mobile screen and slow 4G with 4× CPU.
import { screenEmulationMetrics, throttling } from 'lighthouse/core/config/constants.js';

export const CHROME = process.env.CHROME_PATH || '/usr/bin/chromium';
// No calls to Google's services: the machine has no network beyond loopback and registries.
export const CHROME_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];
export const SLOW_4G = throttling.mobileSlow4G;
export const PHONE = screenEmulationMetrics.mobile;
