// One Lambda per catalog entry, each with its own role (least privilege from permissions.ts) and log group.
//
// Why aws.lambda.Function with our own esbuild bundles rather than sst.aws.Function: the bundles are the
// ones `npm run build` measures (one build path, no drift between the benchmark and production), and the
// roles carry exactly the statements in permissions.ts — sst.aws.Function adds its own policies (linking,
// `sst dev` live mode) that the least-privilege tests could not see.
import { basename } from "node:path";
import type { Bundle } from "./bundle.ts";
import { CATALOG } from "./bundle.ts";
import { functionEnvironment } from "./environment.ts";
import { functionName, isProductionStage, logGroupName, type AwsScope } from "./names.ts";
import { policyDocument, type FunctionId, type Statement } from "./permissions.ts";

export interface FunctionsInput {
  stage: string;
  scope: AwsScope;
  bundles: Bundle[];
  permissions: Record<FunctionId, Statement[]>;
}

export function createFunctions({ stage, scope, bundles, permissions }: FunctionsInput) {
  const retentionInDays = isProductionStage(stage) ? 90 : 14;
  const functions = {} as Record<FunctionId, aws.lambda.Function>;
  for (const bundle of bundles) {
    const id = bundle.id as FunctionId;
    const spec = CATALOG[id]!;
    const logGroup = new aws.cloudwatch.LogGroup(`Logs-${id}`, { name: logGroupName(stage, id), retentionInDays });
    const role = new aws.iam.Role(`Role-${id}`, {
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
      }),
    });
    const policy = new aws.iam.RolePolicy(`Policy-${id}`, { role: role.id, policy: policyDocument(permissions[id]) });
    functions[id] = new aws.lambda.Function(id, {
      name: functionName(stage, id),
      description: spec.description,
      role: role.arn,
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      handler: "index.handler",
      // index.mjs and the chunks it loads on first use (stacks/bundle.ts), all beside it.
      code: new $util.asset.AssetArchive(Object.fromEntries(bundle.files.map((file) => [basename(file), new $util.asset.FileAsset(file)]))),
      timeout: spec.timeoutSeconds,
      memorySize: spec.memoryMb,
      loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
      environment: { variables: functionEnvironment(stage, scope, id) },
    }, { dependsOn: [logGroup, policy] });
  }
  return { functions };
}
