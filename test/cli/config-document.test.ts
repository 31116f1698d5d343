// What `config put` stores and `config diff` compares (cli/config-document.ts), without SSM.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { configPatch, storableConfig } from "../../cli/config-document.ts";
import { ConfigInvalidError } from "../../functions/errors.ts";

const TEXT = readFileSync("config/shop-api.prod.json", "utf8");
const DOCUMENT = JSON.parse(TEXT);
const TARGET = { app: "shop-api", env: "prod" };

describe("the config text config put stores", () => {
  it("keeps a JSON file as written", () => {
    expect(storableConfig(TARGET, "shop-api.prod.json", { text: TEXT, document: DOCUMENT })).toBe(TEXT);
  });

  it("stores a YAML file as the JSON deployments parse", () => {
    const stored = storableConfig(TARGET, "shop-api.prod.yaml", { text: stringify(DOCUMENT), document: DOCUMENT });
    expect(JSON.parse(stored)).toEqual(DOCUMENT);
  });

  it("refuses a document over SSM's 4 KB with its size, beside the config's own problems", () => {
    const alarms = Array.from({ length: 60 }, (_, i) => ({ name: `shop-api-prod-{slot}-a-rather-long-alarm-name-${i}`, missingData: "wait" }));
    const big = { ...DOCUMENT, analysis: { ...DOCUMENT.analysis, alarms }, approval: { timeout: "0s" } };
    let refused: unknown;
    try {
      storableConfig(TARGET, "big.yaml", { text: stringify(big), document: big });
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(ConfigInvalidError);
    expect((refused as ConfigInvalidError).problems).toEqual(["approval.timeout: must be 1m–7d (is 0s)", expect.stringMatching(/^\(document\): \d{4,} bytes as JSON; an SSM standard parameter holds at most 4096$/)]);
  });
});

describe("config diff", () => {
  it("finds no difference between a YAML file and the JSON stored from it", () => {
    expect(configPatch({ name: "v1", text: TEXT }, { name: "file.yaml", text: stringify(DOCUMENT) })).toEqual({ identical: true, patch: "" });
  });

  it("shows a changed value as one removed and one added line under both names", () => {
    const changed = JSON.stringify({ ...DOCUMENT, env: "staging" });
    const { identical, patch } = configPatch({ name: "v1", text: TEXT }, { name: "v2", text: changed });
    expect(identical).toBe(false);
    expect(patch).toMatch(/^--- v1\n\+\+\+ v2\n@@ /);
    expect(patch.split("\n").filter((line) => /^[-+] /.test(line))).toEqual(['-  "env": "prod",', '+  "env": "staging",']);
  });
});
