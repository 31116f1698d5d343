// Every adapter built from one set of AWS clients: what task handlers and event handlers depend on.
import { makeAwsClients, type AwsClients } from "./aws-clients.ts";
import { makeAutoScalingFleet } from "./autoscaling.ts";
import { makeCloudWatchAlarms } from "./cloudwatch.ts";
import { makeCodeDeployFleet, type CodeDeployFleet } from "./codedeploy.ts";
import { makeDynamoStore } from "./dynamodb.ts";
import { makeImages } from "./images.ts";
import { makeHttpProbe } from "./probe.ts";
import { makeRoute53Dns } from "./route53.ts";
import { makeAlbTraffic } from "./alb.ts";
import { makeTraffic } from "./traffic.ts";
import { makeSfnExecutions } from "./sfn.ts";
import { makeEventBridgeEvents } from "./eventbridge.ts";
import { DEFAULT_CONFIG_PREFIX, makeSsmConfigStore } from "./ssm.ts";
import { requireEnv } from "./env/vars.ts";
import { makeSsmFlagStore } from "../flags/flag-store.ts";
import { systemClock, type AdapterSet, type Clock } from "./ports.ts";

export type Adapters = AdapterSet;

export interface AdapterOptions {
  /** The DynamoDB table holding the ledger and the lease. */
  tableName: string;
  /** SSM path under which configs live; default `/glidepath`. */
  configPrefix?: string;
  /** Needed only by callers that start executions. */
  stateMachineArn?: string;
  clock?: Clock;
  /** The event bus lifecycle events go to; default the account's default bus. */
  eventBusName?: string;
  /** Pause between smoke-test attempts (≤ 200 ms); 0 in tests. */
  probePauseMs?: number;
}

export function makeAdapters(clients: AwsClients, options: AdapterOptions): Adapters {
  if (!options.tableName) throw new Error("makeAdapters: tableName is required (the DynamoDB table of the ledger and lease)");
  const clock = options.clock ?? systemClock;
  const { ledger, lease } = makeDynamoStore(clients.dynamodb, options.tableName, clock);
  const codedeploy: CodeDeployFleet = makeCodeDeployFleet(clients.codedeploy, clients.autoscaling, clients.ec2);
  return {
    traffic: makeTraffic({ route53: makeRoute53Dns(clients.route53), alb: () => makeAlbTraffic(clients.elbv2) }),
    alarms: makeCloudWatchAlarms(clients.cloudwatch),
    configStore: makeSsmConfigStore(clients.ssm, options.configPrefix ?? DEFAULT_CONFIG_PREFIX),
    images: makeImages(clients.ec2, clients.imagebuilder),
    fleets: { autoscaling: makeAutoScalingFleet(clients.autoscaling, clients.ec2), codedeploy },
    ledger,
    lease,
    probe: makeHttpProbe(options.probePauseMs === undefined ? {} : { pauseMs: options.probePauseMs }),
    executions: makeSfnExecutions(clients.sfn, options.stateMachineArn),
    events: makeEventBridgeEvents(clients.eventbridge, options.eventBusName),
    flags: makeSsmFlagStore(clients.ssm, options.configPrefix ?? DEFAULT_CONFIG_PREFIX),
  };
}

/**
 * Builds real clients and adapters from the Lambda environment: GLIDEPATH_TABLE (required),
 * GLIDEPATH_CONFIG_PREFIX and GLIDEPATH_STATE_MACHINE_ARN (optional). Call it lazily, on first invocation.
 * Lambda handlers do not use it (it constructs every client): they name per-service sources from env/.
 */
export function adaptersFromEnv(env: NodeJS.ProcessEnv = process.env, clients?: AwsClients): Adapters {
  const tableName = requireEnv(env, "GLIDEPATH_TABLE");
  return makeAdapters(clients ?? makeAwsClients(), {
    tableName,
    ...(env["GLIDEPATH_CONFIG_PREFIX"] ? { configPrefix: env["GLIDEPATH_CONFIG_PREFIX"] } : {}),
    ...(env["GLIDEPATH_STATE_MACHINE_ARN"] ? { stateMachineArn: env["GLIDEPATH_STATE_MACHINE_ARN"] } : {}),
    ...(env["GLIDEPATH_EVENT_BUS"] ? { eventBusName: env["GLIDEPATH_EVENT_BUS"] } : {}),
  });
}

export { createTable } from "./dynamodb.ts";
