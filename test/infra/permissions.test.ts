import { describe, expect, it } from "vitest";
import { EVENT_FUNCTIONS, TASK_FUNCTIONS } from "../../functions/catalog.ts";
import { IMAGE_TAG } from "../../functions/core/naming.ts";
import {
  FUNCTION_IDS,
  functionPermissions,
  policyDocument,
  stateMachinePermissions,
  INSTANCE_ROLE_NAME_PATTERN,
  WILDCARD_EXCEPTIONS,
  type PermissionScope,
  type Statement,
} from "../../stacks/permissions.ts";

const everything: PermissionScope = {
  partition: "aws",
  region: "eu-west-1",
  account: "123456789012",
  stage: "prod",
  hostedZoneIds: ["Z0123456789ABCDEFGHIJ"],
  recordNames: ["api.shop.example.com"],
  albActionArns: [
    "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/shop-api/50dc6c495c0c9188/f2f7dc8efc522ab2",
    "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener-rule/app/shop-api/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee",
  ],
  imagePipelineArns: ["arn:aws:imagebuilder:eu-west-1:123456789012:image-pipeline/shop-api"],
  imageKinds: ["createImage", "imageBuilder"],
  fleetProviders: ["autoscaling", "codedeploy"],
};

const byFunction = functionPermissions(everything);
const allStatements: Array<[string, Statement]> = [
  ...Object.entries(byFunction).flatMap(([id, statements]) => statements.map((s): [string, Statement] => [id, s])),
  ...stateMachinePermissions(everything).map((s): [string, Statement] => ["stateMachine", s]),
];
const exceptions = new Set<string>(WILDCARD_EXCEPTIONS.map((e) => e.action));
const actionsOf = (id: keyof typeof byFunction) => byFunction[id].flatMap((s) => s.actions);

/**
 * `*`, or every resource of a type (`…:change/*`, `…:deploymentgroup:*`, `…autoScalingGroup:*:…/*`).
 * Sub-resources of one named resource (`log-group:/aws/lambda/x:*`) and path prefixes
 * (`parameter/glidepath/*`) are scoped, not wildcards.
 */
function isWildcardResource(resource: string): boolean {
  if (resource === "*") return true;
  let part = resource.split(":").slice(5).join(":");
  const parent = part.replace(/:\*$/, "");
  if (parent !== part && parent.includes(":")) part = parent;
  return /^[A-Za-z-]+[/:]\*$/.test(part) || part.includes(":*:");
}
// A resource that does not exist yet (a created group) is scoped by the tags the request must carry.
const isTagScoped = (s: Statement) =>
  Object.values(s.conditions ?? {}).some((block) => Object.keys(block).some((key) => /^(aws|autoscaling):(ResourceTag|RequestTag)\//.test(key)));

describe("least privilege", () => {
  it("gives every catalog function a policy, and nothing else", () => {
    expect(Object.keys(byFunction).sort()).toEqual([...Object.keys(TASK_FUNCTIONS), ...Object.keys(EVENT_FUNCTIONS)].sort());
    expect(FUNCTION_IDS).toHaveLength(Object.keys(TASK_FUNCTIONS).length + Object.keys(EVENT_FUNCTIONS).length);
  });

  it("never grants an action with a *", () => {
    const starred = allStatements.flatMap(([id, s]) => s.actions.filter((a) => a.includes("*")).map((a) => `${id}: ${a}`));
    expect(starred).toEqual([]);
  });

  it("grants wildcard resources only to listed exceptions or under a tag condition", () => {
    const offenders = allStatements.flatMap(([id, s]) =>
      s.resources.some(isWildcardResource) && !isTagScoped(s)
        ? s.actions.filter((action) => !exceptions.has(action)).map((action) => `${id}: ${action} on ${s.resources.join(", ")}`)
        : [],
    );
    expect(offenders).toEqual([]);
  });

  it("lists only exceptions that are used, each with a reason", () => {
    const used = new Set(allStatements.flatMap(([, s]) => (s.resources.some(isWildcardResource) ? s.actions : [])));
    for (const exception of WILDCARD_EXCEPTIONS) {
      expect(used.has(exception.action), exception.action).toBe(true);
      expect(exception.reason.length).toBeGreaterThan(20);
    }
  });

  it("recognizes what a wildcard resource is", () => {
    expect(isWildcardResource("*")).toBe(true);
    expect(isWildcardResource("arn:aws:route53:::change/*")).toBe(true);
    expect(isWildcardResource("arn:aws:autoscaling:eu-west-1:1:autoScalingGroup:*:autoScalingGroupName/*")).toBe(true);
    expect(isWildcardResource("arn:aws:ssm:eu-west-1:1:parameter/glidepath/*")).toBe(false);
    expect(isWildcardResource("arn:aws:route53:::hostedzone/Z1")).toBe(false);
    expect(isWildcardResource("arn:aws:codedeploy:eu-west-1:1:deploymentgroup:*")).toBe(true);
    expect(isWildcardResource("arn:aws:logs:eu-west-1:1:log-group:/aws/lambda/x:*")).toBe(false);
  });

  it("scopes weight writes to the configured hosted zones, records and their fences", () => {
    const write = byFunction.shiftTraffic.find((s) => s.actions.includes("route53:ChangeResourceRecordSets"))!;
    expect(write.resources).toEqual(["arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ"]);
    const allowed = write.conditions?.["ForAllValues:StringEquals"];
    expect(allowed?.["route53:ChangeResourceRecordSetsNormalizedRecordNames"]).toEqual(["api.shop.example.com", "_glidepath-fence.api.shop.example.com"]);
    expect(allowed?.["route53:ChangeResourceRecordSetsRecordTypes"]).toEqual(["A", "AAAA", "CNAME", "TXT"]);
  });

  it("scopes config reads to the stage's parameter path", () => {
    const read = byFunction.loadConfig.find((s) => s.actions.includes("ssm:GetParameter"))!;
    expect(read.resources).toEqual(["arn:aws:ssm:eu-west-1:123456789012:parameter/glidepath/*"]);
    const dev = functionPermissions({ ...everything, stage: "dev" }).loadConfig.find((s) => s.actions.includes("ssm:GetParameter"))!;
    expect(dev.resources).toEqual(["arn:aws:ssm:eu-west-1:123456789012:parameter/glidepath-dev/*"]);
  });

  it("lets only the webhook read the webhook secret", () => {
    const readers = Object.entries(byFunction)
      .filter(([, statements]) => statements.some((s) => s.resources.some((r) => r.includes("glidepath-secrets"))))
      .map(([id]) => id);
    expect(readers).toEqual(["webhook"]);
  });

  it("lets only the start paths and the lease's releasers (which start the queued push) start executions, on our state machine alone", () => {
    const starters = FUNCTION_IDS.filter((id) => actionsOf(id).includes("states:StartExecution"));
    expect(starters.sort()).toEqual(["acquireLease", "cleanup", "finishRollback", "reconciler", "releaseLease", "startDeployment", "webhook"]);
    const start = byFunction.startDeployment.find((s) => s.actions.includes("states:StartExecution"))!;
    expect(start.resources).toEqual(["arn:aws:states:eu-west-1:123456789012:stateMachine:glidepath-prod"]);
  });

  it("lets only Acquire lease stop executions (a superseding push), and only our state machine's", () => {
    const stoppers = FUNCTION_IDS.filter((id) => actionsOf(id).includes("states:StopExecution"));
    expect(stoppers).toEqual(["acquireLease"]);
    const stop = byFunction.acquireLease.find((s) => s.actions.includes("states:StopExecution"))!;
    expect(stop.resources).toEqual(["arn:aws:states:eu-west-1:123456789012:execution:glidepath-prod:*"]);
  });

  it("changes fleets only where the managed tag says so", () => {
    const fleetWrites = byFunction.prepareFleet.filter((s) => s.actions.some((a) => a.startsWith("autoscaling:Update") || a.startsWith("codedeploy:Create")));
    expect(fleetWrites.length).toBe(2);
    for (const s of fleetWrites) expect(isTagScoped(s)).toBe(true);
  });

  it("lets prepareFleet launch its launch template, as UpdateAutoScalingGroup with a template requires", () => {
    const launch = byFunction.prepareFleet.filter((s) => s.actions.includes("ec2:RunInstances"));
    const template = launch.find((s) => s.resources.some((r) => r.includes(":launch-template/")))!;
    expect(isTagScoped(template)).toBe(true);
    expect(template.conditions?.["StringEquals"]?.[`aws:ResourceTag/${IMAGE_TAG.managed}`]).toEqual(["true"]);
    const image = launch.find((s) => s.resources.some((r) => r.includes(":image/")))!;
    expect(image.conditions).toEqual({ StringEquals: { "ec2:Owner": ["123456789012"] } });
    // Everything else the launch touches stays in our account and region.
    for (const r of launch.flatMap((s) => s.resources)) expect(r).toMatch(/^arn:aws:ec2:eu-west-1:(123456789012)?:/);
    const tag = byFunction.prepareFleet.find((s) => s.actions.includes("ec2:CreateTags"))!;
    expect(tag.conditions).toEqual({ StringEquals: { "ec2:CreateAction": ["RunInstances"] } });
  });

  it("lets only Check image tag existing images, with Glidepath's keys and the managed tag only", () => {
    const taggers = FUNCTION_IDS.filter((id) => byFunction[id].some((s) => s.actions.includes("ec2:CreateTags") && !s.conditions?.["StringEquals"]?.["ec2:CreateAction"]));
    expect(taggers).toEqual(["checkImage"]);
    const tag = byFunction.checkImage.find((s) => s.actions.includes("ec2:CreateTags"))!;
    expect(tag.conditions).toEqual({
      StringEquals: { [`aws:RequestTag/${IMAGE_TAG.managed}`]: ["true"] },
      "ForAllValues:StringEquals": { "aws:TagKeys": Object.values(IMAGE_TAG) },
    });
    const createImageOnly = functionPermissions({ ...everything, imageKinds: ["createImage"], imagePipelineArns: [] });
    expect(createImageOnly.checkImage.flatMap((s) => s.actions)).not.toContain("ec2:CreateTags");
  });

  it("lets only Retire the old fleet deregister images and delete snapshots, and only managed ones", () => {
    const retirers = FUNCTION_IDS.filter((id) => actionsOf(id).some((a) => a === "ec2:DeregisterImage" || a === "ec2:DeleteSnapshot"));
    expect(retirers).toEqual(["retireOldFleet"]);
    const retire = byFunction.retireOldFleet.find((s) => s.actions.includes("ec2:DeregisterImage"))!;
    expect(retire.conditions).toEqual({ StringEquals: { [`aws:ResourceTag/${IMAGE_TAG.managed}`]: ["true"] } });
    expect(actionsOf("retireOldFleet")).toEqual(expect.arrayContaining(["ec2:DescribeImages", "autoscaling:DescribeAutoScalingGroups", "ec2:DescribeLaunchTemplateVersions", "codedeploy:GetDeploymentGroup"]));
  });

  it("gives every statement in a function's policy its own Sid", () => {
    for (const [id, statements] of Object.entries(byFunction)) {
      const sids = statements.map((s) => s.sid);
      expect(new Set(sids).size, id).toBe(sids.length);
    }
  });

  it("passes only the instance role, and only to EC2", () => {
    const passers = FUNCTION_IDS.filter((id) => actionsOf(id).includes("iam:PassRole"));
    // Bringing a slot up, starting a group's instance refresh, launching an immutable deployment's temporary
    // group, cutting the group over to its version, and the reconciler's refresh back to the live release's
    // version (a stopped release's refresh that finished before its sweep): each launches the instance profile's role.
    expect(passers).toEqual(["prepareFleet", "replaceInstances", "launchTemporaryGroup", "cutOver", "reconciler"]);
    const pass = byFunction.prepareFleet.find((s) => s.actions.includes("iam:PassRole"))!;
    expect(pass.resources).toEqual([`arn:aws:iam::123456789012:role/${INSTANCE_ROLE_NAME_PATTERN}`]);
    expect(pass.conditions).toEqual({ StringEquals: { "iam:PassedToService": ["ec2.amazonaws.com"] } });
    const custom = functionPermissions({ ...everything, instanceRoleNamePattern: "shop-*" }).prepareFleet.find((s) => s.actions.includes("iam:PassRole"))!;
    expect(custom.resources).toEqual(["arn:aws:iam::123456789012:role/shop-*"]);
  });

  it("lets CodeDeploy fleets launch only where they deploy, from managed launch templates, as Auto Scaling fleets do", () => {
    // CodeDeploy never changes an AMI: its slot's Auto Scaling group launches the baked image (adapters/codedeploy.ts).
    const codedeployOnly = functionPermissions({ ...everything, fleetProviders: ["codedeploy"] });
    const launching = Object.entries(codedeployOnly).filter(([, statements]) => statements.some((s) => s.actions.includes("ec2:RunInstances")));
    // Only Prepare fleet: Replace instances refreshes one group, which needs provider autoscaling (config-rules.ts).
    expect(launching.map(([id]) => id)).toEqual(["prepareFleet"]);
    const template = codedeployOnly.prepareFleet.find((s) => s.sid === "LaunchManagedTemplates")!;
    expect(template.conditions).toEqual({ StringEquals: { [`aws:ResourceTag/${IMAGE_TAG.managed}`]: ["true"] } });
  });

  it("starts instance refreshes only on managed groups", () => {
    const refresh = byFunction.prepareFleet.find((s) => s.actions.includes("autoscaling:StartInstanceRefresh"))!;
    expect(refresh.conditions).toEqual({ StringEquals: { [`autoscaling:ResourceTag/${IMAGE_TAG.managed}`]: ["true"] } });
  });

  it("keeps the read-only tasks away from DNS writes and fleets", () => {
    for (const id of ["judgeBake", "startBake", "checkDnsSync", "smokeTest", "loadConfig"] as const) {
      expect(actionsOf(id).filter((a) => a.startsWith("route53:Change") || a.startsWith("autoscaling:") || a.startsWith("codedeploy:"))).toEqual([]);
    }
  });

  it("grants nothing for providers no config uses", () => {
    const asgOnly = functionPermissions({ ...everything, fleetProviders: ["autoscaling"], imageKinds: ["createImage"], imagePipelineArns: [] });
    const actions = Object.values(asgOnly).flat().flatMap((s) => s.actions);
    expect(actions.filter((a) => a.startsWith("codedeploy:") || a.startsWith("imagebuilder:"))).toEqual([]);
  });

  it("writes each function's logs to its own log group only", () => {
    const logs = byFunction.cleanup.find((s) => s.actions.includes("logs:PutLogEvents"))!;
    expect(logs.resources).toEqual(["arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/glidepath-prod-cleanup:*"]);
  });

  it("lets the state machine invoke its task functions only", () => {
    const invoke = stateMachinePermissions(everything).find((s) => s.actions.includes("lambda:InvokeFunction"))!;
    expect(invoke.resources).toHaveLength(Object.keys(TASK_FUNCTIONS).length * 2);
    expect(invoke.resources.some((r) => r.endsWith("glidepath-prod-webhook"))).toBe(false);
  });

  it("renders an IAM policy document", () => {
    const doc = JSON.parse(policyDocument(byFunction.shiftTraffic));
    expect(doc.Version).toBe("2012-10-17");
    expect(doc.Statement[0]).toMatchObject({ Effect: "Allow", Action: expect.any(Array), Resource: expect.any(Array) });
    expect(doc.Statement.every((s: { Sid: string }) => /^[A-Za-z0-9]+$/.test(s.Sid))).toBe(true);
  });
});
