// The sandbox's resource names, which `glidepath local up` serves and GLIDEPATH_ENDPOINT's clients default to.
export const SANDBOX_TABLE = "glidepath-sandbox";
/** The state machine the sandbox's executions belong to (their ARNs are local-executions.ts's localExecutionArn). */
export const SANDBOX_STATE_MACHINE_ARN = "arn:aws:states:us-east-1:000000000000:stateMachine:glidepath";
/** `glidepath local up`'s port unless --port says otherwise. */
export const SANDBOX_ENDPOINT_PORT = 4510;
