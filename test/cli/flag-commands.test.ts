// `glidepath flag list|get|set|kill` against the sandbox's simulated SSM, through the same store as on AWS: every
// change a new version with a note saying who changed what, bad input refused with nothing written.
import { GetParameterHistoryCommand } from "@aws-sdk/client-ssm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../local/sandbox/sandbox.ts";
import { sandboxBackend } from "../fixtures/sandbox-backend.ts";
import { glidepath } from "./run-cli.ts";

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ reconcileEverySeconds: false });
});
afterAll(() => sandbox.close());

/** Each test its own env, so they share one sandbox without sharing a document. */
const cliFor = (env: string) => {
  const where = ["--app", "shop-api", "--env", env];
  const cli = (...args: string[]) => glidepath(...args, ...where, { backend: sandboxBackend(sandbox), env: { GLIDEPATH_OPERATOR: "alice" } });
  const history = () =>
    sandbox.clients.ssm.send(new GetParameterHistoryCommand({ Name: `/glidepath/shop-api/${env}/flags` })).then(
      (page) => page.Parameters ?? [],
      (error: Error) => (error.name === "ParameterNotFound" ? [] : Promise.reject(error)),
    );
  return { cli, history };
};

describe("glidepath flag", () => {
  it("creates, changes and lists flags, each change a version noting who made it", async () => {
    const { cli, history } = cliFor("one");
    expect((await cli("flag", "list")).stdout).toBe("shop-api/one has no flags yet (glidepath flag set NAME … creates the document)\n");

    const created = await cli("flag", "set", "new-checkout", "--off", "--description", "checkout v2, shipped dark");
    expect(created).toMatchObject({ code: 0, stdout: "shop-api/one: new-checkout: (new) → off (flags version 1)\n" });
    const raised = await cli("flag", "set", "new-checkout", "--percent", "5", "--allow", "qa-1,qa-2", "--reason", "first users");
    expect(raised.stdout).toBe("shop-api/one: new-checkout: off → 5% of userId (allow 2) (flags version 2, was 1)\n");
    await cli("flag", "set", "dark-mode", "--on", "--by", "sessionId");

    const listed = await cli("flag", "list");
    expect(listed.stdout).toBe(
      ["shop-api/one flags, version 3:", "  dark-mode                on", "  new-checkout             5% of userId (allow 2)  — checkout v2, shipped dark", ""].join("\n"),
    );
    expect(JSON.parse((await cli("flag", "get", "new-checkout", "--version", "1", "--json")).stdout)).toEqual({
      app: "shop-api",
      env: "one",
      version: 1,
      name: "new-checkout",
      flag: { state: "off", by: "userId", description: "checkout v2, shipped dark" },
    });
    expect((await history()).map((version) => version.Description)).toEqual([
      "set new-checkout: (new) → off — by alice",
      "set new-checkout: off → 5% of userId (allow 2) — by alice: first users",
      "set dark-mode: (new) → on — by alice",
    ]);
  });

  it("writes nothing when the flag would not change", async () => {
    const { cli, history } = cliFor("two");
    await cli("flag", "set", "search", "--on");
    const again = await cli("flag", "set", "search", "--on", "--json");
    expect(JSON.parse(again.stdout)).toMatchObject({ version: 1, written: false });
    expect(await history()).toHaveLength(1);
  });

  it("kills a flag for everyone at once, allow list included, keeping its deny list", async () => {
    const { cli, history } = cliFor("three");
    await cli("flag", "set", "new-checkout", "--percent", "25", "--allow", "qa-1", "--deny", "vip-1");
    const killed = await cli("flag", "kill", "new-checkout", "--reason", "checkout errors", "--json");
    expect(JSON.parse(killed.stdout)).toEqual({ app: "shop-api", env: "three", version: 2, written: true, name: "new-checkout", flag: { state: "off", by: "userId", deny: ["vip-1"] } });
    expect((await history()).at(-1)?.Description).toBe("kill new-checkout: 25% of userId (allow 1, deny 1) → off (deny 1) — by alice: checkout errors");
  });

  it.each<[string, string[], RegExp]>([
    ["a new flag without a state", ["set", "checkout"], /flags\.checkout: is a new flag: say whether it is on, off or a percentage/],
    ["a percentage above 100", ["set", "checkout", "--percent", "150"], /"150" is not a percentage \(0–100\)/],
    ["a percentage finer than 0.01", ["set", "checkout", "--percent", "2.005"], /flags\.checkout\.percent: must have at most two decimals/],
    ["on and a percentage together", ["set", "checkout", "--on", "--percent", "5"], /option '--on' cannot be used with option '--percent <p>'/],
    ["a flag name with capitals", ["set", "Checkout", "--on"], /flags\.Checkout: is not a flag name/],
    ["killing a flag that does not exist", ["kill", "nothing"], /flags\.nothing: no such flag \(flags: none\)/],
    ["reading a flag that does not exist", ["get", "nothing"], /shop-api\/four has no flag nothing \(flags: none\)/],
    ["releasing a flag that does not exist", ["rollout", "nothing"], /shop-api\/four has no flag nothing: create it first, shipped dark/],
    ["a rollout whose steps do not end at --to", ["rollout", "nothing", "--to", "50", "--steps", "5,25"], /--steps ends at 25%, --to says 50%/],
    ["a rollout bake that is not a duration", ["rollout", "nothing", "--bake", "soon"], /"soon" is not a duration/],
  ])("refuses %s with exit 2 and writes nothing", async (_case, args, message) => {
    const { cli, history } = cliFor("four");
    const refused = await cli("flag", ...args);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(message);
    expect(await history()).toEqual([]);
  });

  it("refuses a rollout whose steps do not climb from the flag's percentage, starting nothing", async () => {
    const { cli } = cliFor("five");
    await cli("flag", "set", "checkout", "--percent", "30");
    const refused = await cli("flag", "rollout", "checkout", "--steps", "25,20,100", "--json");
    expect(refused.code).toBe(2);
    expect(JSON.parse(refused.stdout).error.problems).toEqual(["steps[0]: must be above the flag's 30% now (percentage)", "steps[1]: must be above the step before (25)"]);
    expect(sandbox.executions.runs.size).toBe(0);
  });
});
