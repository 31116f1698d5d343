import { describe, expect, it } from "vitest";
import { parseConfig } from "../../functions/core/config.ts";
import { aConfig, aParsedConfig } from "../fixtures/config.ts";
import { aPushEvent } from "../fixtures/events.ts";

describe("shared builders", () => {
  it("aConfig builds a config that validates", () => {
    const result = parseConfig(aConfig());
    expect(result.ok ? [] : result.problems).toEqual([]);
  });
  it("aParsedConfig fills durations in seconds", () => {
    expect(aParsedConfig().finalBake).toBe(300);
  });
  it("aPushEvent drops commitId on a deleted reference", () => {
    const event = aPushEvent({ detail: { event: "referenceDeleted" } });
    expect(event.detail.commitId).toBeUndefined();
    expect(event.detail.oldCommitId).toBeDefined();
  });
  it("aPushEvent names tags under refs/tags", () => {
    expect(aPushEvent({ detail: { referenceType: "tag", referenceName: "v1" } }).detail.referenceFullName).toBe("refs/tags/v1");
  });
});
