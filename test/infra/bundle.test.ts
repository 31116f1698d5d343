import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { bundleFunctions } from "../../stacks/bundle.ts";

const outDir = mkdtempSync(join(tmpdir(), "glidepath-bundle-"));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe("Lambda bundles", () => {
  it("bundles one function as a minified ESM file that imports without touching AWS", async () => {
    const [bundle] = await bundleFunctions({ root: process.cwd(), outDir, only: ["reconciler"] });
    expect(bundle).toMatchObject({ id: "reconciler", outfile: join(outDir, "reconciler", "index.mjs") });
    const text = readFileSync(bundle!.outfile, "utf8");
    expect(text.startsWith('import { createRequire as __glidepathCreateRequire } from "node:module"')).toBe(true);
    expect(bundle!.bytes).toBe(Buffer.byteLength(text));
    // Minified: far fewer lines than bytes/100.
    expect(text.split("\n").length).toBeLessThan(bundle!.bytes / 1000);
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

  // The traffic port carries both movers' clients (Route 53, and ELBv2 for `traffic.kind: alb`): the config decides at run time.
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
    const text = readFileSync(bundle!.outfile, "utf8");
    expect(clientsIn(text)).toEqual(clients);
    // A Task bundle imports without env too: its deps builder runs on the first invocation.
    const module = (await import(pathToFileURL(bundle!.outfile).href)) as { handler: unknown };
    expect(typeof module.handler).toBe("function");
  });
});
