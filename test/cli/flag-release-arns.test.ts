// On AWS a flag release runs on its own state machine (`glidepath-<stage>-flags`): the operator backend links and
// starts it there, and everything else on the deployment machine.
import { describe, expect, it } from "vitest";
import { awsOperatorBackend } from "../../cli/operator-backend.ts";

const STAGE = { GLIDEPATH_TABLE: "glidepath-prod", GLIDEPATH_STATE_MACHINE_ARN: "arn:aws:states:eu-west-1:123456789012:stateMachine:glidepath-prod", AWS_REGION: "eu-west-1" };

describe("the operator backend on AWS", () => {
  it("links a flag release's execution on the flag release machine, a deployment's on the deployment machine", () => {
    const backend = awsOperatorBackend({ ...STAGE });
    expect(backend.executionArn("shop-api-prod-flag-checkout-tph2w0", "flagRelease checkout")).toBe("arn:aws:states:eu-west-1:123456789012:execution:glidepath-prod-flags:shop-api-prod-flag-checkout-tph2w0");
    expect(backend.executionArn("shop-api-prod-0123456789ab", "canary")).toBe("arn:aws:states:eu-west-1:123456789012:execution:glidepath-prod:shop-api-prod-0123456789ab");
  });

  it("takes the flag release machine from GLIDEPATH_FLAG_RELEASE_STATE_MACHINE_ARN when set", () => {
    const backend = awsOperatorBackend({ ...STAGE, GLIDEPATH_FLAG_RELEASE_STATE_MACHINE_ARN: "arn:aws:states:eu-west-1:123456789012:stateMachine:releases" });
    expect(backend.executionArn("x", "flagRelease checkout")).toBe("arn:aws:states:eu-west-1:123456789012:execution:releases:x");
  });
});
