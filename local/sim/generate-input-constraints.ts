// Writes local/sim/input-constraints.json: the documented input constraints (required members, lengths, ranges,
// patterns, enums) of every operation the simulator answers, read from AWS's service models as botocore ships
// them (botocore/data/<service>/<version>/service-2.json). The SDK v3 clients carry no constraints, and the
// models are not on npm, so the result is checked in and this script regenerates it:
//
//   git clone --depth 1 https://github.com/boto/botocore /tmp/botocore     (or any copy of its data folder)
//   npm run constraints -- /tmp/botocore/botocore/data "boto/botocore@<commit>"
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { VirtualClock } from "../clock.ts";
import type { SimulatedService } from "./errors.ts";
import type { ConstraintFile, MemberRule, ServiceConstraints } from "./input-constraints.ts";
import { Simulator } from "./simulator.ts";

/** botocore's folder for each simulated service. */
const MODEL_FOLDERS: Record<SimulatedService, string> = {
  route53: "route53",
  cloudwatch: "cloudwatch",
  ssm: "ssm",
  ec2: "ec2",
  imagebuilder: "imagebuilder",
  autoscaling: "autoscaling",
  codedeploy: "codedeploy",
  eventbridge: "events",
  elbv2: "elbv2",
};

interface Shape {
  type: string;
  members?: Record<string, { shape: string }>;
  member?: { shape: string };
  value?: { shape: string };
  required?: string[];
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
}

interface Model {
  metadata: { protocol: string; apiVersion: string };
  operations: Record<string, { input?: { shape: string } }>;
  shapes: Record<string, Shape>;
}

function loadModel(dataDir: string, folder: string): Model {
  const versions = readdirSync(join(dataDir, folder)).sort();
  const latest = versions[versions.length - 1];
  if (!latest) throw new Error(`No model versions under ${join(dataDir, folder)}`);
  return JSON.parse(readFileSync(join(dataDir, folder, latest, "service-2.json"), "utf8")) as Model;
}

/** A JavaScript form of a model pattern, or undefined when Java syntax has no equivalent (it is then left out). */
function portablePattern(pattern: string): string | undefined {
  try {
    new RegExp(`^(?:${pattern})$`, "u");
    return pattern;
  } catch {
    return undefined;
  }
}

/** The rules of one shape reached at `path`, recursing through structures, lists and map values (not into cycles). */
function rulesOf(model: Model, shapeName: string, path: string, seen: string[], out: MemberRule[], dropped: string[]): void {
  const shape = model.shapes[shapeName];
  if (!shape || seen.includes(shapeName)) return;
  const rule: MemberRule = { path, type: shape.type };
  if (shape.min !== undefined) rule.min = shape.min;
  if (shape.max !== undefined) rule.max = shape.max;
  if (shape.enum) rule.enum = shape.enum;
  if (shape.pattern) {
    const pattern = portablePattern(shape.pattern);
    if (pattern === undefined) dropped.push(`${path}: ${shape.pattern}`);
    else rule.pattern = pattern;
  }
  if (path !== "" && (rule.min !== undefined || rule.max !== undefined || rule.enum || rule.pattern || ["integer", "long"].includes(shape.type))) out.push(rule);
  const inner = [...seen, shapeName];
  if (shape.type === "structure") {
    for (const name of shape.required ?? []) out.push({ path: path ? `${path}.${name}` : name, type: "required" });
    for (const [name, member] of Object.entries(shape.members ?? {})) rulesOf(model, member.shape, path ? `${path}.${name}` : name, inner, out, dropped);
  } else if (shape.type === "list" && shape.member) {
    rulesOf(model, shape.member.shape, `${path}[]`, inner, out, dropped);
  } else if (shape.type === "map" && shape.value) {
    rulesOf(model, shape.value.shape, `${path}{}`, inner, out, dropped);
  }
}

/** One rule per line, so a regeneration reads as a diff of the constraints that changed. */
function format(file: ConstraintFile): string {
  const services = Object.entries(file.services).map(([service, c]) => {
    const operations = Object.entries(c.operations).map(([operation, rules]) => `   ${JSON.stringify(operation)}: [\n${rules.map((r) => `    ${JSON.stringify(r)}`).join(",\n")}\n   ]`);
    return `  ${JSON.stringify(service)}: {\n   "protocol": ${JSON.stringify(c.protocol)}, "apiVersion": ${JSON.stringify(c.apiVersion)},\n   "operations": {\n${operations.join(",\n")}\n  }}`;
  });
  return `{\n "source": ${JSON.stringify(file.source)},\n "patternsLeftOut": ${JSON.stringify(file.patternsLeftOut)},\n "services": {\n${services.join(",\n")}\n }\n}\n`;
}

function main(): void {
  const [dataDir, source = "boto/botocore"] = process.argv.slice(2);
  if (!dataDir) throw new Error("usage: npm run constraints -- <botocore data folder> [source label]");
  const sim = new Simulator({ clock: new VirtualClock(0) });
  const services: Partial<Record<SimulatedService, ServiceConstraints>> = {};
  const dropped: string[] = [];
  for (const [service, folder] of Object.entries(MODEL_FOLDERS) as Array<[SimulatedService, string]>) {
    const model = loadModel(dataDir, folder);
    const operations: Record<string, MemberRule[]> = {};
    for (const operation of Object.keys(sim[service].operations).sort()) {
      const input = model.operations[operation]?.input?.shape;
      if (!model.operations[operation]) throw new Error(`${folder} ${model.metadata.apiVersion} has no operation ${operation}`);
      const rules: MemberRule[] = [];
      if (input) rulesOf(model, input, "", [], rules, dropped);
      operations[operation] = rules;
    }
    services[service] = { protocol: model.metadata.protocol, apiVersion: model.metadata.apiVersion, operations };
  }
  const file: ConstraintFile = { source, patternsLeftOut: dropped, services };
  const target = new URL("./input-constraints.json", import.meta.url);
  writeFileSync(target, format(file));
  const count = Object.values(services).reduce((n, s) => n + Object.values(s.operations).reduce((m, r) => m + r.length, 0), 0);
  console.log(`wrote ${count} rules for ${Object.keys(services).length} services to ${target.pathname} (${dropped.length} Java-only patterns left out)`);
}

main();
