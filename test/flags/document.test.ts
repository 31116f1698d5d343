import { describe, expect, it } from "vitest";
import { flagDocumentText, flagsParameterName, parseFlagDocument, parseFlagDocumentText } from "../../functions/flags/document.ts";

const problemsOf = (document: unknown) => {
  const parsed = parseFlagDocument(document);
  return parsed.ok ? [] : parsed.problems;
};

describe("the flag document", () => {
  it("accepts on, off and percentage flags, filling in the key they bucket by", () => {
    const parsed = parseFlagDocument({
      flags: {
        "new-checkout": { state: "percentage", percent: 12.5, allow: ["qa-1"], deny: ["vip-9"] },
        "dark-mode": { state: "on", description: "everyone" },
        search: { state: "off", by: "sessionId" },
      },
    });
    expect(parsed).toEqual({
      ok: true,
      document: {
        flags: {
          "new-checkout": { state: "percentage", percent: 12.5, by: "userId", allow: ["qa-1"], deny: ["vip-9"] },
          "dark-mode": { state: "on", by: "userId", description: "everyone" },
          search: { state: "off", by: "sessionId" },
        },
      },
    });
  });

  it.each<[string, unknown, string[]]>([
    ["a percentage above 100", { flags: { checkout: { state: "percentage", percent: 150 } } }, ["flags.checkout.percent: must be 0–100"]],
    ["a percentage finer than 0.01", { flags: { checkout: { state: "percentage", percent: 1.005 } } }, ["flags.checkout.percent: must have at most two decimals (0.01% steps)"]],
    ["a percentage flag without its percent", { flags: { checkout: { state: "percentage" } } }, [expect.stringMatching(/^flags\.checkout\.percent: /)]],
    ["a state that does not exist", { flags: { checkout: { state: "maybe" } } }, [expect.stringMatching(/^flags\.checkout\.state: /)]],
    ["a flag name with capitals", { flags: { Checkout: { state: "on" } } }, [expect.stringMatching(/^flags\.Checkout: is not a flag name \(1–64 lowercase/)]],
    ["an unknown key, next to a bad list", { flags: { checkout: { state: "on", alow: ["x"], deny: [""] } } }, [expect.stringMatching(/^flags\.checkout: .*alow/), expect.stringMatching(/^flags\.checkout\.deny\[0\]: /)]],
    ["no flags object at all", {}, [expect.stringMatching(/^flags: /)]],
  ])("refuses %s, naming the path", (_case, document, problems) => {
    expect(problemsOf(document)).toEqual(expect.arrayContaining(problems));
    expect(problemsOf(document)).toHaveLength(problems.length);
  });

  it("says when the stored text is not JSON", () => {
    expect(parseFlagDocumentText("{flags:")).toEqual({ ok: false, problems: [expect.stringMatching(/^\(root\): not valid JSON/)] });
  });

  it("stores flags in name order, so an equal document is an equal text", () => {
    const one = flagDocumentText({ flags: { b: { state: "on", by: "userId" }, a: { state: "off", by: "userId" } } });
    const two = flagDocumentText({ flags: { a: { state: "off", by: "userId" }, b: { state: "on", by: "userId" } } });
    expect(one).toBe(two);
    expect(Object.keys(JSON.parse(one).flags)).toEqual(["a", "b"]);
  });

  it("lives next to the config in SSM", () => {
    expect(flagsParameterName("shop-api", "prod")).toBe("/glidepath/shop-api/prod/flags");
    expect(flagsParameterName("shop-api", "prod", "/team-x/")).toBe("/team-x/shop-api/prod/flags");
    expect(() => flagsParameterName("Shop", "prod")).toThrow('app: lowercase letters, digits and dashes (is "Shop")');
  });
});
