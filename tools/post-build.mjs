// Trunk post-build hook. Trunk starts the hooks of one stage all at once, so the steps that
// depend on each other run here in order: the service worker (which also writes the version
// into index.html), then the compressed copies of the final files.
import { precompress } from './precompress.mjs';

await import('./gen-sw.mjs');
console.log(`precompress: ${precompress(process.env.TRUNK_STAGING_DIR)} files have .br and .gz copies`);
