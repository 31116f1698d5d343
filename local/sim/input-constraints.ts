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

/**
 * A value found at a path, with the way back to the input: where it is gets rendered only for a violation,
 * since every simulated call walks every rule of its operation and nearly all of them hold.
 */
interface Located {
  value: unknown;
  parent?: Located;
  /** This step of AWS's rendering: a member in lower camel case, a map key, or a list index (0-based). */
  step?: string | number;
}

/** AWS's rendering of where a value is: lower camel case, list items as `name.N.member`. */
function where(located: Located): string {
  const steps: string[] = [];
  for (let at: Located | undefined = located; at?.step !== undefined; at = at.parent) steps.push(typeof at.step === "number" ? `${at.step + 1}.member` : at.step);
  return steps.reverse().join(".");
}

const lowerCamel = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

/**
 * An operation's rules as one tree of member paths, so a call walks its input once however many rules share
 * a prefix (PutMetricData has 14 under `MetricData[]`, and a walk per rule was most of a call's cost). A
 * node stands for every value found at its path; `index` is the rule's place in the file, which orders the
 * problems as a walk per rule would.
 */
interface RuleNode {
  /** Rules on each value found here. */
  checks: Array<{ rule: MemberRule; index: number }>;
  /** Members each object found here must have (the `required` rules whose parent path this is). */
  required: Array<{ member: string; rendered: string; index: number }>;
  /** `B[]` under `A`: member `B`, then every item of it. */
  children: Map<string, { name: string; rendered: string; markers: string[]; node: RuleNode }>;
}

const emptyNode = (): RuleNode => ({ checks: [], required: [], children: new Map() });

/** The node for `path` (`A.B[]`, `""` for the input itself), made on the way. */
function nodeAt(root: RuleNode, path: string): RuleNode {
  let node = root;
  if (path === "") return node;
  for (const segment of path.split(".")) {
    let child = node.children.get(segment);
    if (!child) {
      const [, name = "", suffix = ""] = /^([^[{]*)((?:\[\]|\{\})*)$/.exec(segment) ?? [];
      child = { name, rendered: lowerCamel(name), markers: suffix.match(/\[\]|\{\}/g) ?? [], node: emptyNode() };
      node.children.set(segment, child);
    }
    node = child.node;
  }
  return node;
}

const compiledRules = new Map<string, RuleNode>();

/** The rule tree of `service:operation`, built on its first call. */
function ruleTree(service: SimulatedService, operation: string): RuleNode {
  const key = `${service}:${operation}`;
  let root = compiledRules.get(key);
  if (!root) {
    root = emptyNode();
    const rules = constraints.services[service]?.operations[operation] ?? [];
    for (const [index, rule] of rules.entries()) {
      if (rule.type !== "required") {
        nodeAt(root, rule.path).checks.push({ rule, index });
        continue;
      }
      const dot = rule.path.lastIndexOf(".");
      const member = rule.path.slice(dot + 1);
      nodeAt(root, dot < 0 ? "" : rule.path.slice(0, dot)).required.push({ member, rendered: lowerCamel(member), index });
    }
    compiledRules.set(key, root);
  }
  return root;
}

interface Found {
  index: number;
  problem: string;
  missing: boolean;
}

/** Checks `located` against `node`'s rules, then every value below it that a rule names, depth first. */
function walk(node: RuleNode, located: Located, found: Found[]): void {
  const { value } = located;
  if (node.required.length > 0 && typeof value === "object" && value !== null && !Array.isArray(value)) {
    for (const { member, rendered, index } of node.required) {
      if ((value as Record<string, unknown>)[member] === undefined)
        found.push({ index, missing: true, problem: `Value null at '${where({ value: undefined, parent: located, step: rendered })}' failed to satisfy constraint: Member must not be null` });
    }
  }
  for (const { rule, index } of node.checks) {
    const broken = violation(rule, value);
    if (broken) found.push({ index, missing: false, problem: `Value '${render(value)}' at '${where(located)}' failed to satisfy constraint: ${broken}` });
  }
  if (typeof value !== "object" || value === null) return;
  for (const { name, rendered, markers, node: child } of node.children.values()) {
    const member = (value as Record<string, unknown>)[name];
    if (member !== undefined) expand({ value: member, parent: located, step: rendered }, markers, 0, child, found);
  }
}

/** Walks `located`, or through each `[]` (list item) and `{}` (map value) marker first. */
function expand(located: Located, markers: string[], at: number, node: RuleNode, found: Found[]): void {
  if (at === markers.length) return walk(node, located, found);
  const { value } = located;
  if (markers[at] === "[]") {
    if (Array.isArray(value)) value.forEach((item, i) => expand({ value: item, parent: located, step: i }, markers, at + 1, node, found));
    return;
  }
  if (typeof value !== "object" || value === null) return;
  for (const [key, item] of Object.entries(value)) expand({ value: item, parent: located, step: key }, markers, at + 1, node, found);
}

function render(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** A string's length in code points, as AWS counts it; without surrogates that is its length, found without a copy. */
const codePoints = (value: string): number => (/[\uD800-\uDFFF]/.test(value) ? [...value].length : value.length);

/** Why `value` breaks `rule`, in AWS's words; undefined when it holds. */
function violation(rule: MemberRule, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const size = typeof value === "string" ? codePoints(value) : Array.isArray(value) ? value.length : typeof value === "object" ? Object.keys(value).length : undefined;
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
  const found: Found[] = [];
  walk(ruleTree(service, operation), { value: input }, found);
  // Rule by rule, in the file's order; within a rule, in the input's (the sort is stable).
  found.sort((x, y) => x.index - y.index);
  return { problems: found.map(({ problem }) => problem), missing: found.some(({ missing }) => missing) };
}

/** Throws AWS's validation error when `input` breaks any documented constraint of `service:operation`. */
export function enforceInputConstraints(service: SimulatedService, operation: string, input: unknown): void {
  const { problems, missing } = inputViolations(service, operation, input);
  if (problems.length === 0) return;
  const names = ERROR_NAMES[service];
  const count = `${problems.length} validation error${problems.length === 1 ? "" : "s"} detected`;
  throw awsError(service, missing ? names.missing : names.invalid, `${count}: ${problems.join("; ")}`);
}
