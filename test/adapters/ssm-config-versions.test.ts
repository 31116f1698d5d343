// The operator's config versions over the simulated SSM, through a real SDK client: history pages, labels, writes.
import { LabelParameterVersionCommand } from "@aws-sdk/client-ssm";
import { describe, expect, it } from "vitest";
import { makeSsmConfigVersions } from "../../functions/adapters/ssm-config-versions.ts";
import { ConfigNotFoundError } from "../../functions/errors.ts";
import { aSandbox } from "../sim/fidelity/harness.ts";

describe("SSM config versions", () => {
  it("lists every kept version oldest first across history pages, with labels and who wrote it", async () => {
    const { clients, clock } = aSandbox();
    const versions = makeSsmConfigVersions(clients.ssm, "/teams/x/");
    const start = clock.now();
    for (let i = 1; i <= 60; i++) {
      expect(await versions.put("shop", "prod", `{"n":${i}}`)).toBe(i);
      clock.advance(1000);
    }
    await clients.ssm.send(new LabelParameterVersionCommand({ Name: "/teams/x/shop/prod/config", ParameterVersion: 55, Labels: ["deployed-abc"] }));
    const history = await versions.history("shop", "prod");
    expect(history.map((v) => v.version)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(history[54]).toEqual({ version: 55, text: '{"n":55}', lastModified: new Date(start + 54_000).toISOString(), modifiedBy: expect.stringMatching(/^arn:aws:iam::/), labels: ["deployed-abc"] });
  });

  it("says there is no config for an app/env SSM has no parameter for", async () => {
    const { clients } = aSandbox();
    await expect(makeSsmConfigVersions(clients.ssm).history("shop", "prod")).rejects.toThrow(new ConfigNotFoundError("no config for shop/prod: SSM parameter /glidepath/shop/prod/config does not exist"));
  });
});
