// Each Task handler builds only the adapters it names (functions/adapters/env/); an adapter it did not name
// throws when touched. These tests prove every handler names a source for each adapter its Task code reads,
// and no source it does not need (an unneeded source is an SDK client in the bundle for nothing).
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { TASK_FUNCTIONS, type TaskId } from "../../functions/catalog.ts";
import { adaptersFor } from "../../functions/capabilities.ts";
import { depsFromEnv } from "../../functions/shell/deps-from-env.ts";
import { fromDynamoDb } from "../../functions/adapters/env/dynamodb.ts";
import { fromRoute53 } from "../../functions/adapters/env/route53.ts";
import type { TaskAdapters, TaskDeps } from "../../functions/task-support/deps.ts";
import { LEASE_RENEWAL_FILE, RENEWS_LEASE } from "../fixtures/lease-renewing-tasks.ts";

// Capture the deps builder each handler passes to taskHandler, by the factory it wraps.
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

/**
 * The adapters a Task's code reads: every `adapters.<name>` in its file and in the files under
 * functions/tasks/ it imports values from (fleet-of.ts reads `adapters.fleets` for fleetFor's callers).
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

describe("each Task handler's deps from the environment", () => {
  beforeEach(() => {
    vi.stubEnv("AWS_REGION", "eu-west-1");
    vi.stubEnv("GLIDEPATH_TABLE", "glidepath-test");
    vi.stubEnv("GLIDEPATH_CONFIG_PREFIX", "/glidepath-test");
    vi.stubEnv("GLIDEPATH_STATE_MACHINE_ARN", "arn:aws:states:eu-west-1:111111111111:stateMachine:glidepath-test");
  });
  afterEach(() => vi.unstubAllEnvs());

  it.each(TASK_IDS)("%s builds every adapter its Task reads, and only those its catalog entry uses", async (id) => {
    const file = join(root, "functions", `${TASK_FUNCTIONS[id].file}.ts`);
    await import(file);
    const factoryName = `make${id[0]!.toUpperCase()}${id.slice(1)}`;
    const build = builders.get(factoryName);
    expect(build, `${file} passes a deps builder to taskHandler(${factoryName}, …)`).toBeTypeOf("function");

    // The task shell renews the lease for the Tasks whose state passes a `holder` (lease-renewal.ts).
    const read = [...new Set([...adaptersRead(file), ...(RENEWS_LEASE.has(id) ? adaptersRead(LEASE_RENEWAL_FILE) : [])])].sort();
    expect(read.length).toBeGreaterThan(0);
    const expected = [...new Set(read.flatMap((name) => BUILT_TOGETHER[name as keyof TaskAdapters] ?? [name]))].sort();
    const deps = await build!();
    expect(Object.keys(deps.adapters).sort()).toEqual(expected);
    // The catalog's `uses` (which also decides the function's IAM statements) names exactly these adapters.
    expect(adaptersFor(TASK_FUNCTIONS[id].uses), `functions/catalog.ts ${id}.uses`).toEqual(expected);
    for (const name of read) expect(() => deps.adapters[name as keyof TaskAdapters]).not.toThrow();
  });
});

describe("depsFromEnv", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("builds nothing until it is called", () => {
    const source = vi.fn(() => ({}));
    depsFromEnv(source);
    expect(source).not.toHaveBeenCalled();
  });

  it("names the adapter a handler did not build when a Task touches it", async () => {
    vi.stubEnv("AWS_REGION", "eu-west-1");
    const deps = await depsFromEnv(fromRoute53)();
    expect(Object.keys(deps.adapters)).toEqual(["dns"]);
    expect(() => deps.adapters.ledger).toThrow(expect.objectContaining({ name: "AdapterNotAvailableError", message: expect.stringMatching(/^adapters\.ledger is not available in this function \(its handler builds only dns\)/) }));
  });

  it("names GLIDEPATH_TABLE when the ledger's table is not set, and can be retried once it is", async () => {
    vi.stubEnv("AWS_REGION", "eu-west-1");
    vi.stubEnv("GLIDEPATH_TABLE", "");
    const build = depsFromEnv(fromDynamoDb);
    await expect(build()).rejects.toThrow("environment variable GLIDEPATH_TABLE is not set");
    vi.stubEnv("GLIDEPATH_TABLE", "glidepath-test");
    await expect(build()).resolves.toMatchObject({ adapters: { ledger: expect.any(Object), lease: expect.any(Object) } });
  });
});
