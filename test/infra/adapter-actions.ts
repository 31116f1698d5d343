// The IAM actions each port method sends, found by running the real adapter against mocked SDK clients and
// reading the commands it sent: for the providers the sandbox does not run (CodeDeploy fleets, Image Builder
// images), whose calls recorded-calls.json cannot hold. Each mocked answer is one a method goes on from, so a
// method runs to its end and every command it sends is seen.
import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from "@aws-sdk/client-auto-scaling";
import { CodeDeployClient, CreateDeploymentCommand, GetDeploymentCommand, GetDeploymentGroupCommand } from "@aws-sdk/client-codedeploy";
import { CreateImageCommand, CreateLaunchTemplateVersionCommand, DescribeImagesCommand, DescribeLaunchTemplateVersionsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { GetImageCommand, ImagebuilderClient, StartImagePipelineExecutionCommand } from "@aws-sdk/client-imagebuilder";
import { mockClient } from "aws-sdk-client-mock";
import { makeCodeDeployFleet } from "../../functions/adapters/codedeploy.ts";
import { makeImages } from "../../functions/adapters/images.ts";
import type { Fleet, Images } from "../../functions/adapters/ports.ts";
import type { PortMethod } from "../../functions/capabilities.ts";

type Mocks = Record<string, ReturnType<typeof mockClient>>;

/** Runs each method and returns the `service:Action`s it sent (the IAM action of a command is its name). */
async function actionsOf(mocks: Mocks, methods: Record<string, () => Promise<unknown>>): Promise<Map<PortMethod, string[]>> {
  const found = new Map<PortMethod, string[]>();
  for (const [method, run] of Object.entries(methods)) {
    for (const mock of Object.values(mocks)) mock.resetHistory();
    await run();
    const actions = Object.entries(mocks).flatMap(([service, mock]) => mock.calls().map((call) => `${service}:${(call.args[0] as object).constructor.name.replace(/Command$/, "")}`));
    found.set(method as PortMethod, [...new Set(actions)].sort());
  }
  return found;
}

const AMI = "ami-0123456789abcdef0";

/** A group whose launch template version launches AMI (what launchImages reads). */
function answerLaunchImage(autoscaling: Mocks[string], ec2: Mocks[string]): void {
  autoscaling.on(DescribeAutoScalingGroupsCommand).resolves({ AutoScalingGroups: [{ AutoScalingGroupName: "asg-b", LaunchTemplate: { LaunchTemplateId: "lt-1", Version: "7" } } as never] });
  ec2.on(DescribeLaunchTemplateVersionsCommand).resolves({ LaunchTemplateVersions: [{ LaunchTemplateData: { ImageId: AMI } }] });
}

/** The CodeDeploy fleet's actions per `fleets.*` method. */
export async function codeDeployFleetActions(): Promise<Map<PortMethod, string[]>> {
  const clients = { codedeploy: new CodeDeployClient({ region: "us-east-1" }), autoscaling: new AutoScalingClient({ region: "us-east-1" }), ec2: new EC2Client({ region: "us-east-1" }) };
  const mocks: Mocks = { codedeploy: mockClient(clients.codedeploy), autoscaling: mockClient(clients.autoscaling), ec2: mockClient(clients.ec2) };
  for (const mock of Object.values(mocks)) mock.onAnyCommand().resolves({});
  mocks["codedeploy"]!.on(CreateDeploymentCommand).resolves({ deploymentId: "d-1" });
  mocks["codedeploy"]!.on(GetDeploymentCommand).resolves({ deploymentInfo: { status: "Succeeded" } });
  mocks["codedeploy"]!.on(GetDeploymentGroupCommand).resolves({ deploymentGroupInfo: { autoScalingGroups: [{ name: "asg-b" }] } });
  answerLaunchImage(mocks["autoscaling"]!, mocks["ec2"]!);
  // deploy puts the AMI on a new launch template version (8) of the slot's group, replacing its instances on 7.
  mocks["ec2"]!.on(CreateLaunchTemplateVersionCommand).resolves({ LaunchTemplateVersion: { VersionNumber: 8 } });
  mocks["autoscaling"]!.on(DescribeAutoScalingGroupsCommand).resolves({
    AutoScalingGroups: [{ AutoScalingGroupName: "asg-b", LaunchTemplate: { LaunchTemplateId: "lt-1", Version: "7" }, Instances: [{ LaunchTemplate: { Version: "7" }, LifecycleState: "InService" }] } as never],
  });
  const fleet = makeCodeDeployFleet(clients.codedeploy, clients.autoscaling, clients.ec2);
  const context = { application: "shop-api" };
  return actionsOf(mocks, {
    "fleets.deploy": () =>
      fleet.deploy({ group: "shop-api-b", imageId: AMI, capacity: 2, reference: "v2", application: "shop-api", launchTemplateId: "lt-1", revision: { bucket: "shop-artifacts", key: "appspec.zip", bundleType: "zip" } }),
    "fleets.status": () => fleet.status({ group: "shop-api-b", ref: "d-1:8:asg-b" }),
    "fleets.scaleDown": () => fleet.scaleDown("shop-api-b", context),
    // canaryScale is Auto Scaling's only: refused before anything is sent.
    "fleets.resize": () => fleet.resize({ group: "shop-api-b", sizeFrom: "shop-api-a", percent: 100 }).catch(() => null),
    "fleets.launchImages": () => fleet.launchImages("shop-api-b", context),
    // CodeDeploy fleets have two slots: the one-group calls are refused before anything is sent.
    "fleets.startRefresh": () => fleet.startRefresh({ group: "shop-api", launchTemplateId: "lt-1", imageId: AMI, reference: "v2", minHealthyPercentage: 100, maxHealthyPercentage: 110, checkpointPercentages: [], checkpointDelaySeconds: 0, bakeTimeSeconds: 0, alarms: [] }).catch(() => null),
    "fleets.refreshStatus": () => fleet.refreshStatus("shop-api").catch(() => null),
    "fleets.rollBackRefresh": () => fleet.rollBackRefresh("shop-api").catch(() => null),
    "fleets.restoreRefresh": () => fleet.restoreRefresh("shop-api", Date.now()).catch(() => null),
    "fleets.launchTemporaryGroup": () => fleet.launchTemporaryGroup({ group: "shop-api", temporaryGroup: "shop-api-immutable-v2", launchTemplateId: "lt-1", imageId: AMI, reference: "v2", tags: {} }).catch(() => null),
    "fleets.serveTemporaryGroup": () => fleet.serveTemporaryGroup({ group: "shop-api", temporaryGroup: "shop-api-immutable-v2" }).catch(() => null),
    "fleets.cutOver": () => fleet.cutOver({ group: "shop-api", temporaryGroup: "shop-api-immutable-v2", launchTemplateId: "lt-1", ref: "8" }).catch(() => null),
    "fleets.removeTemporaryGroup": () => fleet.removeTemporaryGroup({ group: "shop-api", temporaryGroup: "shop-api-immutable-v2", undoCutOver: true }).catch(() => null),
  } satisfies Record<`fleets.${keyof Fleet}`, () => Promise<unknown>>);
}

/** The images adapter's actions per `images.*` method (CreateImage and Image Builder halves alike). */
export async function imagesActions(): Promise<Map<PortMethod, string[]>> {
  const clients = { ec2: new EC2Client({ region: "us-east-1" }), imagebuilder: new ImagebuilderClient({ region: "us-east-1" }) };
  const mocks: Mocks = { ec2: mockClient(clients.ec2), imagebuilder: mockClient(clients.imagebuilder) };
  for (const mock of Object.values(mocks)) mock.onAnyCommand().resolves({});
  const image = { ImageId: AMI, State: "available", BlockDeviceMappings: [{ Ebs: { SnapshotId: "snap-1" } }] };
  mocks["ec2"]!.on(CreateImageCommand).resolves({ ImageId: AMI });
  mocks["ec2"]!.on(DescribeImagesCommand).resolves({ Images: [image as never] });
  mocks["imagebuilder"]!.on(StartImagePipelineExecutionCommand).resolves({ imageBuildVersionArn: "arn:aws:imagebuilder:us-east-1:123456789012:image/shop-api/1.0.0/1" });
  mocks["imagebuilder"]!.on(GetImageCommand).resolves({ image: { state: { status: "AVAILABLE" }, outputResources: { amis: [{ image: AMI }] } } });
  const images = makeImages(clients.ec2, clients.imagebuilder);
  return actionsOf(mocks, {
    "images.createImage": () => images.createImage({ instanceId: "i-1", name: "shop-api-v2", noReboot: true, tags: {} }),
    "images.startPipeline": () => images.startPipeline({ pipelineArn: "arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/shop-api", clientToken: "v2" }),
    "images.pipelineImage": () => images.pipelineImage("arn:aws:imagebuilder:us-east-1:123456789012:image/shop-api/1.0.0/1"),
    "images.describeImage": () => images.describeImage(AMI),
    "images.tagImage": () => images.tagImage(AMI, { "glidepath:app": "shop-api" }),
    "images.listImages": () => images.listImages({ "glidepath:app": "shop-api" }),
    "images.retireImage": () => images.retireImage({ imageId: AMI, snapshotIds: ["snap-1"] }),
  } satisfies Record<`images.${keyof Images}`, () => Promise<unknown>>);
}
