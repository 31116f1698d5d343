import {
  GetParameterCommand,
  GetParameterHistoryCommand,
  GetParametersByPathCommand,
  LabelParameterVersionCommand,
  ParameterAlreadyExists,
  ParameterMaxVersionLimitExceeded,
  ParameterNotFound,
  ParameterVersionLabelLimitExceeded,
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
  const label = (Name: string, Labels: string[], ParameterVersion?: number) =>
    box.clients.ssm.send(new LabelParameterVersionCommand({ Name, Labels, ...(ParameterVersion === undefined ? {} : { ParameterVersion }) }));
  return { ...box, put, get, readPath, label };
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

describe("SSM version labels and history", () => {
  const cfg = "/glidepath/shop/prod/config";

  it("moves a label to the version it is put on, and reads a version by its label", async () => {
    const { put, get, label } = ssm();
    await put(cfg, "v1");
    await put(cfg, "v2", { Overwrite: true });
    expect(await label(cfg, ["deployed-abc"], 1)).toEqual(expect.objectContaining({ InvalidLabels: [], ParameterVersion: 1 }));
    expect((await get(`${cfg}:deployed-abc`)).Parameter).toMatchObject({ Value: "v1", Version: 1, Selector: ":deployed-abc" });
    expect((await label(cfg, ["deployed-abc"])).ParameterVersion).toBe(2);
    expect((await get(`${cfg}:deployed-abc`)).Parameter).toMatchObject({ Value: "v2", Version: 2 });
    expect(await rejectionOf(get(`${cfg}:nobody-put-this`))).toBeInstanceOf(ParameterVersionNotFound);
  });

  it("returns labels that break the naming rules in InvalidLabels, without an error, and applies the others", async () => {
    const { put, get, label } = ssm();
    await put(cfg, "v1");
    const bad = ["1starts-with-digit", "aws-reserved", "SSM-reserved", "has space"];
    expect((await label(cfg, [...bad, "good.label_1"])).InvalidLabels).toEqual(bad);
    expect((await get(`${cfg}:good.label_1`)).Parameter?.Version).toBe(1);
    expect(await rejectionOf(get(`${cfg}:has space`))).toBeInstanceOf(ParameterVersionNotFound);
  });

  it("refuses an eleventh label on one version", async () => {
    const { put, label } = ssm();
    await put(cfg, "v1");
    await label(cfg, Array.from({ length: 10 }, (_, i) => `label-${i}`));
    expect(await rejectionOf(label(cfg, ["label-10"]))).toBeInstanceOf(ParameterVersionLabelLimitExceeded);
    // Putting a label the version already has adds nothing, so it is not refused.
    expect((await label(cfg, ["label-3"])).ParameterVersion).toBe(1);
  });

  it("lists every version oldest first in pages, with labels, date and who changed it", async () => {
    const s = ssm();
    await s.put(cfg, "0");
    for (let i = 1; i < 60; i++) await s.put(cfg, String(i), { Overwrite: true });
    await s.label(cfg, ["deployed-abc"], 3);
    const versions: Array<{ Version?: number; Labels?: string[]; LastModifiedUser?: string; Value?: string }> = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await s.clients.ssm.send(new GetParameterHistoryCommand({ Name: cfg, MaxResults: 50, NextToken: token }));
      versions.push(...(page.Parameters ?? []));
      token = page.NextToken;
      pages++;
    } while (token);
    expect(pages).toBe(2);
    expect(versions.map((v) => v.Version)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(versions[2]).toMatchObject({ Version: 3, Value: "2", Labels: ["deployed-abc"], LastModifiedUser: expect.stringMatching(/^arn:aws:iam::\d{12}:user\//) });
    expect(versions[3]?.Labels).toEqual([]);
  });

  it("keeps a labelled oldest version: the 101st write fails until the label moves", async () => {
    const { put, label, get } = ssm();
    await put(cfg, "1");
    await label(cfg, ["pinned"], 1);
    for (let i = 2; i <= 100; i++) await put(cfg, String(i), { Overwrite: true });
    expect(await rejectionOf(put(cfg, "101", { Overwrite: true }))).toBeInstanceOf(ParameterMaxVersionLimitExceeded);
    await label(cfg, ["pinned"], 50);
    expect((await put(cfg, "101", { Overwrite: true })).Version).toBe(101);
    expect(await rejectionOf(get(`${cfg}:1`))).toBeInstanceOf(ParameterVersionNotFound);
  });
});
