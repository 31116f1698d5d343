// A source transformation for the bundle plugin (stacks/sdk-schemas-plugin.ts): it stops registering the SDK's
// modeled errors whose fields are all plain strings, so esbuild can drop their classes and schemas.
//
// Every AWS SDK v3 client registers each of its service's modeled errors at import time
// (`n0_registry.registerError(ParameterNotFound$, ParameterNotFound)`): 141 error classes for SSM, 67 KB of a
// bundle, although a Lambda meets a handful. An error the registry does not know still reaches the caller:
// the protocol throws the client's base exception (SSMServiceException) with the name AWS answered, the
// message, `$fault` from the HTTP status and `$metadata`, and copies the answer's fields onto it as they
// came, which is all Glidepath reads (functions/adapters/errors.ts routes on `name`; nothing uses
// `instanceof` on an SDK error class). So a registration is dropped only where that generic error cannot
// differ from the modeled one:
// - every member is a plain string (schema `0`, no traits such as a JSON or XML name), so copying it as it
//   came is what deserializing it would give;
// - its fault is "client" with a 4xx status (a generic error takes its fault from the status);
// - its class sets nothing more (no `$retryable`, which the SDK's retry reads);
// - for a query-compatible client (CloudWatch), its query code is its own name and no other error answers
//   to its name as a code: there the code finds the error (DashboardNotFoundError answers to
//   ResourceNotFound, which is also an error's name, so with ResourceNotFound unregistered that code would
//   find DashboardNotFoundError instead).
// Clients speaking the query protocols (Auto Scaling, EC2) keep every registration: there a generic error
// lacks the `RequestId` field a modeled one has. Anything else, or any schema written in a form not
// recognised here, keeps its registration. test/infra/sdk-modeled-errors.test.ts answers every modeled
// error of every client we bundle, with every string field filled, through both builds and checks the thrown
// errors are alike (it found the two exceptions above).

/** `const _xN = "xmlName";`: the schema module's string constants. */
const STRING_CONSTANT = /^const (_[A-Za-z0-9_]+) = ("(?:[^"\\]|\\.)*");$/gm;

/** One modeled error's schema and its registration, as the SDK's code generator writes them. */
const ERROR_SCHEMA =
  /^export var ([A-Za-z0-9_]+)\$ = \[-3, n0, (_[A-Za-z0-9_]+),\n {4}(\{[^{}\n]*\}|0),\n {4}\[([^\]\n]*)\],\n {4}\[([^\]\n]*)\](?:, \d+)?\n\];\n(n0_registry\.registerError\(\1\$, \1\);\n)/gm;

/** An error schema whose traits give it a query-compatible code: `{ [_aQE]: [\`ResourceNotFound\`, 404] }`. */
const QUERY_CODE_OWNER = /^export var ([A-Za-z0-9_]+)\$ = \[-3,[^\n]*\n {4}\{[^{}\n]*\[`([A-Za-z0-9_.]+)`, \d+\]/gm;

/** Protocols whose generic error differs from a modeled one (see above). */
const QUERY_PROTOCOL = /\bAws(?:Ec2)?QueryProtocol\b/;

/** A JSON client that also answers with query-protocol error codes. */
const QUERY_COMPATIBLE = /\bawsQueryCompatible:\s*true\b/;

/** `[_e]: _c`, `[_hE]: 400`, `[_aQE]: [\`Code\`, 400]`: one trait of an error schema. */
const TRAIT = /^\[(_[A-Za-z0-9_]+)\]: (.+)$/;

/** What the plugin reads beside a schema module: the client's models/errors.js and runtimeConfig.shared.js. */
export interface ClientSources {
  errors: string;
  runtimeConfig: string;
}

/** What decides whether one error may go unregistered. */
interface ErrorShape {
  className: string;
  shapeName: string | undefined;
  traits: string[] | undefined;
  memberSchemas: string[];
}

/**
 * The schema module with the registrations of plain errors removed (their schemas and the classes stay
 * exported, unused).
 * Example: `export var TooManyUpdates$ = [-3, n0, _TMU, { [_e]: _c }, [_M], [0]];` followed by
 * `n0_registry.registerError(TooManyUpdates$, TooManyUpdates);` loses its second line.
 */
export function dropPlainErrors(source: string, client: ClientSources): string {
  if (QUERY_PROTOCOL.test(client.runtimeConfig)) return source;
  const constants = stringConstants(source);
  const queryCompatible = QUERY_COMPATIBLE.test(client.runtimeConfig);
  const codeOwners = new Map<string, string[]>();
  for (const [, owner, code] of source.matchAll(QUERY_CODE_OWNER)) codeOwners.set(code!, [...(codeOwners.get(code!) ?? []), owner!]);

  const plain = ({ className, shapeName, traits, memberSchemas }: ErrorShape) =>
    shapeName === className &&
    memberSchemas.every((schema) => schema === "0") &&
    traits !== undefined &&
    traits.every((trait) => plainTrait(trait, shapeName, constants, queryCompatible)) &&
    (!queryCompatible || (codeOwners.get(shapeName) ?? []).every((owner) => owner === className)) &&
    plainClass(client.errors, className);

  return source.replace(ERROR_SCHEMA, (whole, className: string, idConstant: string, traitText: string, _members: string, memberSchemas: string, registration: string) => {
    const shape = { className, shapeName: constants.get(idConstant), traits: traitsOf(traitText), memberSchemas: listed(memberSchemas) };
    return plain(shape) ? whole.slice(0, -registration.length) : whole;
  });
}

function stringConstants(source: string): Map<string, string> {
  return new Map([...source.matchAll(STRING_CONSTANT)].map(([, name, literal]) => [name!, JSON.parse(literal!) as string]));
}

/** `[_M, _RC]` → `["_M", "_RC"]`; `[]` → `[]`. */
function listed(text: string): string[] {
  return text
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
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

/** True for a trait a generic error reproduces: a client fault, a 4xx status, a query code that changes nothing. */
function plainTrait(trait: string, shapeName: string, constants: Map<string, string>, queryCompatible: boolean): boolean {
  const [, key, value = ""] = TRAIT.exec(trait) ?? [];
  const name = key === undefined ? undefined : constants.get(key);
  if (name === "error") return constants.get(value) === "client";
  if (name === "httpError") return /^4\d\d$/.test(value);
  if (name === "awsQueryError") return new RegExp(queryCompatible ? `^\\[\`${shapeName}\`, 4\\d\\d\\]$` : "^\\[`[A-Za-z0-9_.]+`, 4\\d\\d\\]$").test(value);
  return false;
}

/** True when the error class in models/errors.js sets only its name, fault and fields. */
function plainClass(errorsSource: string, className: string): boolean {
  const start = errorsSource.indexOf(`export class ${className} extends `);
  if (start < 0) return false;
  const next = errorsSource.indexOf("\nexport class ", start + 1);
  const body = errorsSource.slice(start, next < 0 ? undefined : next);
  return !body.includes("$retryable");
}
