// Simulated SSM Parameter Store: versioned parameters (last 100 kept), `name:version` and `name:label`
// selectors, version labels and history, and GetParametersByPath pages of at most 10 that are sometimes EMPTY
// with a NextToken (seeded), so callers that stop at the first empty page are caught.
import type {
  GetParameterCommandInput,
  GetParameterHistoryCommandInput,
  GetParametersByPathCommandInput,
  LabelParameterVersionCommandInput,
  Parameter,
  ParameterHistory,
  PutParameterCommandInput,
} from "@aws-sdk/client-ssm";
import { ACCOUNT_ID, REGION, type Operation, type ServiceModel, type SimContext } from "./context.ts";
import { awsError } from "./errors.ts";

interface Version {
  value: string;
  type: "String" | "StringList" | "SecureString";
  version: number;
  modifiedAt: number;
  /** Labels on this version; a label names one version of a parameter at a time. */
  labels: string[];
  description?: string;
}

const MAX_VERSIONS = 100;
const STANDARD_MAX_BYTES = 4096;
const MAX_LABELS_PER_VERSION = 10;
const MAX_HISTORY_RESULTS = 50;
/** Who LastModifiedUser names: every sandbox call is made with the same identity. */
const SANDBOX_USER_ARN = `arn:aws:iam::${ACCOUNT_ID}:user/glidepath-sandbox`;

export class SsmModel implements ServiceModel {
  private params = new Map<string, Version[]>();

  constructor(private readonly ctx: SimContext) {}

  readonly operations: Record<string, Operation> = {
    PutParameter: (input: PutParameterCommandInput) => this.put(input),
    GetParameter: (input: GetParameterCommandInput) => ({ Parameter: this.get(input.Name ?? "", input.WithDecryption ?? false) }),
    GetParameters: (input: { Names?: string[]; WithDecryption?: boolean }) => {
      const found: Parameter[] = [];
      const invalid: string[] = [];
      for (const name of input.Names ?? []) {
        try {
          found.push(this.get(name, input.WithDecryption ?? false));
        } catch {
          invalid.push(name);
        }
      }
      return { Parameters: found, InvalidParameters: invalid };
    },
    GetParametersByPath: (input: GetParametersByPathCommandInput) => this.byPath(input),
    GetParameterHistory: (input: GetParameterHistoryCommandInput) => this.history(input),
    LabelParameterVersion: (input: LabelParameterVersionCommandInput) => this.label(input),
    DeleteParameter: (input: { Name?: string }) => {
      if (!this.params.delete(input.Name ?? "")) throw awsError("ssm", "ParameterNotFound", `Parameter ${input.Name} not found.`);
      return {};
    },
  };

  private put(input: PutParameterCommandInput) {
    const name = input.Name ?? "";
    const value = input.Value ?? "";
    if (!name) throw awsError("ssm", "ValidationException", "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null");
    if (Buffer.byteLength(value) > STANDARD_MAX_BYTES && input.Tier !== "Advanced") {
      throw awsError("ssm", "ValidationException", `Standard tier parameters support a maximum parameter value of ${STANDARD_MAX_BYTES} characters.`);
    }
    const versions = this.params.get(name);
    const latest = versions?.[versions.length - 1];
    if (latest && !input.Overwrite) throw awsError("ssm", "ParameterAlreadyExists", "The parameter already exists. To overwrite this value, set the overwrite option in the request to true.");
    // The oldest version is dropped to keep 100, unless a label points at it: then the write fails until it moves.
    const oldest = versions?.[0];
    if (versions && versions.length >= MAX_VERSIONS && oldest && oldest.labels.length > 0)
      throw awsError("ssm", "ParameterMaxVersionLimitExceeded", `You attempted to create a new version of ${name} by calling the PutParameter API with the overwrite flag. Version ${oldest.version}, the oldest version, can't be deleted because it has a label associated with it. Move the label to another version of the parameter, and try again.`);
    const type = input.Type ?? latest?.type;
    if (!type) throw awsError("ssm", "ValidationException", "A parameter type is required when you create a parameter.");
    const next: Version = {
      value,
      type,
      version: (latest?.version ?? 0) + 1,
      modifiedAt: this.ctx.clock.now(),
      labels: [],
      ...(input.Description ? { description: input.Description } : {}),
    };
    // Only the last 100 versions are kept; the oldest is dropped, as Parameter Store does without labels.
    this.params.set(name, [...(versions ?? []), next].slice(-MAX_VERSIONS));
    return { Version: next.version, Tier: input.Tier ?? "Standard" };
  }

  /** `name`, `name:version` or `name:label`; a selector naming no version fails, with no fallback to the latest. */
  private get(nameWithSelector: string, decrypt: boolean): Parameter {
    const [name = "", selector] = splitSelector(nameWithSelector);
    const versions = this.params.get(name);
    if (!versions?.length) throw awsError("ssm", "ParameterNotFound", `Parameter ${nameWithSelector} not found.`);
    let chosen = versions[versions.length - 1];
    if (selector !== undefined) {
      chosen = /^\d+$/.test(selector) ? versions.find((v) => v.version === Number(selector)) : versions.find((v) => v.labels.includes(selector));
      if (!chosen) throw awsError("ssm", "ParameterVersionNotFound", `Systems Manager could not find version ${selector} of ${name}. Verify the version and try again.`);
    }
    return this.view(name, chosen as Version, decrypt, selector);
  }

  /** Every kept version, oldest first, in pages of at most 50 (API_GetParameterHistory). */
  private history(input: GetParameterHistoryCommandInput) {
    const maxResults = input.MaxResults ?? MAX_HISTORY_RESULTS;
    const name = nameOf(input.Name ?? "");
    const versions = this.params.get(name);
    if (!versions?.length) throw awsError("ssm", "ParameterNotFound", `Parameter ${input.Name} not found.`);
    const offset = input.NextToken ? decodeToken(input.NextToken).offset : 0;
    const page = versions.slice(offset, offset + maxResults);
    const next = offset + maxResults;
    return {
      Parameters: page.map((v): ParameterHistory => {
        const { Value, Type, Version, LastModifiedDate, DataType } = this.view(name, v, input.WithDecryption ?? false);
        return { Name: name, Value, Type, Version, LastModifiedDate, DataType, LastModifiedUser: SANDBOX_USER_ARN, Labels: [...v.labels], Tier: "Standard", ...(v.description ? { Description: v.description } : {}) };
      }),
      ...(next < versions.length ? { NextToken: encodeToken({ offset: next, emptied: false }) } : {}),
    };
  }

  /**
   * Puts labels on a version (the latest when none is named), moving each from any other version of the
   * parameter. Labels breaking the naming rules are not applied and come back in InvalidLabels, without an
   * error; more than 10 on one version fails (sysman-paramstore-labels).
   */
  private label(input: LabelParameterVersionCommandInput) {
    const name = input.Name ?? "";
    const versions = this.params.get(name);
    if (!versions?.length) throw awsError("ssm", "ParameterNotFound", `Parameter ${name} not found.`);
    const target = input.ParameterVersion === undefined ? versions[versions.length - 1] : versions.find((v) => v.version === input.ParameterVersion);
    if (!target) throw awsError("ssm", "ParameterVersionNotFound", `Systems Manager could not find version ${input.ParameterVersion} of ${name}. Verify the version and try again.`);
    const labels = [...new Set(input.Labels ?? [])];
    const invalid = labels.filter((label) => !isValidLabel(label));
    const valid = labels.filter(isValidLabel);
    const added = valid.filter((label) => !target.labels.includes(label));
    if (target.labels.length + added.length > MAX_LABELS_PER_VERSION)
      throw awsError("ssm", "ParameterVersionLabelLimitExceeded", `A parameter version can have maximum ${MAX_LABELS_PER_VERSION} labels. Move one or more labels to another version and try again.`);
    for (const other of versions) if (other !== target) other.labels = other.labels.filter((label) => !added.includes(label));
    target.labels.push(...added);
    return { InvalidLabels: invalid, ParameterVersion: target.version };
  }

  private view(name: string, v: Version, decrypt: boolean, selector?: string): Parameter {
    const secret = v.type === "SecureString" && !decrypt;
    return {
      Name: name,
      Type: v.type,
      // Without decryption a SecureString comes back as ciphertext, never the plain value.
      Value: secret ? `AQICAH${Buffer.from(v.value).toString("base64")}` : v.value,
      Version: v.version,
      LastModifiedDate: new Date(v.modifiedAt),
      ARN: `arn:aws:ssm:${REGION}:${ACCOUNT_ID}:parameter${name.startsWith("/") ? "" : "/"}${name}`,
      DataType: "text",
      ...(selector !== undefined ? { Selector: `:${selector}` } : {}),
    };
  }

  private byPath(input: GetParametersByPathCommandInput) {
    const maxResults = input.MaxResults ?? 10;
    if (maxResults < 1 || maxResults > 10) {
      throw awsError("ssm", "ValidationException", `1 validation error detected: Value '${maxResults}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 10`);
    }
    const path = (input.Path ?? "/").replace(/\/?$/, "/");
    const names = [...this.params.keys()]
      .filter((n) => n.startsWith(path) && (input.Recursive || !n.slice(path.length).includes("/")))
      .sort();
    const token = input.NextToken ? decodeToken(input.NextToken) : { offset: 0, emptied: false };
    // Once per position, a page may come back empty with a NextToken to the same place (seeded).
    if (!token.emptied && token.offset < names.length && this.ctx.rng.next() < this.ctx.timings.ssmEmptyPageProbability) {
      return { Parameters: [], NextToken: encodeToken({ offset: token.offset, emptied: true }) };
    }
    const page = names.slice(token.offset, token.offset + maxResults);
    const next = token.offset + maxResults;
    return {
      Parameters: page.map((n) => {
        const versions = this.params.get(n) ?? [];
        return this.view(n, versions[versions.length - 1] as Version, input.WithDecryption ?? false);
      }),
      ...(next < names.length ? { NextToken: encodeToken({ offset: next, emptied: false }) } : {}),
    };
  }
}

/**
 * A label's rules (sysman-paramstore-labels): at most 100 characters of letters, digits, `.`, `-` and `_`; not
 * starting with a digit, nor with `aws` or `ssm` in any case.
 */
function isValidLabel(label: string): boolean {
  return label.length <= 100 && /^[a-zA-Z0-9._-]+$/.test(label) && !/^\d/.test(label) && !/^(aws|ssm)/i.test(label);
}

/** The parameter's name from its name or ARN (`arn:aws:ssm:<region>:<account>:parameter/<name without its leading slash>`). */
function nameOf(nameOrArn: string): string {
  const arn = /^arn:aws[\w-]*:ssm:[^:]*:\d*:parameter(\/.*)$/.exec(nameOrArn);
  return arn?.[1] ?? nameOrArn;
}

function splitSelector(name: string): [string, string | undefined] {
  const i = name.lastIndexOf(":");
  // ARNs contain colons too; only a trailing `:<selector>` after the last slash counts.
  if (i < 0 || i < name.lastIndexOf("/")) return [name, undefined];
  return [name.slice(0, i), name.slice(i + 1)];
}

function encodeToken(t: { offset: number; emptied: boolean }): string {
  return Buffer.from(JSON.stringify(t)).toString("base64");
}

function decodeToken(token: string): { offset: number; emptied: boolean } {
  try {
    const t = JSON.parse(Buffer.from(token, "base64").toString("utf8"));
    if (Number.isInteger(t.offset)) return t;
  } catch {
    // fall through to the AWS error below
  }
  throw awsError("ssm", "InvalidNextToken", "The specified token is not valid.");
}
