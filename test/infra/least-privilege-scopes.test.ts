// Least privilege in the scopes the sandbox cannot record calls for (CodeDeploy fleets, Image Builder bakes):
// what a function's code calls is the port methods read from its code (function-port-calls.ts), each turned
// into the actions the real adapter sends for it (adapter-actions.ts). The Auto Scaling + CreateImage scope is
// checked against recorded calls in iam-derivation.test.ts.
import { beforeAll, describe, expect, it } from "vitest";
import type { PortMethod } from "../../functions/capabilities.ts";
import { FUNCTION_IDS, functionPermissions, type FunctionId, type PermissionScope } from "../../stacks/permissions.ts";
import { codeDeployFleetActions, imagesActions } from "./adapter-actions.ts";
import { callsOf } from "./function-port-calls.ts";
import { PERMISSION_EXCEPTIONS } from "./permission-exceptions.ts";

const base = {
  partition: "aws",
  region: "us-east-1",
  account: "123456789012",
  stage: "prod",
  hostedZoneIds: ["Z0123456789ABC"],
  recordNames: ["api.shop.example.com"],
  imagePipelineArns: ["arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/shop-api"],
};
const SCOPES: Array<[string, PermissionScope]> = [
  ["CodeDeploy fleets with CreateImage bakes", { ...base, imageKinds: ["createImage"], fleetProviders: ["codedeploy"] }],
  ["CodeDeploy fleets with Image Builder bakes", { ...base, imageKinds: ["imageBuilder"], fleetProviders: ["codedeploy"] }],
];
/** The services the fleet and image adapters call (and iam:PassRole, which a launch is checked for). */
const FLEET_AND_IMAGE = /^(codedeploy|autoscaling|ec2|imagebuilder|iam):/;

let methodActions: Map<PortMethod, string[]>;
beforeAll(async () => {
  methodActions = new Map([...(await codeDeployFleetActions()), ...(await imagesActions())]);
});

/** The fleet and image actions `id`'s code can send with CodeDeploy fleets, by the port methods it calls. */
const calledActions = (id: FunctionId) => new Set(callsOf(id).flatMap((method) => methodActions.get(method as PortMethod) ?? []));
const excepted = (id: FunctionId, action: string) => PERMISSION_EXCEPTIONS.some((e) => e.action === action && (e.functions === "all" || e.functions.includes(id)));

describe("the adapters' actions per port method, as sent to mocked clients", () => {
  it("sees what each CodeDeploy fleet method and image method sends", () => {
    expect(Object.fromEntries([...methodActions].filter(([method]) => method.startsWith("fleets.")))).toEqual({
      // The AMI goes in service through the slot's Auto Scaling group, then the revision through CodeDeploy.
      "fleets.deploy": [
        "autoscaling:DescribeAutoScalingGroups",
        "autoscaling:StartInstanceRefresh",
        "autoscaling:UpdateAutoScalingGroup",
        "codedeploy:CreateDeployment",
        "codedeploy:GetDeploymentGroup",
        "ec2:CreateLaunchTemplateVersion",
        "ec2:DescribeLaunchTemplateVersions",
      ],
      "fleets.status": ["autoscaling:DescribeAutoScalingGroups", "autoscaling:DescribeScalingActivities", "codedeploy:GetDeployment"],
      "fleets.scaleDown": ["autoscaling:UpdateAutoScalingGroup", "codedeploy:GetDeploymentGroup"],
      "fleets.resize": [],
      "fleets.launchImages": ["autoscaling:DescribeAutoScalingGroups", "codedeploy:GetDeploymentGroup", "ec2:DescribeLaunchTemplateVersions"],
      // Refused: a CodeDeploy fleet has no one-group shape.
      "fleets.startRefresh": [],
      "fleets.refreshStatus": [],
      "fleets.rollBackRefresh": [],
      "fleets.restoreRefresh": [],
      "fleets.launchTemporaryGroup": [],
      "fleets.serveTemporaryGroup": [],
      "fleets.cutOver": [],
      "fleets.removeTemporaryGroup": [],
    });
    expect(methodActions.get("images.startPipeline")).toEqual(["imagebuilder:StartImagePipelineExecution"]);
    expect(methodActions.get("images.tagImage")).toEqual(["ec2:CreateTags", "ec2:DescribeImages"]);
    expect(methodActions.get("images.retireImage")).toEqual(["ec2:DeleteSnapshot", "ec2:DeregisterImage"]);
  });
});

describe.each(SCOPES)("least privilege with %s", (_, scope) => {
  const permissions = functionPermissions(scope);

  it.each(FUNCTION_IDS)("grants %s no fleet or image action its code does not call", (id) => {
    const called = calledActions(id);
    const granted = [...new Set(permissions[id].flatMap((s) => s.actions))].filter((action) => FLEET_AND_IMAGE.test(action));
    const excess = granted.filter((action) => !called.has(action) && !excepted(id, action));
    expect(excess, `stacks/permissions.ts grants ${id} these, which its code never sends in this scope`).toEqual([]);
  });

  it.each(FUNCTION_IDS)("grants %s every CodeDeploy fleet action its code calls", (id) => {
    const granted = new Set(permissions[id].flatMap((s) => s.actions));
    const fleetActions = callsOf(id).filter((method) => method.startsWith("fleets.")).flatMap((method) => methodActions.get(method as PortMethod) ?? []);
    expect(fleetActions.filter((action) => !granted.has(action)), `stacks/permissions.ts lacks these for ${id}`).toEqual([]);
  });
});
