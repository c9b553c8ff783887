// Run by the Trunk post-build hook (tools/post-build.mjs): writes the service worker with the
// precache list of this build.
// The list comes from Trunk's hashed output (never kept by hand); the version is a hash of
// every file in it, so a new deployment always means a new service worker.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const staging = process.env.TRUNK_STAGING_DIR;
const source = process.env.TRUNK_SOURCE_DIR || process.cwd();
if (!staging) {
  console.error('gen-sw: TRUNK_STAGING_DIR is not set (run through `trunk build`)');
  process.exit(1);
}

// Files a reader needs to start the app offline. Large optional files stay out.
const SHELL = /\.(html|js|wasm|css|svg|png|webmanifest)$/;
const files = readdirSync(staging)
  .filter((f) => SHELL.test(f) && f !== 'sw.js' && statSync(path.join(staging, f)).isFile())
  .sort();

const hash = createHash('sha256');
for (const f of files) {
  hash.update(f);
  hash.update(readFileSync(path.join(staging, f)));
}
const version = hash.digest('hex').slice(0, 16);

// The page learns its own version from index.html, to compare with the service worker's.
const indexPath = path.join(staging, 'index.html');
const index = readFileSync(indexPath, 'utf8').replace(
  /<meta name="portal-version" content="[^"]*">/,
  `<meta name="portal-version" content="${version}">`,
);
writeFileSync(indexPath, index);

const urls = files.map((f) => (f === 'index.html' ? '/index.html' : '/' + f));
const template = readFileSync(path.join(source, 'pwa/sw.js'), 'utf8');
const sw = template
  .replace('__PORTAL_VERSION__', version)
  .replace('["__PORTAL_PRECACHE__"]', JSON.stringify(urls));
writeFileSync(path.join(staging, 'sw.js'), sw);
console.log(`gen-sw: service worker ${version} precaches ${urls.length} files`);
