// A source transformation for the bundle plugin (stacks/sdk-schemas-plugin.ts): it stops registering the SDK's
// modeled errors that carry nothing but a message, so esbuild can drop their classes and schemas.
//
// Every AWS SDK v3 client registers each of its service's modeled errors at import time
// (`n0_registry.registerError(ParameterNotFound$, ParameterNotFound)`): 141 error classes for SSM, 67 KB of a
// bundle, although a Lambda meets a handful. An error the registry does not know still reaches the caller:
// the protocol throws the client's base exception (SSMServiceException) with the name AWS answered, the
// message, `$fault` from the HTTP status and `$metadata`, and copies the answer's fields onto it, which is
// all Glidepath reads (functions/adapters/errors.ts routes on `name`; nothing uses `instanceof` on an SDK
// error class). So a registration is dropped only where that generic error cannot differ from the modeled
// one: the error's only member is its message, its fault is "client", its query-compatible code (if any) is
// its own name and no other error answers to that name as its code, and its class sets nothing more (no
// `$retryable`). Clients speaking the query protocols (Auto Scaling, EC2) keep every registration: there a
// generic error lacks the `RequestId` field a modeled one has. Anything else, or any schema written in a form
// not recognised here, keeps its registration. test/infra/sdk-modeled-errors.test.ts answers every modeled
// error of every client we bundle through both builds and checks the thrown errors are alike (it found both
// exceptions above).

/** `const _xN = "xmlName";`: the schema module's string constants. */
const STRING_CONSTANT = /^const (_[A-Za-z0-9_]+) = ("(?:[^"\\]|\\.)*");$/gm;

/** One modeled error's schema and its registration, as the SDK's code generator writes them. */
const ERROR_SCHEMA =
  /^export var ([A-Za-z0-9_]+)\$ = \[-3, n0, (_[A-Za-z0-9_]+),\n {4}(\{[^{}\n]*\}|0),\n {4}\[([^\]\n]*)\],\n {4}\[([^\]\n]*)\](?:, \d+)?\n\];\n(n0_registry\.registerError\(\1\$, \1\);\n)/gm;

/** An error schema whose traits give it a query-compatible code: `{ [_aQE]: [\`ResourceNotFound\`, 404] }`. */
const QUERY_CODE_OWNER = /^export var ([A-Za-z0-9_]+)\$ = \[-3,[^\n]*\n {4}\{[^{}\n]*\[`([A-Za-z0-9_.]+)`, \d+\]/gm;

/** Protocols whose generic error differs from a modeled one (see above). */
const QUERY_PROTOCOL = /\bAws(?:Ec2)?QueryProtocol\b/;

/** `[_e]: _c`, `[_hE]: 400`, `[_aQE]: [\`Code\`, 400]`: one trait of an error schema. */
const TRAIT = /^\[(_[A-Za-z0-9_]+)\]: (.+)$/;

function stringConstants(source: string): Map<string, string> {
  return new Map([...source.matchAll(STRING_CONSTANT)].map(([, name, literal]) => [name!, JSON.parse(literal!) as string]));
}

/** Splits `{ [_e]: _c, [_aQE]: [\`X\`, 400] }` into its traits (commas inside brackets do not split). */
function traitsOf(text: string): string[] | undefined {
  if (text === "0") return [];
  const inner = text.slice(1, -1).trim();
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    if (inner[i] === "[") depth++;
    else if (inner[i] === "]") depth--;
    else if (inner[i] === "," && depth === 0) {
      parts.push(inner.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(inner.slice(start).trim());
  return parts.filter((part) => part !== "");
}

/** True when every trait is one a generic error reproduces: a client fault, a 4xx status, its own query code. */
function plainTraits(traits: string[], shapeName: string, constants: Map<string, string>): boolean {
  return traits.every((trait) => {
    const [, key, value] = TRAIT.exec(trait) ?? [];
    const name = key === undefined ? undefined : constants.get(key);
    if (name === "error") return value !== undefined && constants.get(value) === "client";
    if (name === "httpError") return /^4\d\d$/.test(value ?? "");
    if (name === "awsQueryError") return new RegExp(`^\\[\`${shapeName}\`, 4\\d\\d\\]$`).test(value ?? "");
    return false;
  });
}

/** True when the error class in models/errors.js sets only its name, fault and message. */
function plainClass(errorsSource: string, className: string): boolean {
  const start = errorsSource.indexOf(`export class ${className} extends `);
  if (start < 0) return false;
  const next = errorsSource.indexOf("\nexport class ", start + 1);
  const body = errorsSource.slice(start, next < 0 ? undefined : next);
  return !body.includes("$retryable");
}

/** What the plugin reads beside a schema module: the client's models/errors.js and runtimeConfig.shared.js. */
export interface ClientSources {
  errors: string;
  runtimeConfig: string;
}

/**
 * The schema module with the registrations of message-only client errors removed (their schemas and the
 * classes stay exported, unused).
 * Example: `export var TooManyUpdates$ = [-3, n0, _TMU, { [_e]: _c }, [_M], [0]];` followed by
 * `n0_registry.registerError(TooManyUpdates$, TooManyUpdates);` loses its second line.
 */
export function dropMessageOnlyErrors(source: string, client: ClientSources): string {
  if (QUERY_PROTOCOL.test(client.runtimeConfig)) return source;
  const constants = stringConstants(source);
  // CloudWatch's DashboardNotFoundError answers to the code ResourceNotFound, which is also an error's name:
  // with that error unregistered, the code would find DashboardNotFoundError instead.
  const owners = new Map<string, string[]>();
  for (const [, owner, code] of source.matchAll(QUERY_CODE_OWNER)) owners.set(code!, [...(owners.get(code!) ?? []), owner!]);
  const listed = (text: string) => text.split(",").map((item) => item.trim()).filter((item) => item !== "");
  return source.replace(ERROR_SCHEMA, (whole, className: string, idConstant: string, traitText: string, members: string, memberSchemas: string, registration: string) => {
    const shapeName = constants.get(idConstant);
    const memberNames = listed(members).map((member) => constants.get(member));
    const traits = traitsOf(traitText);
    const plain =
      shapeName === className &&
      memberNames.every((member) => member === "message" || member === "Message") &&
      listed(memberSchemas).every((schema) => schema === "0") &&
      traits !== undefined &&
      plainTraits(traits, shapeName, constants) &&
      (owners.get(shapeName) ?? []).every((owner) => owner === className) &&
      plainClass(client.errors, className);
    return plain ? whole.slice(0, -registration.length) : whole;
  });
}

