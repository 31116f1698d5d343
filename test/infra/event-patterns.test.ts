import { describe, expect, it } from "vitest";
import {
  alarmEnteredAlarmPattern,
  amiFinishedPattern,
  imageBuildFinishedPattern,
  codeCommitPushPattern,
  codeCommitRepositoryArn,
  deploymentNotLivePattern,
  executionEndedBadlyPattern,
  RECONCILE_SCHEDULE,
} from "../../stacks/event-patterns.ts";
import { aPushEvent } from "../fixtures/events.ts";
import { matchesPattern } from "./event-pattern-matcher.ts";

const scope = { partition: "aws", region: "eu-west-1", account: "123456789012" };
const machineArn = "arn:aws:states:eu-west-1:123456789012:stateMachine:glidepath-prod";

describe("the EventBridge pattern matcher", () => {
  it.each([
    ["an exact value", { a: ["x"] }, { a: "x" }, true],
    ["a different value", { a: ["x"] }, { a: "y" }, false],
    ["any of a value list (OR)", { a: ["x", "y"] }, { a: "y" }, true],
    ["a missing field", { a: ["x"] }, { b: "x" }, false],
    ["every field (AND)", { a: ["x"], b: ["y"] }, { a: "x", b: "z" }, false],
    ["an event array when any element matches", { r: ["arn:1"] }, { r: ["arn:0", "arn:1"] }, true],
    ["an event array when no element matches", { r: ["arn:1"] }, { r: ["arn:0"] }, false],
    ["types strictly", { n: ["1"] }, { n: 1 }, false],
    ["a prefix", { a: [{ prefix: "refs/heads/" }] }, { a: "refs/heads/main" }, true],
    ["not another prefix", { a: [{ prefix: "refs/heads/" }] }, { a: "refs/tags/v1" }, false],
    ["anything-but a value", { a: [{ "anything-but": "x" }] }, { a: "y" }, true],
    ["not the excluded value", { a: [{ "anything-but": ["x", "y"] }] }, { a: "y" }, false],
    ["not anything-but on a missing field", { a: [{ "anything-but": "x" }] }, {}, false],
    ["nested objects", { d: { s: { v: ["ALARM"] } } }, { d: { s: { v: "ALARM" } } }, true],
    ["not a scalar where an object is expected", { d: { s: ["x"] } }, { d: "x" }, false],
  ])("matches %s → %s", (_rule, pattern, event, expected) => {
    expect(matchesPattern(pattern, event)).toBe(expected);
  });
});

describe("the CodeCommit push pattern", () => {
  const pattern = codeCommitPushPattern(codeCommitRepositoryArn(scope, "shop-api"), ["main"]);

  it("matches a push that moves the tracked branch", () => {
    expect(matchesPattern(pattern, aPushEvent())).toBe(true);
  });
  it("matches the branch being created", () => {
    expect(matchesPattern(pattern, aPushEvent({ detail: { event: "referenceCreated" } }))).toBe(true);
  });
  it.each([
    ["a tag", aPushEvent({ detail: { referenceType: "tag", referenceName: "main" } })],
    ["a deleted branch", aPushEvent({ detail: { event: "referenceDeleted" } })],
    ["another branch", aPushEvent({ detail: { referenceName: "feature/x" } })],
    ["another repository", aPushEvent({ detail: { repositoryName: "billing" } })],
    ["another source", { ...aPushEvent(), source: "aws.codebuild" }],
  ])("does not match %s", (_name, event) => {
    expect(matchesPattern(pattern, event)).toBe(false);
  });
});

describe("the execution-ended-badly pattern", () => {
  const pattern = executionEndedBadlyPattern(machineArn);
  const event = (status: string, stateMachineArn = machineArn) => ({
    source: "aws.states",
    "detail-type": "Step Functions Execution Status Change",
    resources: [`arn:aws:states:eu-west-1:123456789012:execution:glidepath-prod:shop-api-prod-0123456789ab`],
    detail: { status, stateMachineArn, name: "shop-api-prod-0123456789ab" },
  });

  it.each(["ABORTED", "TIMED_OUT", "FAILED"])("matches %s executions", (status) => {
    expect(matchesPattern(pattern, event(status))).toBe(true);
  });
  it.each(["RUNNING", "SUCCEEDED"])("ignores %s executions", (status) => {
    expect(matchesPattern(pattern, event(status))).toBe(false);
  });
  it("ignores other state machines", () => {
    expect(matchesPattern(pattern, event("FAILED", machineArn.replace("prod", "dev")))).toBe(false);
  });
});

describe("the alarm pattern", () => {
  const pattern = alarmEnteredAlarmPattern(["shop-api-prod-a-5xx", "shop-api-prod-b-5xx"]);
  const event = (alarmName: string, value: string) => ({
    source: "aws.cloudwatch",
    "detail-type": "CloudWatch Alarm State Change",
    detail: { alarmName, state: { value, reason: "Threshold Crossed" }, previousState: { value: "OK" } },
  });

  it("matches a watched alarm entering ALARM", () => {
    expect(matchesPattern(pattern, event("shop-api-prod-b-5xx", "ALARM"))).toBe(true);
  });
  it.each(["OK", "INSUFFICIENT_DATA"])("ignores a watched alarm entering %s", (value) => {
    expect(matchesPattern(pattern, event("shop-api-prod-b-5xx", value))).toBe(false);
  });
  it("ignores alarms no config watches", () => {
    expect(matchesPattern(pattern, event("billing-5xx", "ALARM"))).toBe(false);
  });
});

describe("the image bake patterns (the image wait's events)", () => {
  // As AWS documents them: monitor-ami-events, events-ref-imagebuilder.
  const ami = (State: string) => ({ source: "aws.ec2", "detail-type": "EC2 AMI State Change", resources: ["arn:aws:ec2:us-east-1::image/ami-0abc"], detail: { RequestId: "r-1", ImageId: "ami-0abc", State, ErrorMessage: "" } });
  const build = (status: string) => ({
    source: "aws.imagebuilder",
    "detail-type": "EC2 Image Builder Image State Change",
    resources: ["arn:aws:imagebuilder:us-east-1:123456789012:image/shop-api/1.0.0/7"],
    detail: { "previous-state": { status: "BUILDING" }, state: { status } },
  });

  it.each(["available", "failed"])("passes an AMI that became %s", (state) => {
    expect(matchesPattern(amiFinishedPattern(), ami(state))).toBe(true);
  });
  it.each(["deregistered", "disabled"])("lets an AMI that became %s through unseen", (state) => {
    expect(matchesPattern(amiFinishedPattern(), ami(state))).toBe(false);
  });
  it.each(["AVAILABLE", "FAILED", "CANCELLED"])("passes a build that ended %s", (status) => {
    expect(matchesPattern(imageBuildFinishedPattern(), build(status))).toBe(true);
  });
  it.each(["BUILDING", "TESTING", "DISTRIBUTING"])("wakes nobody for a build still %s", (status) => {
    expect(matchesPattern(imageBuildFinishedPattern(), build(status))).toBe(false);
  });
  it("keeps each pattern to its own service", () => {
    expect(matchesPattern(amiFinishedPattern(), build("AVAILABLE"))).toBe(false);
    expect(matchesPattern(imageBuildFinishedPattern(), ami("available"))).toBe(false);
  });
});

it("reconciles every five minutes", () => {
  expect(RECONCILE_SCHEDULE).toBe("rate(5 minutes)");
});

describe("the notification rule's pattern (deployments that did not go live)", () => {
  const event = (detailType: string, source = "glidepath") => ({ source, "detail-type": detailType, detail: { app: "shop-api", env: "prod" } });

  it.each(["Deployment Rolled Back", "Deployment Aborted", "Rolled Back After Promotion"])("matches %s", (detailType) => {
    expect(matchesPattern(deploymentNotLivePattern(), event(detailType))).toBe(true);
  });

  it.each(["Deployment Started", "Step Completed", "Deployment Promoted"])("lets %s through without paging anyone", (detailType) => {
    expect(matchesPattern(deploymentNotLivePattern(), event(detailType))).toBe(false);
  });

  it("matches only Glidepath's own events", () => {
    expect(matchesPattern(deploymentNotLivePattern(), event("Deployment Rolled Back", "someone.else"))).toBe(false);
  });
});
