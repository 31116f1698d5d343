// The bundles leave the SDK's event-stream support out (stacks/no-event-streams.ts). That is safe only while
// no client the project depends on models an operation that streams events, and a client that did must fail
// with an error saying why rather than misbehave.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import { bundleFunctions } from "../../stacks/bundle.ts";
import { EVENT_STREAMS_LEFT_OUT, noEventStreams } from "../../stacks/no-event-streams.ts";

const outDir = mkdtempSync(join(tmpdir(), "glidepath-event-streams-"));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

const require = createRequire(import.meta.url);
const packageJson = JSON.parse(readFileSync("package.json", "utf8")) as { dependencies: Record<string, string> };
const sdkClients = Object.keys(packageJson.dependencies).filter((name) => name.startsWith("@aws-sdk/client-"));

describe("leaving event streams out of the bundles", () => {
  it.each(sdkClients)("is safe for %s: none of its operations streams events", (client) => {
    const schemas = readFileSync(join(dirname(require.resolve(`${client}/package.json`)), "dist-es", "schemas", "schemas_0.js"), "utf8");
    expect(schemas.length).toBeGreaterThan(1000);
    // The protocols load event-stream support only for a member with the `streaming` trait.
    expect(schemas).not.toContain('"streaming"');
  });

  it("keeps the event-stream codec out of a bundle", async () => {
    const [bundle] = await bundleFunctions({ root: process.cwd(), outDir, only: ["checkDnsSync"] });
    expect(Object.keys(bundle!.metafile.inputs).filter((path) => path.includes("submodules/event-streams/"))).toEqual([]);
  });

  it("answers any use of event streams with an error naming why they are missing", async () => {
    const outfile = join(outDir, "stand-in.mjs");
    const entry = 'export const load = async () => { const { EventStreamSerde } = await import("@smithy/core/event-streams"); return new EventStreamSerde({}); };';
    await build({ stdin: { contents: entry, resolveDir: process.cwd(), loader: "js" }, outfile, bundle: true, platform: "node", format: "esm", plugins: [noEventStreams], logLevel: "silent" });
    const { load } = (await import(pathToFileURL(outfile).href)) as { load: () => Promise<unknown> };
    await expect(load()).rejects.toThrow(EVENT_STREAMS_LEFT_OUT);
  });
});
