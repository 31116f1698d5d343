import { describe, expect, it } from "vitest";
import { parseConfig, type ConfigInput } from "../../functions/core/config.ts";
import { aConfig } from "../fixtures/config.ts";

const withSource = (source: unknown, env = "prod"): unknown => ({ ...aConfig(), env, source });
const problemsOf = (document: unknown): string[] => {
  const result = parseConfig(document);
  return result.ok ? [] : result.problems;
};

describe("an env's source", () => {
  it("parses a promotion from another env, the soak in seconds and approval off by default", () => {
    const result = parseConfig(withSource({ promotedFrom: "staging", soak: "2h" }));
    expect(result.ok && result.config.source).toEqual({ promotedFrom: "staging", soakSeconds: 7200, approval: false });
  });

  it("keeps a branch source as it was, branch main by default", () => {
    const result = parseConfig(aConfig({ source: { repository: "shop-api" } as ConfigInput["source"] }));
    expect(result.ok && result.config.source).toEqual({ repository: "shop-api", branch: "main" });
  });

  it.each<[string, unknown, string[]]>([
    ["a promotion from the env itself", withSource({ promotedFrom: "prod", soak: "1h" }), ["source.promotedFrom: names this env itself (prod): promote from the env before it on the path"]],
    ["a promotion without a soak", withSource({ promotedFrom: "staging" }), ['source.soak: is required with promotedFrom: how long a release stays live and alarm-free upstream first (e.g. "2h", or "0s")']],
    ["a soak that is not a duration", withSource({ promotedFrom: "staging", soak: "a while" }), ["source.soak: must be a duration 0s–14d such as 30m or 2h"]],
    ["a soak longer than alarm history keeps", withSource({ promotedFrom: "staging", soak: "15d" }), ["source.soak: must be a duration 0s–14d such as 30m or 2h"]],
    ["a branch and a promotion at once", withSource({ promotedFrom: "staging", soak: "1h", repository: "shop-api" }), ["source.repository: cannot be combined with promotedFrom: an env takes its releases from a branch or from another env, not both"]],
    ["approval that is not a boolean", withSource({ promotedFrom: "staging", soak: "1h", approval: "yes" }), ["source.approval: must be true or false"]],
    ["an upstream name with capitals", withSource({ promotedFrom: "Staging", soak: "1h" }), ["source.promotedFrom: must be the name of another env of this app (lowercase letters, digits and dashes)"]],
    ["a soak on a branch source", withSource({ repository: "shop-api", soak: "1h" }), ["source.soak: only applies with promotedFrom (a source that is another env)"]],
    ["neither a repository nor a promotion", withSource({ branch: "main" }), ["source.repository: is required: the repository whose branch deploys this env (or use promotedFrom to take releases from another env)"]],
    ["a misspelled key", withSource({ promotedFrom: "staging", soak: "1h", aproval: true }), ["source.aproval: is not a known key (did you mean source.approval?)"]],
  ])("refuses %s with its path", (_rule, document, expected) => {
    expect(problemsOf(document)).toEqual(expected);
  });
});
