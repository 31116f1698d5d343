import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { bundleFunctions } from "../../stacks/bundle.ts";

const outDir = mkdtempSync(join(tmpdir(), "glidepath-bundle-"));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe("Lambda bundles", () => {
  it("bundles one function as a minified ESM entry and its chunks, that imports without touching AWS", async () => {
    const [bundle] = await bundleFunctions({ root: process.cwd(), outDir, only: ["reconciler"] });
    expect(bundle).toMatchObject({ id: "reconciler", outfile: join(outDir, "reconciler", "index.mjs") });
    expect(bundle!.files[0]).toBe(bundle!.outfile);
    // Every file written is one the function ships, and counted.
    expect(readdirSync(join(outDir, "reconciler")).sort()).toEqual(bundle!.files.map((file) => basename(file)).sort());
    const texts = bundle!.files.map((file) => readFileSync(file, "utf8"));
    for (const text of texts) expect(text.startsWith('import { createRequire as __glidepathCreateRequire } from "node:module"')).toBe(true);
    expect(bundle!.bytes).toBe(texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0));
    expect(bundle!.coldBytes).toBeLessThan(bundle!.bytes);
    // Minified: far fewer lines than bytes/100.
    const text = texts[0]!;
    expect(text.split("\n").length).toBeLessThan(Buffer.byteLength(text) / 1000);
    // Importing must not build adapters (no GLIDEPATH_TABLE here): they are built on first invocation.
    const module = (await import(pathToFileURL(bundle!.outfile).href)) as { handler: unknown };
    expect(typeof module.handler).toBe("function");
  });

  it("carries zod/mini, never full zod (whose chained methods keep all of it, about 92 KB)", async () => {
    const [bundle] = await bundleFunctions({ root: process.cwd(), outDir, only: ["startDeployment"] });
    const inputs = Object.keys(bundle!.metafile.inputs);
    expect(inputs.some((path) => path.includes("zod/v4/mini/"))).toBe(true);
    expect(inputs.filter((path) => path.includes("zod/v4/classic/"))).toEqual([]);
  });

  it.each(["checkDnsSync", "preflight", "rollBack"])("leaves the config schema out of %s, which never parses a config", async (id) => {
    const [bundle] = await bundleFunctions({ root: process.cwd(), outDir, only: [id] });
    expect(Object.keys(bundle!.metafile.inputs).filter((path) => /functions\/core\/config(-rules)?\.ts$/.test(path))).toEqual([]);
  });

  // Each SDK client announces its package in its user agent, so the names in a bundle say which it carries.
  const clientsIn = (text: string) => [...new Set(text.match(/"@aws-sdk\/client-[a-z0-9-]+"/g) ?? [])].map((name) => name.slice(1, -1)).sort();

  // The traffic port ships both movers' clients (Route 53, and ELBv2 for `traffic.kind: alb`): the config decides at run time.
  it.each([
    ["checkDnsSync", ["@aws-sdk/client-elastic-load-balancing-v2", "@aws-sdk/client-route-53"]],
    // DynamoDB: the task shell renews the lease before each poll (its state passes a `holder`). No EC2: polling
    // a fleet reads no launch template (adapters/env/fleets.ts).
    ["checkFleet", ["@aws-sdk/client-auto-scaling", "@aws-sdk/client-codedeploy", "@aws-sdk/client-dynamodb"]],
    // Retiring old images lists and deregisters them through EC2: no Image Builder.
    ["retireOldFleet", ["@aws-sdk/client-auto-scaling", "@aws-sdk/client-codedeploy", "@aws-sdk/client-dynamodb", "@aws-sdk/client-ec2", "@aws-sdk/client-ssm"]],
    // Bringing a fleet up makes a launch template version (EC2) on either provider.
    ["prepareFleet", ["@aws-sdk/client-auto-scaling", "@aws-sdk/client-codedeploy", "@aws-sdk/client-dynamodb", "@aws-sdk/client-ec2"]],
    // EventBridge: it announces each step it completes (lifecycle events).
    ["shiftTraffic", ["@aws-sdk/client-dynamodb", "@aws-sdk/client-elastic-load-balancing-v2", "@aws-sdk/client-eventbridge", "@aws-sdk/client-route-53"]],
    ["startDeployment", ["@aws-sdk/client-dynamodb", "@aws-sdk/client-sfn", "@aws-sdk/client-ssm"]],
    ["webhook", ["@aws-sdk/client-dynamodb", "@aws-sdk/client-sfn", "@aws-sdk/client-ssm"]],
    // Auto Scaling alone of the fleets: cleanup rolls back a stopped one-group deployment's instance refresh.
    ["cleanup", ["@aws-sdk/client-auto-scaling", "@aws-sdk/client-dynamodb", "@aws-sdk/client-elastic-load-balancing-v2", "@aws-sdk/client-eventbridge", "@aws-sdk/client-route-53", "@aws-sdk/client-sfn", "@aws-sdk/client-ssm"]],
  ])("bundles %s with only the SDK clients its handler uses", async (id, clients) => {
    const [bundle] = await bundleFunctions({ root: process.cwd(), outDir, only: [id] });
    const text = bundle!.files.map((file) => readFileSync(file, "utf8")).join("\n");
    expect(clientsIn(text)).toEqual(clients);
    // A Task bundle imports without env too: its deps builder runs on the first invocation.
    const module = (await import(pathToFileURL(bundle!.outfile).href)) as { handler: unknown };
    expect(typeof module.handler).toBe("function");
  });

  it.each(["shiftTraffic", "checkDnsSync", "reconciler"])("loads %s's ALB mover and ELBv2 client on first use only, in a chunk it ships", async (id) => {
    const [bundle] = await bundleFunctions({ root: process.cwd(), outDir, only: [id] });
    const outputs = bundle!.metafile.outputs;
    // esbuild names outputs relative to the working directory.
    const outputOf = (file: string) => relative(process.cwd(), file);
    const withElbv2 = bundle!.files.filter((file) => readFileSync(file, "utf8").includes('"@aws-sdk/client-elastic-load-balancing-v2"'));
    expect(withElbv2).toHaveLength(1);
    expect(withElbv2[0]).not.toBe(bundle!.outfile);
    // No file imports it statically: a cold start (Route 53) never reads it; some file imports it dynamically.
    const importsOf = (kind: string) => Object.values(outputs).flatMap((output) => output.imports.filter((imported) => imported.kind === kind).map((imported) => imported.path));
    expect(importsOf("import-statement")).not.toContain(outputOf(withElbv2[0]!));
    expect(importsOf("dynamic-import")).toContain(outputOf(withElbv2[0]!));
    expect(bundle!.coldBytes).toBeLessThanOrEqual(bundle!.bytes - statSync(withElbv2[0]!).size);
    // The chunk loads (its own imports resolve beside it) as it will on first use.
    const chunk = (await import(pathToFileURL(withElbv2[0]!).href)) as Record<string, unknown>;
    expect(Object.values(chunk).some((value) => typeof value === "function")).toBe(true);
  });
});
