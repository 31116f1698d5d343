// Errors the simulator throws, shaped exactly like the SDK's: the client's own modeled exception class when
// it exports one (so `instanceof InvalidChangeBatch` holds in adapters), else its ServiceException base.
import * as autoscaling from "@aws-sdk/client-auto-scaling";
import * as cloudwatch from "@aws-sdk/client-cloudwatch";
import * as codedeploy from "@aws-sdk/client-codedeploy";
import * as ec2 from "@aws-sdk/client-ec2";
import * as elbv2 from "@aws-sdk/client-elastic-load-balancing-v2";
import * as eventbridge from "@aws-sdk/client-eventbridge";
import * as imagebuilder from "@aws-sdk/client-imagebuilder";
import * as route53 from "@aws-sdk/client-route-53";
import * as ssm from "@aws-sdk/client-ssm";
import { NormalizedSchema, TypeRegistry } from "@smithy/core/schema";

export type SimulatedService = "route53" | "cloudwatch" | "ssm" | "ec2" | "imagebuilder" | "autoscaling" | "codedeploy" | "eventbridge" | "elbv2";

type ExceptionClass = new (options: any) => Error;

const modules: Record<SimulatedService, { exports: Record<string, unknown>; base: ExceptionClass }> = {
  route53: { exports: route53, base: route53.Route53ServiceException },
  cloudwatch: { exports: cloudwatch, base: cloudwatch.CloudWatchServiceException },
  ssm: { exports: ssm, base: ssm.SSMServiceException },
  ec2: { exports: ec2, base: ec2.EC2ServiceException },
  imagebuilder: { exports: imagebuilder, base: imagebuilder.ImagebuilderServiceException },
  autoscaling: { exports: autoscaling, base: autoscaling.AutoScalingServiceException },
  codedeploy: { exports: codedeploy, base: codedeploy.CodeDeployServiceException },
  eventbridge: { exports: eventbridge, base: eventbridge.EventBridgeServiceException },
  elbv2: { exports: elbv2, base: elbv2.ElasticLoadBalancingV2ServiceException },
};

/** Error names AWS answers with a 5xx; everything else is the caller's fault (4xx). */
const serverFaults: Record<string, number> = {
  InternalFailure: 500,
  InternalError: 500,
  InternalServerError: 500,
  InternalServiceFault: 500,
  ServiceException: 500,
  ServiceUnavailable: 503,
  ServiceUnavailableException: 503,
  RequestTimeout: 504,
};

let requestCounter = 0;
/** Request ids in AWS's UUID shape; a counter keeps them unique and repeatable. */
export function nextRequestId(): string {
  const n = (++requestCounter).toString(16).padStart(12, "0");
  return `00000000-0000-4000-8000-${n}`;
}

/**
 * Builds the error AWS would return for `name` from `service`.
 * Example: `awsError("route53", "InvalidChangeBatch", "…", { messages: ["…"] })` is an `InvalidChangeBatch`.
 */
export function awsError(service: SimulatedService, name: string, message: string, members: Record<string, unknown> = {}): Error {
  const httpStatusCode = modeledStatus(service, name) ?? serverFaults[name] ?? 400;
  const $metadata = { httpStatusCode, requestId: nextRequestId(), attempts: 1, totalRetryDelay: 0 };
  const $fault = httpStatusCode >= 500 ? "server" : "client";
  const { exports, base } = modules[service];
  const candidate = exports[name] ?? modeledByQueryCode(service, name);
  if (typeof candidate === "function" && candidate.prototype instanceof base) {
    const error = new (candidate as ExceptionClass)({ message, $metadata, ...members });
    // Modeled classes take `message` from a member in some protocols; make sure the text is always there.
    if (!error.message) error.message = message;
    return error;
  }
  const error = new base({ name, $fault, $metadata, message });
  Object.assign(error, members, { Code: name });
  return error;
}

/** Each service's Smithy namespace, where its client registers its error schemas. */
const namespaces: Record<SimulatedService, string> = {
  route53: "com.amazonaws.route53",
  cloudwatch: "com.amazonaws.cloudwatch",
  ssm: "com.amazonaws.ssm",
  ec2: "com.amazonaws.ec2",
  imagebuilder: "com.amazonaws.imagebuilder",
  autoscaling: "com.amazonaws.autoscaling",
  codedeploy: "com.amazonaws.codedeploy",
  eventbridge: "com.amazonaws.eventbridge",
  elbv2: "com.amazonaws.elasticloadbalancingv2",
};

/** The error schema for a name or an awsQuery code (awsQuery, and CloudWatch's awsQuery-compatible JSON). */
function errorSchema(service: SimulatedService, name: string): unknown {
  const registry = TypeRegistry.for(namespaces[service]);
  try {
    return registry.getSchema(`${namespaces[service]}#${name}`);
  } catch {
    return registry.find((s) => Array.isArray(s) && s[0] === -3 && (NormalizedSchema.of(s).getMergedTraits().awsQueryError as [string] | undefined)?.[0] === name);
  }
}

/** The HTTP status the service's model gives an error (`@httpError`, or its awsQuery code's), e.g. 404 for ResourceNotFound. */
function modeledStatus(service: SimulatedService, name: string): number | undefined {
  const schema = errorSchema(service, name);
  if (!schema) return undefined;
  const traits = NormalizedSchema.of(schema as never).getMergedTraits();
  // An awsQuery code's status applies where the service speaks awsQuery (SSM's models carry one but answer 400).
  const queryStatus = service === "autoscaling" || service === "cloudwatch" ? (traits.awsQueryError as [string, number] | undefined)?.[1] : undefined;
  return (traits.httpError as number | undefined) ?? queryStatus;
}

/**
 * The SDK's class for an error AWS answers with a query code other than the class name, as the SDK's parser
 * maps it. Example: CloudWatch's `ValidationError` → `ValidationException`, Auto Scaling's `LimitExceeded` →
 * `LimitExceededFault`.
 */
function modeledByQueryCode(service: SimulatedService, code: string): unknown {
  const schema = errorSchema(service, code);
  return schema ? TypeRegistry.for(namespaces[service]).getErrorCtor(schema as never) : undefined;
}

/** Thrown for anything the simulator does not model, so a gap is loud rather than silently wrong. */
class SimulatorUnsupportedError extends Error {
  override name = "SimulatorUnsupportedError";
}

export function unsupported(what: string): never {
  throw new SimulatorUnsupportedError(`Simulator does not support ${what}`);
}
