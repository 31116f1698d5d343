// The bundle plugin (stacks/sdk-schemas-plugin.ts) inlines the SDK schemas' computed keys
// (stacks/sdk-schema-keys.ts): that must change what esbuild can drop, never what the schemas are; and the
// Lambda credential source must still find the role's credentials in the environment.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { build, type Plugin } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import { bundleFunctions, bytesByInput, lambdaOnly } from "../../stacks/bundle.ts";
import { inlineSchemaKeys } from "../../stacks/sdk-schema-keys.ts";
import { sdkSchemas } from "../../stacks/sdk-schemas-plugin.ts";

const outDir = mkdtempSync(join(tmpdir(), "glidepath-schema-keys-"));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

const require = createRequire(import.meta.url);
const schemasOf = (client: string) => join(dirname(require.resolve(`@aws-sdk/${client}/package.json`)), "dist-es/schemas/schemas_0.js");

/** Bundles `export * from` a schema module (with or without the plugin) and imports what it exports. */
async function exportsOf(path: string, name: string, plugins: Plugin[]): Promise<Record<string, unknown>> {
  const outfile = join(outDir, `${name}.mjs`);
  await build({ stdin: { contents: `export * from ${JSON.stringify(path)};`, resolveDir: outDir, loader: "js" }, outfile, bundle: true, platform: "node", format: "esm", plugins, logLevel: "silent" });
  return (await import(pathToFileURL(outfile).href)) as Record<string, unknown>;
}

/** A schema graph as text: thunks (`() => Other$`) by their source, so both builds compare alike. */
const asText = (value: unknown) => JSON.stringify(value, (_key, v: unknown) => (typeof v === "function" ? `fn:${v.toString()}` : v));

describe("inlining the SDK schemas' computed keys", () => {
  it("rewrites a computed key that names a string constant, and leaves any other alone", () => {
    const source = ['const _xN = "xmlName";', "export var A$ = [3, n0, _A, 0, [_B], [[0, { [_xN]: _bB,\n    [_other]: 1 }]]];"].join("\n");
    expect(inlineSchemaKeys(source)).toBe(['const _xN = "xmlName";', 'export var A$ = [3, n0, _A, 0, [_B], [[0, { "xmlName": _bB,\n    [_other]: 1 }]]];'].join("\n"));
  });

  it.each(["client-ec2", "client-ssm", "client-route-53", "client-cloudwatch", "client-dynamodb", "client-sfn", "client-auto-scaling", "client-codedeploy", "client-imagebuilder", "client-eventbridge"])(
    "leaves every schema of %s exactly as it was",
    async (client) => {
      const original = await exportsOf(schemasOf(client), `${client}-original`, []);
      const inlined = await exportsOf(schemasOf(client), `${client}-inlined`, [sdkSchemas]);
      expect(Object.keys(inlined).sort()).toEqual(Object.keys(original).sort());
      expect(Object.keys(original).length).toBeGreaterThan(10);
      for (const name of Object.keys(original)) expect(asText(inlined[name]), name).toBe(asText(original[name]));
    },
  );

  it("lets a bundle carry only the EC2 schemas its commands use (the whole model is over 500 KB)", async () => {
    const [bundle] = await bundleFunctions({ root: process.cwd(), outDir, only: ["prepareFleet"] });
    const ec2Schemas = [...bytesByInput(bundle!.metafile)].find(([path]) => path.includes("client-ec2/dist-es/schemas/"));
    expect(readFileSync(schemasOf("client-ec2"), "utf8").length).toBeGreaterThan(500_000);
    expect(ec2Schemas?.[1]).toBeLessThan(60_000);
  });
});

describe("a bundled Lambda's credentials", () => {
  it("come from the environment Lambda provides, without the rest of the default chain", async () => {
    const [bundle] = await bundleFunctions({ root: process.cwd(), outDir, only: ["loadConfig"] });
    const text = bundle!.files.map((file) => readFileSync(file, "utf8")).join("\n");
    expect(text).not.toMatch(/credential-provider-(ini|sso|process|web-identity)/);
    // The same alias on a small entry, imported with credentials in the environment as Lambda sets them.
    const outfile = join(outDir, "credentials.mjs");
    const entry = 'import { SSMClient } from "@aws-sdk/client-ssm";\nexport const credentials = () => new SSMClient({ region: "us-east-1" }).config.credentials();';
    await build({ stdin: { contents: entry, resolveDir: process.cwd(), loader: "js" }, outfile, bundle: true, platform: "node", format: "esm", mainFields: ["module", "main"], ...lambdaOnly(process.cwd()), logLevel: "silent" });
    process.env["AWS_ACCESS_KEY_ID"] = "AKIDLAMBDAROLE";
    process.env["AWS_SECRET_ACCESS_KEY"] = "secret";
    process.env["AWS_SESSION_TOKEN"] = "session";
    try {
      const { credentials } = (await import(pathToFileURL(outfile).href)) as { credentials: () => Promise<{ accessKeyId: string; sessionToken?: string }> };
      await expect(credentials()).resolves.toMatchObject({ accessKeyId: "AKIDLAMBDAROLE", sessionToken: "session" });
    } finally {
      delete process.env["AWS_ACCESS_KEY_ID"];
      delete process.env["AWS_SECRET_ACCESS_KEY"];
      delete process.env["AWS_SESSION_TOKEN"];
    }
  });
});
