// Bundles sign with node:crypto's SHA-256 only (stacks/sdk-native-sha256.ts): hashes and HMACs must be what the
// untouched SDK computes, and a changed Sha256Node.js must stop the build rather than be rewritten blindly.
import { createHash, createHmac } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { build, type Plugin } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import { bundleFunctions, bytesByInput } from "../../stacks/bundle.ts";
import { nativeSha256Only, sdkNativeSha256 } from "../../stacks/sdk-native-sha256.ts";

const outDir = mkdtempSync(join(tmpdir(), "glidepath-sha256-"));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

type Sha256Class = new (secret?: string | Uint8Array) => { update(data: string | Uint8Array): void; digest(): Promise<Uint8Array> };

/** The SDK's Sha256 (what a client's runtimeConfig uses), bundled with or without the plugin. */
async function sdkSha256(name: string, plugins: Plugin[]): Promise<{ Sha256: Sha256Class; Sha256Js: Sha256Class }> {
  const outfile = join(outDir, `${name}.mjs`);
  const entry = 'export { Sha256 } from "@smithy/core/checksum";\nexport { Sha256Js } from "@smithy/core/checksum";';
  await build({ stdin: { contents: entry, resolveDir: process.cwd(), loader: "js" }, outfile, bundle: true, platform: "node", format: "esm", mainFields: ["module", "main"], plugins, logLevel: "silent" });
  return (await import(pathToFileURL(outfile).href)) as { Sha256: Sha256Class; Sha256Js: Sha256Class };
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
const INPUTS = ["", "GET\n/\n\nhost:ssm.us-east-1.amazonaws.com\n", "é".repeat(1000), new Uint8Array([0, 1, 2, 255])];

describe("SHA-256 in a bundle", () => {
  it("hashes and signs as node:crypto and the SDK's JavaScript fallback do", async () => {
    const { Sha256 } = await sdkSha256("native", [sdkNativeSha256]);
    const { Sha256Js } = await sdkSha256("original", []);
    for (const input of INPUTS) {
      for (const secret of [undefined, "AWS4secret", new Uint8Array([9, 8, 7])]) {
        const [native, fallback] = [new Sha256(secret), new Sha256Js(secret)];
        native.update(input);
        fallback.update(input);
        const expected = secret === undefined ? createHash("sha256").update(input).digest("hex") : createHmac("sha256", Buffer.from(secret)).update(input).digest("hex");
        expect(hex(await native.digest())).toBe(expected);
        expect(hex(await fallback.digest())).toBe(expected);
      }
    }
  });

  it("leaves the JavaScript fallback out of a Lambda bundle", async () => {
    const [bundle] = await bundleFunctions({ root: process.cwd(), outDir, only: ["checkDnsSync"] });
    // What the shipped files carry: a module can be an input and still be tree-shaken to nothing.
    const inputs = [...bytesByInput(bundle!.metafile)].filter(([, bytes]) => bytes > 0).map(([path]) => path);
    expect(inputs.some((path) => path.endsWith("sha256/Sha256Node.js"))).toBe(true);
    expect(inputs.filter((path) => path.endsWith("sha256/Sha256Js.js"))).toEqual([]);
  });

  it("refuses to rewrite a Sha256Node.js it does not recognise", () => {
    const require = createRequire(import.meta.url);
    const source = readFileSync(join(dirname(require.resolve("@smithy/core/package.json")), "dist-es/submodules/checksum/sha256/Sha256Node.js"), "utf8");
    expect(nativeSha256Only(source)).not.toContain("Sha256Js");
    expect(() => nativeSha256Only(source.replace("hasNativeCrypto ?", "hasNative ?"))).toThrow(/stacks\/sdk-native-sha256\.ts/);
  });
});
