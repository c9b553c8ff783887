// Starts and stops the reference server for end-to-end tests, and shared test helpers.
import { spawn, execFileSync, ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';

const BIN = process.env.PORTAL_SERVER_BIN || path.resolve(__dirname, '../../target/release/portal-server');
export const DIST = process.env.PORTAL_DIST || path.resolve(__dirname, '../../dist');
/** Broadcast media shared by every server (clips, live loops): `cargo xtask test` makes it
 * once before the tests; otherwise the first server of this process makes what is missing. */
export const MEDIA_DIR = process.env.PORTAL_MEDIA_DIR || path.resolve(__dirname, '../../target/e2e-media');

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

export class PortalServer {
  private proc?: ChildProcess;
  readonly dir: string;
  readonly db: string;
  url = '';

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

  /** Starts (or restarts, on the same port and database) and waits until it listens. */
  async start(): Promise<void> {
    ensureMedia();
    const args = ['--host', '127.0.0.1', '--port', String(this.port), '--db', this.db, '--dist', this.dist, ...this.extraArgs];
    // The shared media folder, served as it is (ensureMedia made it).
    const env = { ...process.env, PORTAL_MEDIA_DIR: MEDIA_DIR, PORTAL_NO_MEDIA_GEN: '1' };
    const proc = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    this.proc = proc;
    let log = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 30_000);
      const onData = (chunk: Buffer) => {
        log += chunk.toString();
        if (log.includes('Portal: http://')) {
          clearTimeout(timer);
          resolve();
        }
      };
      proc.stdout!.on('data', onData);
      proc.stderr!.on('data', (c: Buffer) => (log += c.toString()));
      proc.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`server exited with ${code}:\n${log}`));
      });
    });
  }

  /** Restarts serving another build (a new deployment), on the same port and database. */
  async restartWith(dist: string): Promise<void> {
    await this.stop();
    this.dist = dist;
    await this.start();
  }

  async stop(): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
      setTimeout(() => proc.kill('SIGKILL'), 5_000);
    });
    this.proc = undefined;
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
