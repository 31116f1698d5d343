import { describe, expect, it } from "vitest";
import { ancestry, isForcePush, isNewerPush, outdatedReason, parentLink, type PushLink } from "../../functions/core/branch-history.ts";

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 12, minute)).toISOString();
const push = (commit: string, parent: string | null, minute: number, forced = false): PushLink => ({ commit, parent, receivedAt: at(minute), forced });
const parents: Record<string, string | null> = { v3: "v2", v2: "v1", v1: null };

describe("ancestry", () => {
  it("follows recorded parents from the head", () => {
    expect(ancestry("v3", (commit) => parents[commit])).toEqual(["v3", "v2", "v1"]);
  });

  it("stops at a commit it has no record of", () => {
    expect(ancestry("v9", () => undefined)).toEqual(["v9"]);
  });

  it("stops at a cycle and at the limit", () => {
    expect(ancestry("x", (commit) => (commit === "x" ? "y" : "x"))).toEqual(["x", "y"]);
    expect(ancestry("c0", (commit) => `c${Number(commit.slice(1)) + 1}`, 5)).toHaveLength(5);
  });
});

describe("isForcePush", () => {
  it("believes the host when it says forced", () => {
    expect(isForcePush({ commit: "x", before: "v3", hostSaysForced: true }, ["v3"])).toBe(true);
  });

  it("sees a rewind: the commit is one the branch had already moved past", () => {
    expect(isForcePush({ commit: "v2", before: "v3" }, ["v3", "v2", "v1"])).toBe(true);
  });

  it("takes a push of a new commit on top of the head as an ordinary push", () => {
    expect(isForcePush({ commit: "v4", before: "v3" }, ["v3", "v2", "v1"])).toBe(false);
    expect(isForcePush({ commit: "v1", before: null }, [])).toBe(false);
  });

  it("cuts the parent link of a force push, whose before is no ancestor", () => {
    expect(parentLink("v3", true)).toBeNull();
    expect(parentLink("v3", false)).toBe("v3");
  });
});

describe("outdatedReason", () => {
  it("skips a late event whose commit is an ancestor of the live commit", () => {
    const reason = outdatedReason(push("v2", "v1", 5), { live: "v3", liveAncestry: ["v3", "v2", "v1"], children: [push("v3", "v2", 2)] });
    expect(reason).toMatch(/^commit v2 is an ancestor of the live commit v3: skipped/);
  });

  it("skips a push that a newer recorded push was made on top of, even before that one is live", () => {
    const reason = outdatedReason(push("v2", "v1", 5), { live: "v1", liveAncestry: ["v1"], children: [push("v3", "v2", 2)] });
    expect(reason).toMatch(/^commit v2 is an ancestor of v3, pushed on top of it/);
  });

  it("lets a push deploy when nothing newer was recorded", () => {
    expect(outdatedReason(push("v3", "v2", 3), { live: "v2", liveAncestry: ["v2", "v1"], children: [] })).toBeNull();
  });

  it("lets the live commit's own push (a redeploy) through", () => {
    expect(outdatedReason(push("v3", "v2", 3), { live: "v3", liveAncestry: ["v3", "v2"], children: [] })).toBeNull();
  });

  it("lets a force push back to an older commit deploy: the newest push by arrival wins", () => {
    const rewind = push("v2", null, 9, true);
    expect(outdatedReason(rewind, { live: "v3", liveAncestry: ["v3", "v2", "v1"], children: [push("v3", "v2", 3)] })).toBeNull();
  });

  it("skips a force push that a later push was made on top of", () => {
    const rewind = push("v2", null, 9, true);
    expect(outdatedReason(rewind, { live: "v3", liveAncestry: ["v3"], children: [push("v3", "v2", 3), push("v5", "v2", 10)] })).toMatch(/ancestor of v5/);
  });
});

describe("isNewerPush", () => {
  it("keeps the descendant, whatever the arrival order", () => {
    expect(isNewerPush(push("v3", "v2", 1), push("v2", "v1", 2), ["v3", "v2", "v1"])).toBe(true);
  });

  it("falls back to arrival when history does not relate them", () => {
    expect(isNewerPush(push("x", null, 5, true), push("v3", "v2", 3), ["x"])).toBe(true);
    expect(isNewerPush(push("x", null, 2, true), push("v3", "v2", 3), ["x"])).toBe(false);
  });
});
