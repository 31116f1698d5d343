import { describe, expect, it } from "vitest";
import { decideRetention, type RetentionCandidate } from "../../functions/core/image-retention.ts";

/** Images ami-1 (oldest) … ami-n (newest), a minute apart. */
const images = (n: number, overrides: Record<number, Partial<RetentionCandidate>> = {}): RetentionCandidate[] =>
  Array.from({ length: n }, (_, i) => ({
    imageId: `ami-${i + 1}`,
    state: "available" as const,
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
    deploymentId: `shop-api-prod-${i + 1}`,
    ...overrides[i + 1],
  }));
const none = { referenced: new Map<string, string>(), runningDeployments: new Set<string>() };

describe("image retention", () => {
  it.each<[string, Parameters<typeof decideRetention>[0], string[]]>([
    ["keeps the newest `keep` and retires the rest, oldest first", { images: images(7), keep: 5, ...none }, ["ami-1", "ami-2"]],
    ["retires nothing while there are no more than `keep`", { images: images(5), keep: 5, ...none }, []],
    ["keeps an old image a slot's launch template still uses", { images: images(7), keep: 5, ...none, referenced: new Map([["ami-1", "slot a's launch template"]]) }, ["ami-2"]],
    ["keeps the image of a deployment in progress, recorded or not", { images: images(7), keep: 5, ...none, runningDeployments: new Set(["shop-api-prod-2"]) }, ["ami-1"]],
    ["keeps a pending image and does not count it among the newest", { images: images(7, { 7: { state: "pending" } }), keep: 5, ...none }, ["ami-1"]],
    ["retires a failed image even when it is new", { images: images(3, { 3: { state: "failed" } }), keep: 5, ...none }, ["ami-3"]],
    ["keeps a failed image something still references", { images: images(3, { 3: { state: "failed" } }), keep: 5, ...none, referenced: new Map([["ami-3", "slot b's launch template"]]) }, []],
    ["ranks by registration time, not by listing order", { images: images(4).reverse(), keep: 2, ...none }, ["ami-1", "ami-2"]],
  ])("%s", (_rule, input, retired) => {
    expect(decideRetention(input).retire).toEqual(retired);
  });

  it("says why each kept image stays", () => {
    const decision = decideRetention({ images: images(4), keep: 2, referenced: new Map([["ami-1", "the previous live image"]]), runningDeployments: new Set() });
    expect(decision.kept).toEqual([
      { imageId: "ami-4", why: "one of the 2 newest" },
      { imageId: "ami-3", why: "one of the 2 newest" },
      { imageId: "ami-1", why: "the previous live image" },
    ]);
  });
});
