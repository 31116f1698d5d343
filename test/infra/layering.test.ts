// The folders depend on each other in one direction, top-down: cli → local → stacks → functions, and inside
// functions: events/operator → tasks → adapters → core. This reads every import and refuses one that points up.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith(".ts") ? [path] : [];
  });
}

/** Every relative import (values and types) of a file, as paths from the project root. */
function importsOf(file: string): string[] {
  const source = readFileSync(file, "utf8");
  return [...source.matchAll(/^(?:import|export)[^;]*?from "(\.{1,2}\/[^"]+)";$/gms)].map(([, spec]) => relative(root, resolve(dirname(file), spec!)));
}

const RULES: Array<{ folder: string; mayNotImport: string[] }> = [
  { folder: "functions/core", mayNotImport: ["functions/adapters", "functions/tasks", "functions/task-support", "functions/shell", "functions/events", "functions/operator"] },
  { folder: "functions/adapters", mayNotImport: ["functions/tasks", "functions/task-support", "functions/shell", "functions/events", "functions/operator"] },
  // A Task gets its adapters as deps; its Lambda entry (stacks/task-entry.ts) builds them from the environment.
  { folder: "functions/tasks", mayNotImport: ["functions/events", "functions/operator", "functions/shell", "functions/adapters/env", "functions/catalog.ts"] },
  { folder: "functions", mayNotImport: ["local", "stacks", "cli", "test"] },
  // The catalog imports every Task module: an event handler importing it would carry them all in its bundle.
  { folder: "functions/events", mayNotImport: ["functions/catalog.ts"] },
  { folder: "functions/operator", mayNotImport: ["functions/catalog.ts"] },
  { folder: "functions/shell", mayNotImport: ["functions/catalog.ts"] },
  { folder: "stacks", mayNotImport: ["local", "cli", "test"] },
  { folder: "local", mayNotImport: ["cli", "test"] },
];

describe("layering", () => {
  it.each(RULES)("nothing in $folder imports from $mayNotImport", ({ folder, mayNotImport }) => {
    const upward = sourceFiles(join(root, folder)).flatMap((file) =>
      importsOf(file)
        .filter((target) => mayNotImport.some((forbidden) => target === forbidden || target.startsWith(`${forbidden}/`)))
        .map((target) => `${relative(root, file)} → ${target}`),
    );
    expect(upward).toEqual([]);
  });

  it("sees imports at all (a broken pattern would pass every rule)", () => {
    expect(importsOf(join(root, "functions/tasks/shift-traffic.ts"))).toContain("functions/core/weights.ts");
  });

  // Full zod's chained methods keep all of it (about 92 KB) in every Lambda bundle that imports it.
  it("lets Lambda code import zod only through functions/core/zod-mini.ts", () => {
    const direct = sourceFiles(join(root, "functions"))
      .filter((file) => !file.endsWith("functions/core/zod-mini.ts"))
      .filter((file) => /from "zod(\/[^"]*)?";$/m.test(readFileSync(file, "utf8")))
      .map((file) => relative(root, file));
    expect(direct).toEqual([]);
  });
});
