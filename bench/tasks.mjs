// Where a page's main-thread time goes in a cold load, with the benchmark's 4× CPU slowdown:
// the tasks of 50 ms or more (the ones Total Blocking Time counts) and what ran in each.
// Lighthouse reports TBT as one number; this says which task it comes from.
//
//   node bench/tasks.mjs URL [--runs N] [--js-flags FLAGS]
//
// Each run loads URL in a fresh headless Chromium on the benchmark's phone (chrome.mjs) and
// records a trace. The last line gives the median length of the task that starts the app (the
// first one that runs a script file, such as the wasm-bindgen glue). `--js-flags` passes V8
// flags, e.g. `--no-wasm-lazy-compilation` to see what V8's lazy compilation of wasm costs.
import { parseArgs } from 'node:util';

import puppeteer from 'puppeteer-core';

import { CHROME, CHROME_FLAGS, PHONE, SLOW_4G } from './chrome.mjs';
import { median } from './report.mjs';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { runs: { type: 'string', default: '5' }, 'js-flags': { type: 'string' } },
});
const [url] = positionals;
const runs = Number(values.runs);
if (!url || !(runs > 0)) {
  console.error('usage: node bench/tasks.mjs URL [--runs N] [--js-flags FLAGS]');
  process.exit(2);
}

const CPU_SLOWDOWN = SLOW_4G.cpuSlowdownMultiplier;
const LONG_TASK_MS = 50;
// What a task did, named after its biggest part.
const PARTS = ['EvaluateScript', 'FunctionCall', 'TimerFire', 'RunMicrotasks', 'ParseHTML', 'Layout', 'UpdateLayoutTree', 'Paint', 'EventDispatch'];

async function traceOnce() {
  const args = [...CHROME_FLAGS];
  if (values['js-flags']) args.push(`--js-flags=${values['js-flags']}`);
  const browser = await puppeteer.launch({ executablePath: CHROME, headless: true, args });
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: PHONE.width, height: PHONE.height, isMobile: true, deviceScaleFactor: PHONE.deviceScaleFactor });
    const cdp = await page.createCDPSession();
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    await page.tracing.start({ categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'loading', 'blink.user_timing'] });
    await page.goto(url, { waitUntil: 'networkidle0' });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const trace = JSON.parse(Buffer.from(await page.tracing.stop()).toString('utf8'));
    return trace.traceEvents;
  } finally {
    await browser.close();
  }
}

function tasksOf(events) {
  const nav = events.find((e) => e.name === 'navigationStart' && e.args?.data?.documentLoaderURL === url);
  if (!nav) throw new Error(`no navigation to ${url} in the trace`);
  const thread = events.filter((e) => e.pid === nav.pid && e.tid === nav.tid && e.ph === 'X' && e.ts >= nav.ts);
  return thread
    .filter((e) => e.name === 'RunTask')
    .map((task) => ({ task, inner: thread.filter((e) => e !== task && e.ts >= task.ts && e.ts + e.dur <= task.ts + task.dur) }))
    // The blank page the browser starts on is unloaded after navigationStart: not this page's work.
    .filter(({ inner }) => !inner.some((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'pagehide'))
    .map(({ task, inner }) => {
      const time = {};
      for (const e of inner) if (PARTS.includes(e.name)) time[e.name] = (time[e.name] || 0) + e.dur / 1000;
      const script = inner.find((e) => /^(EvaluateScript|FunctionCall)$/.test(e.name) && /\.js$/.test(e.args?.data?.url || ''));
      const [biggest] = Object.entries(time).sort((a, b) => b[1] - a[1]);
      return {
        start: (task.ts - nav.ts) / 1000,
        duration: task.dur / 1000,
        what: script ? `script ${script.args.data.url.split('/').pop()}` : biggest ? describe(biggest[0], inner) : 'other',
        runsScriptFile: Boolean(script),
      };
    });
}

// An event task is named by the events it dispatched.
function describe(part, inner) {
  if (part !== 'EventDispatch') return part;
  const types = [...new Set(inner.filter((e) => e.name === part).map((e) => e.args?.data?.type))];
  return `events ${types.filter(Boolean).join(', ')}`;
}

const startTasks = [];
const scriptBlocking = [];
for (let run = 1; run <= runs; run++) {
  const tasks = tasksOf(await traceOnce());
  const long = tasks.filter((t) => t.duration >= LONG_TASK_MS);
  console.log(`run ${run}: ${long.length} tasks of ${LONG_TASK_MS} ms or more`);
  for (const t of long) console.log(`  at ${t.start.toFixed(0).padStart(5)} ms: ${t.duration.toFixed(0).padStart(4)} ms  ${t.what}`);
  const start = tasks.find((t) => t.runsScriptFile);
  if (start) startTasks.push(start.duration);
  const scripts = tasks.filter((t) => t.runsScriptFile);
  scriptBlocking.push(scripts.reduce((sum, t) => sum + Math.max(0, t.duration - LONG_TASK_MS), 0));
}
if (startTasks.length) {
  const sorted = [...startTasks].sort((a, b) => a - b).map((d) => d.toFixed(0));
  console.log(`start-up task (${CPU_SLOWDOWN}× CPU): median ${median(startTasks).toFixed(0)} ms of ${startTasks.length} runs (${sorted.join(', ')})`);
}
if (scriptBlocking.length) {
  const sorted = [...scriptBlocking].sort((a, b) => a - b).map((d) => d.toFixed(0));
  console.log(`blocking time of the app's script tasks (${CPU_SLOWDOWN}× CPU): median ${median(scriptBlocking).toFixed(0)} ms of ${scriptBlocking.length} runs (${sorted.join(', ')})`);
}
