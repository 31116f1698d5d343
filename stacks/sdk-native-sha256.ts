// An esbuild plugin that drops the SDK's pure-JavaScript SHA-256, kept as a fallback for a Node without it.
//
// `@smithy/core`'s Sha256Node signs every request with `node:crypto`, but falls back to a JavaScript SHA-256
// (about 3 KB bundled) when `createHash("sha256")` throws, which no Node on Lambda does. The plugin rewrites
// that one choice to always take the native class, so the fallback is no longer referenced and esbuild drops
// it. The rewrite must find the exact text it expects, else the build fails naming this file: an SDK update
// that changes the module is noticed, never silently mis-rewritten. test/infra/sdk-native-sha256.test.ts
// checks that hashes and HMACs are unchanged.
import { readFile } from "node:fs/promises";
import type { Plugin } from "esbuild";

const SHA256_NODE = /[\\/]@smithy[\\/]core[\\/]dist-es[\\/]submodules[\\/]checksum[\\/]sha256[\\/]Sha256Node\.js$/;

const FALLBACK_IMPORT = 'import { Sha256Js } from "./Sha256Js";\n';
const CHOICE = "export const Sha256Node = hasNativeCrypto ? buildNativeClass() : Sha256Js;";

/** Sha256Node.js with the native class chosen unconditionally and the fallback's import removed. */
export function nativeSha256Only(source: string): string {
  if (!source.includes(FALLBACK_IMPORT) || !source.includes(CHOICE)) {
    throw new Error("stacks/sdk-native-sha256.ts: @smithy/core's Sha256Node.js changed; review the rewrite");
  }
  return source.replace(FALLBACK_IMPORT, "").replace(CHOICE, "export const Sha256Node = buildNativeClass();");
}

export const sdkNativeSha256: Plugin = {
  name: "glidepath-sdk-native-sha256",
  setup(build) {
    build.onLoad({ filter: SHA256_NODE }, async ({ path }) => ({ contents: nativeSha256Only(await readFile(path, "utf8")), loader: "js" }));
  },
};
