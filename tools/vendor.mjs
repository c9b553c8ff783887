// Run by the post-build hook (tools/post-build.mjs): copies into the build the third-party
// scripts that the app loads only when it needs them, with their licences. They go under
// `vendor/`, a folder, so gen-sw.mjs (which lists the top level only) never precaches them and
// index.html never names them: hls.js (Media Source Extensions playback of HLS) is injected as
// `<script src="/vendor/hls.light.min.js">` when a stream is played in a browser without
// native HLS, and a reader who never plays one never downloads it.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';

/** [from (relative to the source folder), to (relative to the build folder)]. */
export const VENDOR_FILES = [
  // The light build: no subtitles in the stream, alternate audio, DRM or CMCD, which the
  // portal's streams do not use; captions come as WebVTT `<track>` elements.
  ['node_modules/hls.js/dist/hls.light.min.js', 'vendor/hls.light.min.js'],
  ['node_modules/hls.js/LICENSE', 'vendor/hls.js.LICENSE.txt'],
];

/** Copies VENDOR_FILES from `source` into `staging`; returns the paths written. */
export function copyVendor(source, staging) {
  const missing = VENDOR_FILES.filter(([from]) => !existsSync(path.join(source, from)));
  if (missing.length > 0) {
    throw new Error(
      `vendor: ${missing.map(([f]) => f).join(', ')} missing; run \`npm ci\` (cargo xtask does)`,
    );
  }
  return VENDOR_FILES.map(([from, to]) => {
    const target = path.join(staging, to);
    mkdirSync(path.dirname(target), { recursive: true });
    copyFileSync(path.join(source, from), target);
    return to;
  });
}
