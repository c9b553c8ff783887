// Starts and stops the portal (reference API server and front server) for end-to-end tests,
// and shared test helpers.
import { spawn, execFileSync, ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

const BIN = process.env.PORTAL_SERVER_BIN || path.resolve(__dirname, '../../target/release/portal-server');
export const DIST = process.env.PORTAL_DIST || path.resolve(__dirname, '../../dist');
/** Broadcast media shared by every server (clips, live loops): `cargo xtask test` makes it
 * once before the tests; otherwise the first server of this process makes what is missing. */
export const MEDIA_DIR = process.env.PORTAL_MEDIA_DIR || path.resolve(__dirname, '../../target/e2e-media');

/** The station's real article (../shared/seed), which every sample database holds. */
export const SEED_ID = 1024;
export const SEED_SLUG = 'so-ket-cong-tac-dan-van-thuc-hien-quy-che-dan-chu-o-co-so-6-thang-dau-nam-2022';
export const SEED_PATH = `/bai-viet/${SEED_ID}/${SEED_SLUG}`;
export const SEED_TITLE = 'Sơ kết công tác dân vận, thực hiện Quy chế dân chủ ở cơ sở 6 tháng đầu năm 2022';

/** Channel states of `portal-server channels set` (see server/src/broadcast/state.rs). */
export type ChannelState = 'on-air' | 'off-air' | '404' | '500' | 'stall';

let mediaChecked = false;

/** Makes the shared media folder's missing files once per test process (at once when it is
 * complete). Without ffmpeg it warns and the servers run without programme and live media. */
function ensureMedia(): void {
  if (mediaChecked) return;
  mediaChecked = true;
  try {
    execFileSync(BIN, ['media', 'generate', '--media-dir', MEDIA_DIR], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    console.warn(`portal-server media generate failed; broadcast media may be missing:\n${(e as { stderr?: string }).stderr ?? e}`);
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Flags of the front server (`portal-server front`), each with a value; every other flag
 * goes to the reference API server. `--trust-proxy` goes to both. */
const FRONT_FLAGS = ['--api-base', '--csp-img-origin', '--csp-connect-origin', '--csp-media-origin', '--public-url', '--api-budget-ms', '--api-cache-secs', '--proxy-path'];

function splitArgs(args: string[]): { api: string[]; front: string[] } {
  const api: string[] = [];
  const front: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const flag = args[i].split('=')[0];
    if (FRONT_FLAGS.includes(flag)) {
      front.push(args[i]);
      if (!args[i].includes('=')) front.push(args[++i]);
    } else if (flag === '--trust-proxy') {
      api.push(args[i]);
      front.push(args[i]);
    } else {
      api.push(args[i]);
    }
  }
  return { api, front };
}

/** Starts `BIN args` and resolves once it says where it listens. */
async function launch(args: string[]): Promise<ChildProcess> {
  // The shared media folder, served as it is (ensureMedia made it).
  const env = { ...process.env, PORTAL_MEDIA_DIR: MEDIA_DIR, PORTAL_NO_MEDIA_GEN: '1' };
  const proc = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 30_000);
    proc.stdout!.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('Portal: http://')) {
        clearTimeout(timer);
        resolve();
      }
    });
    proc.stderr!.on('data', (c: Buffer) => (log += c.toString()));
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${log}`));
    });
  });
  return proc;
}

async function halt(proc: ChildProcess | undefined): Promise<void> {
  if (!proc || proc.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    proc.once('exit', () => resolve());
    proc.kill('SIGTERM');
    setTimeout(() => proc.kill('SIGKILL'), 5_000);
  });
}

/** The portal as a station runs it: the reference API server (sample database, media) on a
 * port of its own, and the front server (`portal-server front`) in front of it, serving the
 * app and proxying the API. Tests talk to the front server's `url`. */
export class PortalServer {
  private front?: ChildProcess;
  private api?: ChildProcess;
  private others: ChildProcess[] = [];
  readonly dir: string;
  readonly db: string;
  url = '';
  /** The reference API server's own address (`http://127.0.0.1:PORT`). */
  apiUrl = '';

  constructor(readonly port: number, readonly extraArgs: string[] = [], public dist: string = DIST) {
    this.dir = mkdtempSync(path.join(tmpdir(), 'portal-e2e-'));
    this.db = path.join(this.dir, 'portal.db');
    this.url = `http://127.0.0.1:${port}`;
  }

  static async start(extraArgs: string[] = [], opts: { dist?: string } = {}): Promise<PortalServer> {
    const s = new PortalServer(await freePort(), extraArgs, opts.dist ?? DIST);
    await s.start();
    return s;
  }

  /** Starts (or restarts, on the same ports and database) and waits until both listen. */
  async start(): Promise<void> {
    await this.startApi();
    await this.startFront();
  }

  /** The API server alone (it learns readers' addresses from the front server). */
  async startApi(): Promise<void> {
    ensureMedia();
    if (!this.apiUrl) this.apiUrl = `http://127.0.0.1:${await freePort()}`;
    const port = new URL(this.apiUrl).port;
    const { api } = splitArgs(this.extraArgs);
    if (!api.includes('--trust-proxy')) api.push('--trust-proxy');
    this.api = await launch(['--host', '127.0.0.1', '--port', port, '--db', this.db, '--dist', path.join(this.dir, 'no-app'), ...api]);
  }

  /** Stops the API server, leaving the front server running (the API down). */
  async stopApi(): Promise<void> {
    await halt(this.api);
    this.api = undefined;
  }

  private async startFront(): Promise<void> {
    const { front } = splitArgs(this.extraArgs);
    this.front = await launch(['front', '--api', `${this.apiUrl}/api/v1`, '--host', '127.0.0.1', '--port', String(this.port), '--dist', this.dist, ...front]);
  }

  /** Another front server in front of the same API (as behind a load balancer). */
  async addFront(): Promise<{ url: string; stop: () => Promise<void> }> {
    const port = await freePort();
    const { front } = splitArgs(this.extraArgs);
    const proc = await launch(['front', '--api', `${this.apiUrl}/api/v1`, '--host', '127.0.0.1', '--port', String(port), '--dist', this.dist, ...front]);
    this.others.push(proc);
    return { url: `http://127.0.0.1:${port}`, stop: () => halt(proc) };
  }

  /** Restarts the front server serving another build (a new deployment). */
  async restartWith(dist: string): Promise<void> {
    await halt(this.front);
    this.dist = dist;
    await this.startFront();
  }

  async stop(): Promise<void> {
    for (const proc of this.others.splice(0)) await halt(proc);
    await halt(this.front);
    await halt(this.api);
    this.front = undefined;
    this.api = undefined;
  }

  /** Runs an editor's moderation command (`comments pending|approve ID|reject ID`). */
  moderate(...args: string[]): string {
    return execFileSync(BIN, ['--db', this.db, 'comments', ...args], { encoding: 'utf8' });
  }

  /** Takes a channel off air, makes its stream answer 404 or 500 or stall, or puts it back on
   * air (`portal-server channels set SLUG STATE`); the running server follows at once. */
  setChannel(slug: string, state: ChannelState): string {
    return execFileSync(BIN, ['--db', this.db, 'channels', 'set', slug, state], { encoding: 'utf8' });
  }

  /** Pending comments as the moderation command lists them. */
  pending(): { id: number; article: number; content: string }[] {
    const out: { id: number; article: number; content: string }[] = [];
    for (const line of this.moderate('pending').split('\n')) {
      const head = /^#(\d+)\s+article (\d+)/.exec(line);
      if (head) out.push({ id: Number(head[1]), article: Number(head[2]), content: '' });
      else if (line.startsWith('    ') && out.length) out[out.length - 1].content += (out[out.length - 1].content ? '\n' : '') + line.slice(4);
    }
    return out;
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Scrolls an article to its comments, as a reader does to reach the form: the form's code
 * is downloaded then (src/chunks.rs), so tests that use the form come here first. */
export async function reachCommentForm(page: Page): Promise<void> {
  await page.getByRole('heading', { name: /^Ý kiến bạn đọc/ }).scrollIntoViewIfNeeded();
  await page.getByRole('button', { name: 'Gửi ý kiến' }).waitFor();
}

/** Collects uncaught page errors (a panic in the wasm shows up here); tests expect none. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}

/** Pages as a static host serves them: the build's `index.html` (the front server's
 * `/index.html`) for every page, so the app asks the API itself. That is also what the front
 * server sends when the API fails or answers nonsense, so tests that fake the API's answers in
 * the browser (`page.route`) call this first. */
export async function asStaticHost(page: Page, server: { url: string }): Promise<void> {
  await page.route(
    (url) => url.origin === new URL(server.url).origin,
    async (route) => {
      if (route.request().resourceType() !== 'document') return route.fallback();
      const shell = await route.fetch({ url: `${server.url}/index.html` });
      await route.fulfill({ response: shell });
    },
  );
}

/** axe-core on the page as it is now; `what` names it in a failure. */
export async function expectNoViolations(page: Page, what: string): Promise<void> {
  const result = await new AxeBuilder({ page }).analyze();
  const summary = result.violations.map((v) => `${v.id}: ${v.help} → ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  expect(summary, what).toEqual([]);
}
