// The AWS SDK v3 clients Glidepath uses, built in one place so local mode can swap in simulator-backed ones.
import { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { CodeDeployClient } from "@aws-sdk/client-codedeploy";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { EC2Client } from "@aws-sdk/client-ec2";
import { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { ImagebuilderClient } from "@aws-sdk/client-imagebuilder";
import { Route53Client } from "@aws-sdk/client-route-53";
import { SFNClient } from "@aws-sdk/client-sfn";
import { SSMClient } from "@aws-sdk/client-ssm";

export interface AwsClients {
  route53: Route53Client;
  cloudwatch: CloudWatchClient;
  ssm: SSMClient;
  ec2: EC2Client;
  imagebuilder: ImagebuilderClient;
  autoscaling: AutoScalingClient;
  codedeploy: CodeDeployClient;
  dynamodb: DynamoDBClient;
  sfn: SFNClient;
  eventbridge: EventBridgeClient;
  elbv2: ElasticLoadBalancingV2Client;
}

/** Options every client gets; local mode passes credentials, a region and endpoints on loopback. */
export interface ClientOptions {
  region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Per-service endpoint override (e.g. dynalite on loopback for `dynamodb`). */
  endpoints?: Partial<Record<keyof AwsClients, string>>;
  /** Retries are the state machine's job; adapters see AWS's errors unchanged by default in tests. */
  maxAttempts?: number;
  /** Overrides the SDK's retry strategy (local mode: the same decisions without real-time backoff). */
  retryStrategy?: NonNullable<import("@aws-sdk/client-route-53").Route53ClientConfig["retryStrategy"]>;
  /**
   * Services whose clients resolve each command's middleware stack once and reuse it (Smithy's
   * `cacheMiddleware`): for callers that add their middleware right after construction and never change it
   * again (local mode). Never `dynamodb`: lib-dynamodb's document client binds its handler to one command.
   */
  cacheMiddleware?: ReadonlyArray<Exclude<keyof AwsClients, "dynamodb">>;
}

/** Builds real clients. On Lambda, region and credentials come from the environment. */
export function makeAwsClients(options: ClientOptions = {}): AwsClients {
  const common = (service: keyof AwsClients) => ({
    ...(options.region ? { region: options.region } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
    ...(options.retryStrategy ? { retryStrategy: options.retryStrategy } : {}),
    ...(options.cacheMiddleware?.includes(service as never) ? { cacheMiddleware: true } : {}),
    ...(options.endpoints?.[service] ? { endpoint: options.endpoints[service] } : {}),
  });
  return {
    route53: new Route53Client(common("route53")),
    cloudwatch: new CloudWatchClient(common("cloudwatch")),
    ssm: new SSMClient(common("ssm")),
    ec2: new EC2Client(common("ec2")),
    imagebuilder: new ImagebuilderClient(common("imagebuilder")),
    autoscaling: new AutoScalingClient(common("autoscaling")),
    codedeploy: new CodeDeployClient(common("codedeploy")),
    dynamodb: new DynamoDBClient(common("dynamodb")),
    sfn: new SFNClient(common("sfn")),
    eventbridge: new EventBridgeClient(common("eventbridge")),
    elbv2: new ElasticLoadBalancingV2Client(common("elbv2")),
  };
}
