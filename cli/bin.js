#!/usr/bin/env node
// The `glidepath` command. It runs the built CLI (dist/cli/, `npm run build:cli`, made by `npm ci` too) when the
// build matches the sources, and otherwise compiles the TypeScript sources on the fly with tsx, so an edit is
// never hidden behind a stale build; GLIDEPATH_CLI_FROM_SOURCE=1 forces the sources.
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { freshBuildEntry } from "./build-freshness.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const built = process.env.GLIDEPATH_CLI_FROM_SOURCE ? undefined : freshBuildEntry(root);
if (built) {
  await import(pathToFileURL(built).href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("./main.ts");
}
