// Each Task's Lambda entry is generated from its catalog entry (stacks/task-entry.ts). These tests import
// every generated entry and prove its handler builds each adapter the Task's code reads, and nothing else:
// an adapter it missed throws when touched, and an extra source is an SDK client in the bundle for nothing.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { TASK_FUNCTIONS, type TaskId } from "../../functions/catalog.ts";
import { adaptersFor } from "../../functions/capabilities.ts";
import type { TaskAdapters, TaskDeps } from "../../functions/task-support/deps.ts";
import { ENV_SOURCES, envSourcesFor, taskEntrySource } from "../../stacks/task-entry.ts";
import { LEASE_RENEWAL_FILE, RENEWS_LEASE } from "../fixtures/lease-renewing-tasks.ts";
import { useTemporaryFolders } from "../fixtures/temporary-folders.ts";

// Capture the deps builder each generated entry passes to taskHandler, by the factory it wraps.
const builders = vi.hoisted(() => new Map<string, () => Promise<TaskDeps>>());
vi.mock("../../functions/shell/task-handler.ts", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../functions/shell/task-handler.ts")>();
  return {
    ...original,
    taskHandler: (factory: { name: string }, schema: unknown, buildDeps: () => Promise<TaskDeps>) => {
      builders.set(factory.name, buildDeps);
      return original.taskHandler(factory as never, schema as never, buildDeps);
    },
  };
});

const root = resolve(import.meta.dirname, "../..");
const functionsDir = join(root, "functions");
const temporaryFolder = useTemporaryFolders("glidepath-task-entry-");

/**
 * The adapters a Task's code reads: every `adapters.<name>` in its file and in the files under
 * functions/tasks/ and functions/task-support/ it imports values from (fleet-of.ts reads `adapters.fleets`).
 */
function adaptersRead(file: string, seen = new Set<string>()): Set<string> {
  const used = new Set<string>();
  if (seen.has(file)) return used;
  seen.add(file);
  const source = readFileSync(file, "utf8");
  // Without imports and comments: only code that touches `adapters` counts.
  const code = source.replace(/^import .*$/gm, "").replace(/^\s*(\/\/|\/?\*).*$/gm, "");
  for (const [, name] of code.matchAll(/\badapters\.(\w+)/g)) used.add(name!);
  // Any other use of `adapters` (handing it to a helper elsewhere) would escape this scan: refuse it.
  const stray = code
    .replace(/\badapters\.\w+/g, "")
    .replace(/\{ adapters\b/g, "")
    .replace(/fleetFor\(adapters\b/g, "")
    .replace(/\badapters: TaskAdapters\b/g, "")
    .match(/.*\badapters\b.*/g);
  expect(stray, `${file} uses \`adapters\` in a way this test cannot follow`).toBeNull();
  for (const [, spec] of source.matchAll(/^import (?!type )[^;]*from "((?:\.\/|\.\.\/task-support\/)[^"]+)";$/gm)) {
    for (const name of adaptersRead(join(dirname(file), spec!), seen)) used.add(name);
  }
  return used;
}

// Adapters built together by one source (one DynamoDB client serves both the ledger and the lease).
const BUILT_TOGETHER: Partial<Record<keyof TaskAdapters, Array<keyof TaskAdapters>>> = { ledger: ["ledger", "lease"], lease: ["ledger", "lease"] };

const TASK_IDS = Object.keys(TASK_FUNCTIONS) as TaskId[];

describe("each Task's generated Lambda entry", () => {
  beforeEach(() => {
    vi.stubEnv("AWS_REGION", "eu-west-1");
    vi.stubEnv("GLIDEPATH_TABLE", "glidepath-test");
    vi.stubEnv("GLIDEPATH_CONFIG_PREFIX", "/glidepath-test");
    vi.stubEnv("GLIDEPATH_STATE_MACHINE_ARN", "arn:aws:states:eu-west-1:111111111111:stateMachine:glidepath-test");
    return () => vi.unstubAllEnvs();
  });

  it.each(TASK_IDS)("%s builds every adapter its Task reads, and only those its catalog entry uses", async (id) => {
    const spec = TASK_FUNCTIONS[id];
    const file = join(functionsDir, `${spec.file}.ts`);
    // The catalog entry's module is the one its `file` exports, which the entry imports.
    expect(((await import(file)) as { task: unknown }).task, `functions/catalog.ts ${id}.task`).toBe(spec.task);

    const entry = join(temporaryFolder(), `${id}.entry.ts`);
    writeFileSync(entry, taskEntrySource(spec, functionsDir));
    const module = (await import(entry)) as { handler: unknown };
    expect(typeof module.handler).toBe("function");
    const build = builders.get(spec.task.make.name);
    expect(build, `the entry passes a deps builder to taskHandler(${spec.task.make.name}, …)`).toBeTypeOf("function");

    // The task shell renews the lease for the Tasks whose state passes a `holder` (lease-renewal.ts).
    const read = [...new Set([...adaptersRead(file), ...(RENEWS_LEASE.has(id) ? adaptersRead(LEASE_RENEWAL_FILE) : [])])].sort();
    expect(read.length).toBeGreaterThan(0);
    const expected = [...new Set(read.flatMap((name) => BUILT_TOGETHER[name as keyof TaskAdapters] ?? [name]))].sort();
    const deps = await build!();
    expect(Object.keys(deps.adapters).sort()).toEqual(expected);
    // The catalog's `uses` (which also decides the function's IAM statements) names exactly these adapters.
    expect(adaptersFor(spec.uses), `functions/catalog.ts ${id}.uses`).toEqual(expected);
    for (const name of read) expect(() => deps.adapters[name as keyof TaskAdapters]).not.toThrow();
  });

  it.each(Object.entries(ENV_SOURCES))("builds %s with functions/adapters/env/%s", async (adapter, { module, build }) => {
    const sources = (await import(join(functionsDir, "adapters/env", `${module}.ts`))) as Record<string, (env: NodeJS.ProcessEnv) => object>;
    expect(sources[build], `functions/adapters/env/${module}.ts exports ${build}`).toBeTypeOf("function");
    expect(Object.keys(sources[build]!(process.env))).toContain(adapter);
  });

  it("imports each source once, however many of its adapters the Task uses", () => {
    expect(envSourcesFor(["table", "trafficRead", "trafficWrite"])).toEqual([ENV_SOURCES.ledger, ENV_SOURCES.traffic]);
    const source = taskEntrySource({ file: "tasks/promote", uses: ["trafficRead", "trafficWrite", "table"] }, "/glidepath/functions");
    expect(source.match(/fromDynamoDb/g)).toHaveLength(2);
    expect(source).toContain('import { task } from "/glidepath/functions/tasks/promote.ts";');
    expect(source).toContain("export const handler = taskHandler(task.make, task.input, depsFromEnv(fromDynamoDb, fromTraffic));");
  });
});
