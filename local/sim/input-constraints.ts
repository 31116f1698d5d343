// Enforces the documented input constraints of AWS's service models (generated into input-constraints.json by
// generate-input-constraints.ts) before a simulated call reaches its service model, answering as AWS does:
// "1 validation error detected: Value '256' at 'changeBatch.changes.1.member.resourceRecordSet.weight' failed
// to satisfy constraint: Member must have value less than or equal to 255", under each service's error name.
import constraintFile from "./input-constraints.json" with { type: "json" };
import { awsError, type SimulatedService } from "./errors.ts";

/**
 * One constraint at a member path such as `ChangeBatch.Changes[].ResourceRecordSet.Weight` (`[]` = every list
 * item, `{}` = every map value). `type: "required"` means the member must be present whenever its parent is.
 */
export interface MemberRule {
  path: string;
  type: string;
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
}

export interface ServiceConstraints {
  protocol: string;
  apiVersion: string;
  operations: Record<string, MemberRule[]>;
}

export interface ConstraintFile {
  source: string;
  patternsLeftOut: string[];
  services: Partial<Record<SimulatedService, ServiceConstraints>>;
}

/**
 * The error each service answers a constraint violation with: Route 53 InvalidInput (API_ChangeResourceRecordSets),
 * CloudWatch and Auto Scaling the query protocol's ValidationError (MissingParameter for an absent required member,
 * as CloudWatch's MissingRequiredParameterException), SSM / CodeDeploy / Image Builder / EventBridge ValidationException, ELBv2 ValidationError, EC2
 * InvalidParameterValue / MissingParameter (ec2 errors-overview).
 */
const ERROR_NAMES: Record<SimulatedService, { invalid: string; missing: string }> = {
  route53: { invalid: "InvalidInput", missing: "InvalidInput" },
  cloudwatch: { invalid: "ValidationError", missing: "MissingRequiredParameterException" },
  autoscaling: { invalid: "ValidationError", missing: "ValidationError" },
  ssm: { invalid: "ValidationException", missing: "ValidationException" },
  codedeploy: { invalid: "ValidationException", missing: "ValidationException" },
  imagebuilder: { invalid: "ValidationException", missing: "ValidationException" },
  ec2: { invalid: "InvalidParameterValue", missing: "MissingParameter" },
  eventbridge: { invalid: "ValidationException", missing: "ValidationException" },
  elbv2: { invalid: "ValidationError", missing: "ValidationError" },
};

const constraints = constraintFile as ConstraintFile;
const compiled = new Map<string, RegExp>();

function regex(pattern: string): RegExp {
  let re = compiled.get(pattern);
  if (!re) {
    re = new RegExp(`^(?:${pattern})$`, "u");
    compiled.set(pattern, re);
  }
  return re;
}

interface Located {
  value: unknown;
  /** AWS's rendering of the path: lower camel case, list items as `name.N.member`. */
  at: string;
}

const lowerCamel = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

interface Segment {
  name: string;
  rendered: string;
  markers: string[];
}
const parsedPaths = new Map<string, Segment[]>();

/** `A.B[]` → [{name A}, {name B, markers ["[]"]}], parsed once per path (every simulated call walks them). */
function segments(path: string): Segment[] {
  let parsed = parsedPaths.get(path);
  if (!parsed) {
    parsed = path.split(".").map((segment) => {
      const [, name = "", suffix = ""] = /^([^[{]*)((?:\[\]|\{\})*)$/.exec(segment) ?? [];
      return { name, rendered: lowerCamel(name), markers: suffix.match(/\[\]|\{\}/g) ?? [] };
    });
    parsedPaths.set(path, parsed);
  }
  return parsed;
}

/** Every value at `path` in `input` (several through lists and maps), with AWS's rendering of where. */
function locate(input: unknown, path: string): Located[] {
  let found: Located[] = [{ value: input, at: "" }];
  for (const { name, rendered, markers } of segments(path)) {
    found = found.flatMap(({ value, at }) => {
      if (typeof value !== "object" || value === null) return [];
      const child = (value as Record<string, unknown>)[name];
      if (child === undefined) return [];
      let level: Located[] = [{ value: child, at: at ? `${at}.${rendered}` : rendered }];
      for (const marker of markers) {
        level = level.flatMap((item) => {
          if (marker === "[]") return Array.isArray(item.value) ? item.value.map((v, i) => ({ value: v, at: `${item.at}.${i + 1}.member` })) : [];
          if (typeof item.value !== "object" || item.value === null) return [];
          return Object.entries(item.value).map(([key, v]) => ({ value: v, at: `${item.at}.${key}` }));
        });
      }
      return level;
    });
  }
  return found;
}

function render(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** Why `value` breaks `rule`, in AWS's words; undefined when it holds. */
function violation(rule: MemberRule, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const size = typeof value === "string" ? [...value].length : Array.isArray(value) ? value.length : typeof value === "object" ? Object.keys(value).length : undefined;
  if (rule.type === "integer" || rule.type === "long") {
    if (typeof value !== "number" || !Number.isInteger(value)) return "Member must be a whole number";
    if (rule.min !== undefined && value < rule.min) return `Member must have value greater than or equal to ${rule.min}`;
    if (rule.max !== undefined && value > rule.max) return `Member must have value less than or equal to ${rule.max}`;
    return undefined;
  }
  if (size !== undefined) {
    if (rule.min !== undefined && size < rule.min) return `Member must have length greater than or equal to ${rule.min}`;
    if (rule.max !== undefined && size > rule.max) return `Member must have length less than or equal to ${rule.max}`;
  }
  if (typeof value === "string" && rule.enum && !rule.enum.includes(value)) return `Member must satisfy enum value set: [${rule.enum.join(", ")}]`;
  if (typeof value === "string" && rule.pattern && !regex(rule.pattern).test(value)) return `Member must satisfy regular expression pattern: ${rule.pattern}`;
  return undefined;
}

/** Every broken constraint of `operation`'s `input`, as AWS lists them, with whether one is an absent required member. */
export function inputViolations(service: SimulatedService, operation: string, input: unknown): { problems: string[]; missing: boolean } {
  const rules = constraints.services[service]?.operations[operation] ?? [];
  const problems: string[] = [];
  let missing = false;
  for (const rule of rules) {
    if (rule.type === "required") {
      const parent = rule.path.includes(".") ? rule.path.slice(0, rule.path.lastIndexOf(".")) : "";
      const member = rule.path.slice(rule.path.lastIndexOf(".") + 1);
      const parents = parent ? locate(input, parent) : [{ value: input, at: "" }];
      for (const p of parents) {
        if (typeof p.value !== "object" || p.value === null || Array.isArray(p.value)) continue;
        if ((p.value as Record<string, unknown>)[member] === undefined) {
          missing = true;
          problems.push(`Value null at '${p.at ? `${p.at}.${lowerCamel(member)}` : lowerCamel(member)}' failed to satisfy constraint: Member must not be null`);
        }
      }
      continue;
    }
    for (const { value, at } of locate(input, rule.path)) {
      const broken = violation(rule, value);
      if (broken) problems.push(`Value '${render(value)}' at '${at}' failed to satisfy constraint: ${broken}`);
    }
  }
  return { problems, missing };
}

/** Throws AWS's validation error when `input` breaks any documented constraint of `service:operation`. */
export function enforceInputConstraints(service: SimulatedService, operation: string, input: unknown): void {
  const { problems, missing } = inputViolations(service, operation, input);
  if (problems.length === 0) return;
  const names = ERROR_NAMES[service];
  const count = `${problems.length} validation error${problems.length === 1 ? "" : "s"} detected`;
  throw awsError(service, missing ? names.missing : names.invalid, `${count}: ${problems.join("; ")}`);
}
