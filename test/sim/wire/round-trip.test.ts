// Per protocol, a simulated answer and a simulated error through the real SDK deserializer: what adapters
// read (a Date, a number, a list, an empty list) and what error handling reads (the class, name, message,
// $fault, $metadata.httpStatusCode, query codes), as the SDK makes them from AWS's responses.
import { DescribeAutoScalingGroupsCommand, LimitExceededFault } from "@aws-sdk/client-auto-scaling";
import { DescribeAlarmsCommand, ResourceNotFound } from "@aws-sdk/client-cloudwatch";
import { GetDeploymentCommand } from "@aws-sdk/client-codedeploy";
import { DescribeLaunchTemplateVersionsCommand } from "@aws-sdk/client-ec2";
import { GetImageCommand } from "@aws-sdk/client-imagebuilder";
import { GetChangeCommand, InvalidChangeBatch, ListResourceRecordSetsCommand } from "@aws-sdk/client-route-53";
import { GetParametersByPathCommand, ParameterNotFound } from "@aws-sdk/client-ssm";
import { describe, expect, it } from "vitest";
import { VirtualClock } from "../../../local/clock.ts";
import { awsError } from "../../../local/sim/errors.ts";
import { Simulator, simulatedClients } from "../../../local/sim/index.ts";

const WHEN = new Date("2026-12-03T10:15:30Z");

/** Clients whose simulator answers with `answer` for every call of every service. */
function clientsAnswering(answer: (operation: string) => unknown, maxAttempts = 1) {
  const sim = new Simulator({ clock: new VirtualClock() });
  for (const service of ["route53", "cloudwatch", "ssm", "ec2", "imagebuilder", "autoscaling", "codedeploy"] as const) {
    const operations = (sim[service] as unknown as { operations: Record<string, (input: unknown) => unknown> }).operations;
    for (const name of Object.keys(operations)) operations[name] = () => answer(name);
  }
  const calls: string[] = [];
  sim.observeCalls((call) => calls.push(call.error ?? "ok"));
  return { clients: simulatedClients(sim, { maxAttempts }), calls };
}

async function rejection(promise: Promise<unknown>): Promise<Error & Record<string, any>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, any>;
  }
  throw new Error("expected a rejection");
}

describe("awsJson1_0 (CloudWatch, awsQuery-compatible)", () => {
  it("reads a date, a number, a list and an empty list", async () => {
    const { clients } = clientsAnswering(() => ({ MetricAlarms: [{ AlarmName: "errors-a", StateUpdatedTimestamp: WHEN, Threshold: 0.05, EvaluationPeriods: 3, Dimensions: [], OKActions: ["arn:aws:sns:us-east-1:123456789012:ok"] }], CompositeAlarms: [] }));
    const out = await clients.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: ["errors-a"] }));
    const alarm = out.MetricAlarms?.[0];
    expect(alarm?.StateUpdatedTimestamp).toEqual(WHEN);
    expect(alarm?.StateUpdatedTimestamp).toBeInstanceOf(Date);
    expect([alarm?.Threshold, alarm?.EvaluationPeriods, alarm?.Dimensions, alarm?.OKActions, out.CompositeAlarms]).toEqual([0.05, 3, [], ["arn:aws:sns:us-east-1:123456789012:ok"], []]);
    expect(out.$metadata.httpStatusCode).toBe(200);
  });

  it("reads a modeled error with its query code", async () => {
    const { clients } = clientsAnswering(() => {
      throw awsError("cloudwatch", "ResourceNotFound", "alarm errors-a does not exist");
    });
    const error = await rejection(clients.cloudwatch.send(new DescribeAlarmsCommand({})));
    expect(error).toBeInstanceOf(ResourceNotFound);
    expect([error.name, error.message, error.$fault, error.$metadata.httpStatusCode, error["Code"]]).toEqual(["ResourceNotFound", "alarm errors-a does not exist", "client", 404, "ResourceNotFound"]);
  });
});

describe("awsJson1_1 (SSM, CodeDeploy)", () => {
  it("reads a date, a number, a list and an empty list", async () => {
    const { clients } = clientsAnswering((operation) =>
      operation === "GetParametersByPath"
        ? { Parameters: [{ Name: "/glidepath/shop-api/prod/config", Value: "{}", Version: 12, LastModifiedDate: WHEN, Type: "String" }] }
        : { deploymentInfo: { deploymentId: "d-1", createTime: WHEN, deploymentOverview: { Succeeded: 2 }, autoRollbackConfiguration: { events: [] } } },
    );
    const params = await clients.ssm.send(new GetParametersByPathCommand({ Path: "/glidepath/" }));
    expect(params.Parameters?.[0]?.LastModifiedDate).toEqual(WHEN);
    expect(params.Parameters?.[0]?.Version).toBe(12);
    const deployment = await clients.codedeploy.send(new GetDeploymentCommand({ deploymentId: "d-1" }));
    expect(deployment.deploymentInfo?.createTime).toEqual(WHEN);
    expect([deployment.deploymentInfo?.deploymentOverview?.Succeeded, deployment.deploymentInfo?.autoRollbackConfiguration?.events]).toEqual([2, []]);
  });

  it("reads a modeled error", async () => {
    const { clients } = clientsAnswering(() => {
      throw awsError("ssm", "ParameterNotFound", "Parameter /x not found.");
    });
    const error = await rejection(clients.ssm.send(new GetParametersByPathCommand({ Path: "/x" })));
    expect(error).toBeInstanceOf(ParameterNotFound);
    expect([error.name, error.message, error.$fault, error.$metadata.httpStatusCode]).toEqual(["ParameterNotFound", "Parameter /x not found.", "client", 400]);
  });

  it("lets the SDK retry a simulated 5xx and report its attempts", async () => {
    let failures = 2;
    const { clients, calls } = clientsAnswering(() => {
      if (failures-- > 0) throw awsError("ssm", "InternalServerError", "try again");
      return { Parameters: [] };
    }, 3);
    const out = await clients.ssm.send(new GetParametersByPathCommand({ Path: "/x" }));
    expect([out.Parameters, out.$metadata.attempts, calls]).toEqual([[], 3, ["InternalServerError", "InternalServerError", "ok"]]);
  });
});

describe("restJson1 (Image Builder)", () => {
  it("reads a number, a list and an empty list", async () => {
    const { clients } = clientsAnswering(() => ({ requestId: "r-1", image: { arn: "arn:aws:imagebuilder:us-east-1:123456789012:image/x/1.0.0/1", state: { status: "AVAILABLE" }, outputResources: { amis: [{ image: "ami-1", region: "us-east-1" }], containers: [] }, imageTestsConfiguration: { timeoutMinutes: 60 } } }));
    const out = await clients.imagebuilder.send(new GetImageCommand({ imageBuildVersionArn: "arn:aws:imagebuilder:us-east-1:123456789012:image/x/1.0.0/1" }));
    expect([out.image?.outputResources?.amis?.[0]?.image, out.image?.outputResources?.containers, out.image?.imageTestsConfiguration?.timeoutMinutes, out.requestId]).toEqual(["ami-1", [], 60, "r-1"]);
  });

  it("reads a modeled error from x-amzn-errortype", async () => {
    const { clients } = clientsAnswering(() => {
      throw awsError("imagebuilder", "ResourceNotFoundException", "image x not found");
    });
    const error = await rejection(clients.imagebuilder.send(new GetImageCommand({ imageBuildVersionArn: "arn:aws:imagebuilder:us-east-1:123456789012:image/x/1.0.0/1" })));
    expect([error.name, error.message, error.$fault, error.$metadata.httpStatusCode]).toEqual(["ResourceNotFoundException", "image x not found", "client", 404]);
  });
});

describe("awsQuery (Auto Scaling)", () => {
  it("reads a date, a number, a list and an empty list", async () => {
    const { clients } = clientsAnswering(() => ({
      AutoScalingGroups: [{ AutoScalingGroupName: "slot-a", MinSize: 0, MaxSize: 4, DesiredCapacity: 2, DefaultCooldown: 300, AvailabilityZones: ["us-east-1a"], HealthCheckType: "EC2", CreatedTime: WHEN, Instances: [] }],
    }));
    const out = await clients.autoscaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ["slot-a"] }));
    const group = out.AutoScalingGroups?.[0];
    expect(group?.CreatedTime).toEqual(WHEN);
    expect([group?.MinSize, group?.DesiredCapacity, group?.AvailabilityZones, group?.Instances]).toEqual([0, 2, ["us-east-1a"], []]);
  });

  it("reads an error by its query code as the SDK's class", async () => {
    const { clients } = clientsAnswering(() => {
      throw awsError("autoscaling", "LimitExceeded", "You have reached your limit of groups");
    });
    const error = await rejection(clients.autoscaling.send(new DescribeAutoScalingGroupsCommand({})));
    expect(error).toBeInstanceOf(LimitExceededFault);
    expect([error.name, error.message, error.$fault, error.$metadata.httpStatusCode, error["Code"]]).toEqual(["LimitExceededFault", "You have reached your limit of groups", "client", 400, "LimitExceeded"]);
  });

  it("reads an unmodeled error by its code", async () => {
    const { clients } = clientsAnswering(() => {
      throw awsError("autoscaling", "ValidationError", "New SetDesiredCapacity value 5 is above max value 4 for the AutoScaling group.");
    });
    const error = await rejection(clients.autoscaling.send(new DescribeAutoScalingGroupsCommand({})));
    expect([error.name, error.$fault, error.$metadata.httpStatusCode]).toEqual(["ValidationError", "client", 400]);
    expect(error.message).toBe("New SetDesiredCapacity value 5 is above max value 4 for the AutoScaling group.");
  });
});

describe("ec2Query (EC2)", () => {
  it("reads a date, a number, a list and an empty list", async () => {
    const { clients } = clientsAnswering(() => ({
      LaunchTemplateVersions: [{ LaunchTemplateId: "lt-1", VersionNumber: 3, CreateTime: WHEN, DefaultVersion: true, LaunchTemplateData: { ImageId: "ami-1", SecurityGroupIds: [] } }],
    }));
    const out = await clients.ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: "lt-1" }));
    const version = out.LaunchTemplateVersions?.[0];
    expect(version?.CreateTime).toEqual(WHEN);
    expect([version?.VersionNumber, version?.DefaultVersion, version?.LaunchTemplateData?.ImageId, version?.LaunchTemplateData?.SecurityGroupIds]).toEqual([3, true, "ami-1", []]);
  });

  it("reads an error from <Response><Errors>", async () => {
    const { clients } = clientsAnswering(() => {
      throw awsError("ec2", "InvalidLaunchTemplateId.NotFound", "The specified launch template, with template ID lt-9, does not exist.");
    });
    const error = await rejection(clients.ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: "lt-9" })));
    expect([error.name, error.message, error.$fault, error.$metadata.httpStatusCode]).toEqual(["InvalidLaunchTemplateId.NotFound", "The specified launch template, with template ID lt-9, does not exist.", "client", 400]);
  });
});

describe("restXml (Route 53)", () => {
  it("reads a date, a number, a list and an empty list", async () => {
    const { clients } = clientsAnswering((operation) =>
      operation === "GetChange"
        ? { ChangeInfo: { Id: "/change/C1", Status: "INSYNC", SubmittedAt: WHEN } }
        : { ResourceRecordSets: [{ Name: "api.shop.example.com.", Type: "CNAME", SetIdentifier: "a", Weight: 255, TTL: 60, ResourceRecords: [{ Value: "a.lb" }] }], IsTruncated: false, MaxItems: 300 },
    );
    const change = await clients.route53.send(new GetChangeCommand({ Id: "C1" }));
    expect(change.ChangeInfo?.SubmittedAt).toEqual(WHEN);
    const records = await clients.route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: "Z1" }));
    expect([records.ResourceRecordSets?.[0]?.Weight, records.ResourceRecordSets?.[0]?.TTL, records.ResourceRecordSets?.[0]?.ResourceRecords, records.IsTruncated, records.MaxItems]).toEqual([255, 60, [{ Value: "a.lb" }], false, 300]);
    const none = await (clientsAnswering(() => ({ ResourceRecordSets: [], IsTruncated: false, MaxItems: 300 })).clients.route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: "Z1" })));
    expect(none.ResourceRecordSets).toEqual([]);
  });

  it("reads a modeled error with its members", async () => {
    const { clients } = clientsAnswering(() => {
      throw awsError("route53", "InvalidChangeBatch", "[RRSet with DNS name api. is not permitted]", { messages: ["RRSet with DNS name api. is not permitted"] });
    });
    const error = await rejection(clients.route53.send(new GetChangeCommand({ Id: "C1" })));
    expect(error).toBeInstanceOf(InvalidChangeBatch);
    expect([error.name, error.message, error.$fault, error.$metadata.httpStatusCode, error["messages"]]).toEqual(["InvalidChangeBatch", "[RRSet with DNS name api. is not permitted]", "client", 400, ["RRSet with DNS name api. is not permitted"]]);
  });

  it("lets the SDK retry a simulated Throttling as AWS's", async () => {
    let throttled = 1;
    const { clients, calls } = clientsAnswering(() => {
      if (throttled-- > 0) throw awsError("route53", "Throttling", "Rate exceeded");
      return { ChangeInfo: { Id: "/change/C1", Status: "PENDING", SubmittedAt: WHEN } };
    }, 3);
    const out = await clients.route53.send(new GetChangeCommand({ Id: "C1" }));
    expect([out.ChangeInfo?.Status, out.$metadata.attempts, calls]).toEqual(["PENDING", 2, ["Throttling", "ok"]]);
  });
});
