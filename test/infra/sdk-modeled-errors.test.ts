// Leaving plain errors unregistered (stacks/sdk-modeled-errors.ts) must not change any error a Lambda
// sees. Every modeled error of every client the bundles carry is answered, in its service's wire protocol,
// to a client built as the Lambdas are and to one built from the untouched SDK; the two thrown errors must
// agree on everything but their class.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { build, type BuildOptions } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dropPlainErrors } from "../../stacks/sdk-modeled-errors.ts";
import { lambdaOnly } from "../../stacks/bundle.ts";

const outDir = mkdtempSync(join(tmpdir(), "glidepath-modeled-errors-"));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

type Protocol = "AwsJson1_0Protocol" | "AwsJson1_1Protocol" | "AwsRestXmlProtocol" | "AwsQueryProtocol" | "AwsEc2QueryProtocol" | "AwsRestJsonProtocol";

/** Each client a bundle carries, its wire protocol, and one command to send (any command meets every error). */
const CLIENTS: Array<{ pkg: string; client: string; command: string; input: object; protocol: Protocol }> = [
  { pkg: "client-ssm", client: "SSMClient", command: "GetParameterCommand", input: { Name: "p" }, protocol: "AwsJson1_1Protocol" },
  { pkg: "client-route-53", client: "Route53Client", command: "GetChangeCommand", input: { Id: "C1" }, protocol: "AwsRestXmlProtocol" },
  { pkg: "client-dynamodb", client: "DynamoDBClient", command: "GetItemCommand", input: { TableName: "t", Key: {} }, protocol: "AwsJson1_0Protocol" },
  { pkg: "client-cloudwatch", client: "CloudWatchClient", command: "DescribeAlarmsCommand", input: {}, protocol: "AwsJson1_0Protocol" },
  { pkg: "client-ec2", client: "EC2Client", command: "DescribeImagesCommand", input: {}, protocol: "AwsEc2QueryProtocol" },
  { pkg: "client-auto-scaling", client: "AutoScalingClient", command: "DescribeAutoScalingGroupsCommand", input: {}, protocol: "AwsQueryProtocol" },
  { pkg: "client-sfn", client: "SFNClient", command: "DescribeExecutionCommand", input: { executionArn: "arn" }, protocol: "AwsJson1_0Protocol" },
  { pkg: "client-codedeploy", client: "CodeDeployClient", command: "GetDeploymentCommand", input: { deploymentId: "d-1" }, protocol: "AwsJson1_1Protocol" },
  { pkg: "client-imagebuilder", client: "ImagebuilderClient", command: "GetImageCommand", input: { imageBuildVersionArn: "arn" }, protocol: "AwsRestJsonProtocol" },
  { pkg: "client-eventbridge", client: "EventBridgeClient", command: "PutEventsCommand", input: { Entries: [] }, protocol: "AwsJson1_1Protocol" },
];

const require = createRequire(import.meta.url);
const distOf = (pkg: string) => join(dirname(require.resolve(`@aws-sdk/${pkg}/package.json`)), "dist-es");

/** A modeled error as its schema states it: `[-3, namespace, name, traits, members, memberSchemas]`. */
type ErrorSchema = [number, string, string, { error?: string; httpError?: number; awsQueryError?: [string, number] } | 0, string[], unknown[]];
interface HttpAnswer {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}
interface Build {
  answer: (pkg: string, response: HttpAnswer) => Promise<Record<string, unknown>>;
  registered: (pkg: string) => ErrorSchema[];
}

/** One module exporting `answer` (send a command, get back what it threw) and each client's registered errors. */
function entrySource(): string {
  const lines = ['import { Readable } from "node:stream";'];
  CLIENTS.forEach(({ pkg, client, command }, i) => {
    lines.push(`import { ${client} as Client${i}, ${command} as Command${i} } from "@aws-sdk/${pkg}";`);
    lines.push(`import { errorTypeRegistries as registries${i} } from ${JSON.stringify(join(distOf(pkg), "schemas", "schemas_0.js"))};`);
  });
  lines.push(
    `const clients = { ${CLIENTS.map(({ pkg, input }, i) => `${JSON.stringify(pkg)}: [Client${i}, Command${i}, ${JSON.stringify(input)}, registries${i}]`).join(", ")} };`,
    "export async function answer(pkg, { statusCode, headers, body }) {",
    "  const [Client, Command, input] = clients[pkg];",
    "  const requestHandler = { handle: async () => ({ response: { statusCode, headers, body: Readable.from([Buffer.from(body)]) } }) };",
    '  const client = new Client({ region: "us-east-1", credentials: { accessKeyId: "AKID", secretAccessKey: "secret" }, maxAttempts: 1, requestHandler });',
    "  try { await client.send(new Command(input)); } catch (error) { return error; }",
    '  throw new Error("the command succeeded");',
    "}",
    "export const registered = (pkg) => clients[pkg][3].flatMap((registry) => [...registry.exceptions.keys()]);",
  );
  return lines.join("\n");
}

async function bundle(name: string, options: Pick<BuildOptions, "plugins" | "alias">): Promise<Build> {
  const outfile = join(outDir, `${name}.mjs`);
  await build({ stdin: { contents: entrySource(), resolveDir: process.cwd(), loader: "js" }, outfile, bundle: true, platform: "node", format: "esm", mainFields: ["module", "main"], ...options, logLevel: "silent" });
  return (await import(pathToFileURL(outfile).href)) as Build;
}

/**
 * How AWS answers with this error in each protocol (status from the model; 400 or 500 by fault otherwise),
 * with every plain string member filled.
 */
function answerFor(protocol: Protocol, schema: ErrorSchema): HttpAnswer {
  const [, namespace, name, traits, members, memberSchemas] = schema;
  const { error, httpError, awsQueryError } = traits === 0 ? {} : traits;
  const statusCode = httpError ?? awsQueryError?.[1] ?? (error === "server" ? 500 : 400);
  const code = awsQueryError?.[0] ?? name;
  const fault = error === "server" ? "Receiver" : "Sender";
  const message = `${name} happened`;
  const messageKey = members.includes("Message") ? "Message" : "message";
  const fields: Record<string, string> = { [messageKey]: message };
  members.forEach((member, i) => {
    if (memberSchemas[i] === 0 && !/^message$/i.test(member)) fields[member] = `${member} of ${name}`;
  });
  const xmlFields = Object.entries(fields)
    .map(([key, value]) => `<${key}>${value}</${key}>`)
    .join("");
  const xmlError = `<Error><Type>${fault}</Type><Code>${code}</Code>${xmlFields}</Error>`;
  switch (protocol) {
    case "AwsJson1_0Protocol":
    case "AwsJson1_1Protocol":
      return {
        statusCode,
        headers: { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": "req-1", "x-amzn-query-error": `${code};${fault}` },
        body: JSON.stringify({ __type: `${namespace}#${name}`, ...fields }),
      };
    case "AwsRestJsonProtocol":
      return { statusCode, headers: { "content-type": "application/json", "x-amzn-requestid": "req-1", "x-amzn-errortype": `${name}:http://internal.amazon.com/` }, body: JSON.stringify(fields) };
    case "AwsRestXmlProtocol":
    case "AwsQueryProtocol":
      return { statusCode, headers: { "content-type": "text/xml" }, body: `<ErrorResponse>${xmlError}<RequestId>req-1</RequestId></ErrorResponse>` };
    case "AwsEc2QueryProtocol":
      return { statusCode, headers: { "content-type": "text/xml" }, body: `<Response><Errors>${xmlError}</Errors><RequestID>req-1</RequestID></Response>` };
  }
}

/** Everything a caller can read from a thrown SDK error, except which class it is. */
function observable(error: Record<string, unknown>): Record<string, unknown> {
  const fields = Object.fromEntries(Object.entries(error).map(([key, value]) => [key, value === undefined ? "(undefined)" : value]));
  return { ...fields, name: error["name"], message: error["message"], $fault: error["$fault"], $retryable: error["$retryable"] ?? "(none)", isError: error instanceof Error };
}

let original: Build;
let lambda: Build;
beforeAll(async () => {
  // The Lambda build has every bundle plugin, so each request is also signed and sent as a Lambda's would be.
  [original, lambda] = await Promise.all([bundle("original", {}), bundle("lambda", lambdaOnly(process.cwd()))]);
}, 120_000);

describe("leaving plain SDK errors unregistered", () => {
  it("drops the registration of a client error with only string fields and keeps one with other fields, a server fault or $retryable", () => {
    const schemas = [
      "const _e = \"error\";\nconst _c = \"client\";\nconst _se = \"server\";\nconst _m = \"message\";\nconst _R = \"Reasons\";\nconst _RC = \"ReasonCode\";",
      "const _A = \"Plain\";\nconst _B = \"WithFields\";\nconst _C = \"Broken\";\nconst _D = \"Retried\";\nconst _E = \"WithReasonCode\";",
      ...[
        ["Plain", "_A", "{ [_e]: _c }", "[_m]", "[0]"],
        ["WithReasonCode", "_E", "{ [_e]: _c }", "[_m, _RC]", "[0, 0]"],
        ["WithFields", "_B", "{ [_e]: _c }", "[_m, _R]", "[0, () => ReasonList]"],
        ["Broken", "_C", "{ [_e]: _se }", "[_m]", "[0]"],
        ["Retried", "_D", "{ [_e]: _c }", "[_m]", "[0]"],
      ].map(([name, id, traits, members, memberSchemas]) => `export var ${name}$ = [-3, n0, ${id},\n    ${traits},\n    ${members},\n    ${memberSchemas}\n];\nn0_registry.registerError(${name}$, ${name});`),
    ].join("\n");
    const errors = ["Plain", "WithReasonCode", "WithFields", "Broken"].map((name) => `export class ${name} extends __BaseException {\n}`).join("\n") + "\nexport class Retried extends __BaseException {\n    $retryable = {};\n}";
    const kept = [...dropPlainErrors(schemas, { errors, runtimeConfig: "new AwsJson1_1Protocol()" }).matchAll(/registerError\((\w+)\$/g)].map(([, name]) => name);
    expect(kept).toEqual(["WithFields", "Broken", "Retried"]);
  });

  it.each(CLIENTS)("answers every modeled $pkg error as the untouched SDK does", async ({ pkg, protocol }) => {
    expect(readFileSync(join(distOf(pkg), "runtimeConfig.shared.js"), "utf8"), "the protocol this test speaks").toContain(protocol);
    const modeled = original.registered(pkg).filter(([, namespace]) => !namespace.startsWith("smithy.ts.sdk.synthetic."));
    for (const schema of modeled) {
      const response = answerFor(protocol, schema);
      const [expected, actual] = await Promise.all([original.answer(pkg, response), lambda.answer(pkg, response)]);
      expect(observable(actual), schema[2]).toEqual(observable(expected));
      // The answer reached the client as this error (or as the error its query-compatible code names).
      const [, , name, traits] = schema;
      expect([name, traits === 0 ? name : (traits.awsQueryError?.[0] ?? name)], name).toContain(actual["name"]);
      expect(actual["message"], name).toBe(`${name} happened`);
    }
  });

  it("leaves most errors unregistered, and keeps those whose fields the adapters read", () => {
    const names = (build: Build, pkg: string) => build.registered(pkg).map(([, , name]) => name);
    expect(names(original, "client-ssm").length).toBeGreaterThan(100);
    expect(names(lambda, "client-ssm").length).toBeLessThan(names(original, "client-ssm").length / 2);
    // Route 53 lists each refused change in `messages`; DynamoDB says which condition failed in `CancellationReasons`.
    expect(names(lambda, "client-route-53")).toContain("InvalidChangeBatch");
    expect(names(lambda, "client-dynamodb")).toContain("TransactionCanceledException");
  });
});
