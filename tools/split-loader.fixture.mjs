// What wasm-split-cli 0.2.3 writes as its chunk loader (the part the tools read), after
// build-wasm.mjs has hashed the names: one split point (kiosk) and the shared chunk it needs.
// For the tests of tools/.
export const LOADER = `import { initSync } from "./portal-abc.js";
export const __wasm_split_load_kiosk = wrapAsyncCb(makeLoad(() => {
    const src = fetch(new URL("./split_kiosk-1.wasm", import.meta.url));
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, [__chunk_7]));
const __chunk_7 = makeLoad(() => {
    const src = fetch(new URL("./chunk_7-2.wasm", import.meta.url));
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, []);
`;
