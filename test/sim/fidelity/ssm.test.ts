import {
  GetParameterCommand,
  GetParametersByPathCommand,
  ParameterAlreadyExists,
  ParameterNotFound,
  ParameterVersionNotFound,
  PutParameterCommand,
} from "@aws-sdk/client-ssm";
import { describe, expect, it } from "vitest";
import { aSandbox, rejectionOf } from "./harness.ts";

function ssm(seed = 7) {
  const box = aSandbox({ seed });
  const put = (Name: string, Value: string, extra: Partial<{ Overwrite: boolean; Type: "String" | "SecureString" }> = {}) =>
    box.clients.ssm.send(new PutParameterCommand({ Name, Value, Type: "String", ...extra }));
  const get = (Name: string, WithDecryption = false) => box.clients.ssm.send(new GetParameterCommand({ Name, WithDecryption }));
  /** Reads a whole path the way adapters must: loop while there is a NextToken, whatever the page holds. */
  const readPath = async (Path: string, Recursive: boolean) => {
    const pages: number[] = [];
    const names: string[] = [];
    let token: string | undefined;
    do {
      const out = await box.clients.ssm.send(new GetParametersByPathCommand({ Path, Recursive, NextToken: token }));
      pages.push(out.Parameters?.length ?? 0);
      names.push(...(out.Parameters ?? []).map((p) => p.Name ?? ""));
      token = out.NextToken;
    } while (token);
    return { pages, names };
  };
  return { ...box, put, get, readPath };
}

describe("SSM parameters", () => {
  it("increments the version on every overwrite and reads a pinned version", async () => {
    const { put, get } = ssm();
    const cfg = "/glidepath/shop/prod/config";
    expect((await put(cfg, "v1")).Version).toBe(1);
    expect((await put(cfg, "v2", { Overwrite: true })).Version).toBe(2);
    expect((await get(cfg)).Parameter).toMatchObject({ Value: "v2", Version: 2 });
    expect((await get(`${cfg}:1`)).Parameter).toMatchObject({ Name: cfg, Value: "v1", Version: 1, Selector: ":1" });
  });

  it.each([
    ["writing an existing name without Overwrite", ParameterAlreadyExists, async (s: ReturnType<typeof ssm>) => (await s.put("/p", "a"), s.put("/p", "b"))],
    ["reading a name that does not exist", ParameterNotFound, async (s: ReturnType<typeof ssm>) => s.get("/missing")],
    ["reading a version that does not exist", ParameterVersionNotFound, async (s: ReturnType<typeof ssm>) => (await s.put("/p", "a"), s.get("/p:9"))],
  ] as const)("refuses %s with the modeled exception", async (_rule, exception, act) => {
    const error = await rejectionOf(act(ssm()));
    expect(error).toBeInstanceOf(exception);
  });

  it("keeps only the last 100 versions", async () => {
    const { put, get } = ssm();
    await put("/p", "0");
    for (let i = 1; i <= 100; i++) await put("/p", String(i), { Overwrite: true });
    expect((await get("/p")).Parameter?.Version).toBe(101);
    expect(await rejectionOf(get("/p:1"))).toBeInstanceOf(ParameterVersionNotFound);
    expect((await get("/p:2")).Parameter?.Value).toBe("1");
  });

  it("returns a SecureString's value only with decryption", async () => {
    const { put, get } = ssm();
    await put("/secret", "hunter2", { Type: "SecureString" });
    expect((await get("/secret")).Parameter?.Value).not.toBe("hunter2");
    expect((await get("/secret", true)).Parameter?.Value).toBe("hunter2");
  });
});

describe("SSM GetParametersByPath", () => {
  async function seeded(seed: number) {
    const s = ssm(seed);
    for (let i = 0; i < 23; i++) await s.put(`/glidepath/app${String(i).padStart(2, "0")}/prod/config`, "{}");
    await s.put("/glidepath/top", "x");
    return s;
  }

  it("pages at most 10 at a time, sometimes empty with a NextToken, and loses nothing", async () => {
    const { readPath } = await seeded(7);
    const { pages, names } = await readPath("/glidepath", true);
    expect(Math.max(...pages)).toBeLessThanOrEqual(10);
    expect(pages.slice(0, -1)).toContain(0);
    expect(names).toHaveLength(24);
  });

  it("lists only direct children without Recursive", async () => {
    const { readPath } = await seeded(7);
    expect((await readPath("/glidepath", false)).names).toEqual(["/glidepath/top"]);
  });

  it("places empty pages the same way for the same seed", async () => {
    const first = (await (await seeded(11)).readPath("/glidepath", true)).pages;
    const second = (await (await seeded(11)).readPath("/glidepath", true)).pages;
    expect(first).toEqual(second);
  });
});
