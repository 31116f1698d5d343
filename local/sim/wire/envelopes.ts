// Static schemas for the wrappers AWS puts around a query or XML answer, so the SDK's own XML serializer
// writes the whole document (`<OpResponse><OpResult>…</OpResult><ResponseMetadata>…`, the error envelopes)
// from the service's schemas instead of hand-built strings. Shapes follow the protocols' documentation:
// https://smithy.io/2.0/aws/protocols/aws-query-protocol.html, …/aws-ec2-query-protocol.html,
// …/aws-restxml-protocol.html (error responses).
import { deref } from "@smithy/core/schema";

type StaticStruct = [3 | -3, string, string, unknown, string[], unknown[]];

const NS = "glidepath.wire";
const text = 0;

function struct(name: string, members: Array<[string, unknown]>): StaticStruct {
  return [3, NS, name, 0, members.map(([n]) => n), members.map(([, s]) => s)];
}

/** A structure's members as [name, schema] pairs, taken from its static schema. */
export function membersOf(schema: unknown): Array<[string, unknown]> {
  const raw = deref(schema as never) as unknown;
  if (!Array.isArray(raw) || (raw[0] !== 3 && raw[0] !== -3)) return [];
  const [, , , , names, schemas] = raw as StaticStruct;
  return names.map((name, i) => [name, schemas[i]]);
}

/** awsQuery success: `<OpResponse><OpResult>output</OpResult><ResponseMetadata><RequestId/>…`. */
export function querySuccess(operationName: string, output: unknown | undefined): StaticStruct {
  const result: Array<[string, unknown]> = output === undefined ? [] : [[`${operationName}Result`, output]];
  return struct(`${operationName}Response`, [...result, ["ResponseMetadata", struct("ResponseMetadata", [["RequestId", text]])]]);
}

/** ec2Query success: the output's members directly under `<OpResponse>`, then `<requestId>`. */
export function ec2Success(operationName: string, output: unknown | undefined): StaticStruct {
  return struct(`${operationName}Response`, [...(output === undefined ? [] : membersOf(output)), ["requestId", text]]);
}

/** The `<Error>` element: Type, Code, Message, then the modeled error's own members. */
function errorElement(errorSchema: unknown | undefined): StaticStruct {
  const own = errorSchema === undefined ? [] : membersOf(errorSchema).filter(([name]) => name.toLowerCase() !== "message");
  return struct("Error", [["Type", text], ["Code", text], ["Message", text], ...own]);
}

/** awsQuery and restXml errors: `<ErrorResponse><Error>…</Error><RequestId/></ErrorResponse>`. */
export function errorResponse(errorSchema: unknown | undefined): StaticStruct {
  return struct("ErrorResponse", [["Error", errorElement(errorSchema)], ["RequestId", text]]);
}

/** ec2Query errors: `<Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>`. */
export function ec2ErrorResponse(): StaticStruct {
  const error = struct("Error", [["Code", text], ["Message", text]]);
  return struct("Response", [["Errors", struct("Errors", [["Error", error]])], ["RequestID", text]]);
}
