// Simulated Elastic Load Balancing v2 (Application Load Balancers): load balancers, target groups, listeners
// and rules with forward actions (one target group, or weighted ForwardConfig.TargetGroups), tags, and target
// registration and health. Requests are routed by the action's weights the moment it is modified: an ALB has
// no resolver cache, so what ModifyListener/ModifyRule wrote is what the next request meets.
//
// Follows the ELBv2 API reference (API_Action, API_TargetGroupTuple, API_ModifyListener, API_ModifyRule,
// API_DescribeTargetHealth, API_AddTags) for what Glidepath uses; error names and messages are AWS's.
// Simplifications (documented for scenario writers):
// - An Auto Scaling group attached to a target group (`attachGroup`, what AttachTrafficSources does) registers
//   its instances: Pending → `initial`, InService → `healthy`, Terminating → `draining`. Health checks are not
//   run against the instances: InService means it passed them.
// - A target deregistered by hand is `draining` for the target group's deregistration delay (300 s), then gone.
import type { Action, Rule, Tag, TargetDescription } from "@aws-sdk/client-elastic-load-balancing-v2";
import type { AutoScalingModel } from "./autoscaling.ts";
import { ACCOUNT_ID, REGION, type Operation, type ServiceModel, type SimContext } from "./context.ts";
import { awsError } from "./errors.ts";

const ARN = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT_ID}`;
/** Target groups per forward action (load-balancer-limits: 5 per action, not adjustable). */
const MAX_GROUPS_PER_ACTION = 5;
const MAX_WEIGHT = 999;
const MAX_TAGS = 50;
const DEREGISTRATION_DELAY_MS = 300_000;

interface TargetGroup {
  arn: string;
  name: string;
  /** The one load balancer whose actions forward to it (TargetGroupAssociationLimit). */
  loadBalancerArn?: string;
  registered: Map<string, { port?: number; deregisteredAt?: number }>;
  attachedGroups: string[];
}

interface Listener {
  arn: string;
  loadBalancerArn: string;
  port: number;
  protocol: string;
  defaultActions: Action[];
}

const fail = (code: string, message: string): never => {
  throw awsError("elbv2", code, message);
};

export class ElbV2Model implements ServiceModel {
  private readonly loadBalancers = new Map<string, { arn: string; name: string; dnsName: string }>();
  private readonly targetGroups = new Map<string, TargetGroup>();
  private readonly listeners = new Map<string, Listener>();
  private readonly rules = new Map<string, Rule & { RuleArn: string; listenerArn: string }>();
  private readonly tags = new Map<string, Tag[]>();

  constructor(private readonly ctx: SimContext, private readonly autoscaling: AutoScalingModel) {}

  readonly operations: Record<string, Operation> = {
    CreateLoadBalancer: (input: { Name: string }) => {
      const arn = `${ARN}:loadbalancer/app/${input.Name}/${this.ctx.rng.hex(16)}`;
      const dnsName = `${input.Name}-${this.ctx.rng.hex(8)}.${REGION}.elb.amazonaws.com`;
      this.loadBalancers.set(arn, { arn, name: input.Name, dnsName });
      return { LoadBalancers: [{ LoadBalancerArn: arn, LoadBalancerName: input.Name, DNSName: dnsName, Type: "application", State: { Code: "active" } }] };
    },
    CreateTargetGroup: (input: { Name: string; Port?: number; Protocol?: string }) => {
      const arn = `${ARN}:targetgroup/${input.Name}/${this.ctx.rng.hex(16)}`;
      this.targetGroups.set(arn, { arn, name: input.Name, registered: new Map(), attachedGroups: [] });
      return { TargetGroups: [{ TargetGroupArn: arn, TargetGroupName: input.Name, Port: input.Port, Protocol: input.Protocol, TargetType: "instance" }] };
    },
    CreateListener: (input: { LoadBalancerArn: string; Port?: number; Protocol?: string; DefaultActions: Action[] }) => {
      const lb = this.loadBalancers.get(input.LoadBalancerArn) ?? fail("LoadBalancerNotFound", "One or more load balancers not found");
      const arn = `${ARN}:listener/app/${lb.name}/${lb.arn.split("/").pop()}/${this.ctx.rng.hex(16)}`;
      const listener: Listener = { arn, loadBalancerArn: lb.arn, port: input.Port ?? 80, protocol: input.Protocol ?? "HTTP", defaultActions: this.checkActions(input.DefaultActions, lb.arn) };
      this.listeners.set(arn, listener);
      return { Listeners: [this.viewListener(listener)] };
    },
    CreateRule: (input: { ListenerArn: string; Priority: number; Conditions?: Rule["Conditions"]; Actions: Action[] }) => {
      const listener = this.listener(input.ListenerArn);
      const arn = `${listener.arn.replace(":listener/", ":listener-rule/")}/${this.ctx.rng.hex(16)}`;
      const rule = { RuleArn: arn, listenerArn: listener.arn, Priority: String(input.Priority), Conditions: input.Conditions ?? [], Actions: this.checkActions(input.Actions, listener.loadBalancerArn), IsDefault: false };
      this.rules.set(arn, rule);
      return { Rules: [viewRule(rule)] };
    },
    DescribeListeners: (input: { ListenerArns?: string[]; LoadBalancerArn?: string }) => {
      const found = input.ListenerArns?.length ? input.ListenerArns.map((arn) => this.listener(arn)) : [...this.listeners.values()].filter((l) => l.loadBalancerArn === input.LoadBalancerArn);
      return { Listeners: found.map((listener) => this.viewListener(listener)) };
    },
    DescribeRules: (input: { RuleArns?: string[]; ListenerArn?: string }) => {
      if (input.RuleArns?.length) return { Rules: input.RuleArns.map((arn) => viewRule(this.rule(arn))) };
      const listener = this.listener(input.ListenerArn ?? "");
      const own = [...this.rules.values()].filter((rule) => rule.listenerArn === listener.arn).map(viewRule);
      return { Rules: [...own, { RuleArn: `${listener.arn.replace(":listener/", ":listener-rule/")}/default`, Priority: "default", Conditions: [], Actions: listener.defaultActions, IsDefault: true }] };
    },
    ModifyListener: (input: { ListenerArn: string; DefaultActions?: Action[] }) => {
      const listener = this.listener(input.ListenerArn);
      // Unspecified properties stay; a given list replaces the old one whole (API_ModifyListener).
      if (input.DefaultActions) listener.defaultActions = this.checkActions(input.DefaultActions, listener.loadBalancerArn);
      return { Listeners: [this.viewListener(listener)] };
    },
    ModifyRule: (input: { RuleArn: string; Actions?: Action[]; Conditions?: Rule["Conditions"] }) => {
      const rule = this.rule(input.RuleArn);
      const listener = this.listener(rule.listenerArn);
      if (input.Actions) rule.Actions = this.checkActions(input.Actions, listener.loadBalancerArn);
      if (input.Conditions) rule.Conditions = input.Conditions;
      return { Rules: [viewRule(rule)] };
    },
    AddTags: (input: { ResourceArns: string[]; Tags: Tag[] }) => {
      for (const arn of input.ResourceArns) {
        this.checkResource(arn);
        const merged = new Map((this.tags.get(arn) ?? []).map((tag) => [tag.Key!, tag]));
        for (const tag of input.Tags) merged.set(tag.Key!, { Key: tag.Key!, Value: tag.Value ?? "" });
        if (merged.size > MAX_TAGS) fail("TooManyTags", "You've reached the limit on the number of tags for this resource.");
        this.tags.set(arn, [...merged.values()]);
      }
      return {};
    },
    DescribeTags: (input: { ResourceArns: string[] }) => ({
      TagDescriptions: input.ResourceArns.map((arn) => {
        this.checkResource(arn);
        return { ResourceArn: arn, Tags: (this.tags.get(arn) ?? []).map((tag) => ({ ...tag })) };
      }),
    }),
    RegisterTargets: (input: { TargetGroupArn: string; Targets: TargetDescription[] }) => {
      const group = this.targetGroup(input.TargetGroupArn);
      for (const target of input.Targets) {
        if (!/^i-[0-9a-f]+$/.test(target.Id ?? "")) fail("InvalidTarget", "The specified target does not exist, is not in the same VPC as the target group, or has an unsupported instance type.");
        group.registered.set(target.Id!, { ...(target.Port === undefined ? {} : { port: target.Port }) });
      }
      return {};
    },
    DeregisterTargets: (input: { TargetGroupArn: string; Targets: TargetDescription[] }) => {
      const group = this.targetGroup(input.TargetGroupArn);
      for (const target of input.Targets) {
        const registered = group.registered.get(target.Id ?? "");
        if (!registered) fail("InvalidTarget", "The specified target does not exist, is not in the same VPC as the target group, or has an unsupported instance type.");
        registered!.deregisteredAt ??= this.ctx.clock.now();
      }
      return {};
    },
    DescribeTargetHealth: (input: { TargetGroupArn: string; Targets?: TargetDescription[] }) => {
      const health = this.targetHealth(this.targetGroup(input.TargetGroupArn));
      const wanted = input.Targets?.map((target) => target.Id);
      return {
        TargetHealthDescriptions: health
          .filter((entry) => !wanted || wanted.includes(entry.id))
          .map((entry) => ({ Target: { Id: entry.id }, HealthCheckPort: "traffic-port", TargetHealth: { State: entry.state, ...(entry.reason ? { Reason: entry.reason, Description: entry.description } : {}) } })),
      };
    },
  };

  /** Setup helper (what AttachTrafficSources does): the group's instances become the target group's targets. */
  attachGroup(targetGroupArn: string, autoScalingGroupName: string): void {
    const group = this.targetGroup(targetGroupArn);
    if (!group.attachedGroups.includes(autoScalingGroupName)) group.attachedGroups.push(autoScalingGroupName);
  }

  /**
   * The weight of each target group the action of `actionArn` (a listener's default action, or a rule's)
   * forwards to, as the load balancer applies it now; for the traffic generator and the invariant monitor.
   * Example: `{ "arn:…:targetgroup/shop-a/…": 90, "arn:…:targetgroup/shop-b/…": 10 }`.
   */
  forwardWeights(actionArn: string): Record<string, number> {
    const actions = this.listeners.get(actionArn)?.defaultActions ?? this.rules.get(actionArn)?.Actions ?? [];
    const forward = actions.find((action) => action.Type === "forward");
    if (!forward) return {};
    const tuples = forward.ForwardConfig?.TargetGroups ?? (forward.TargetGroupArn ? [{ TargetGroupArn: forward.TargetGroupArn, Weight: 1 }] : []);
    return Object.fromEntries(tuples.map((tuple) => [tuple.TargetGroupArn!, tuple.Weight ?? 1]));
  }

  /** The target group one request goes to, chosen by weight with the seeded RNG; undefined when none has weight. */
  route(actionArn: string): string | undefined {
    const weights = Object.entries(this.forwardWeights(actionArn)).filter(([, weight]) => weight > 0);
    const total = weights.reduce((sum, [, weight]) => sum + weight, 0);
    if (total === 0) return undefined;
    let pick = this.ctx.rng.next() * total;
    for (const [arn, weight] of weights) if ((pick -= weight) < 0) return arn;
    return weights.at(-1)![0];
  }

  /** Each target of a group and its TargetHealth state, registered by hand or through an attached Auto Scaling group. */
  private targetHealth(group: TargetGroup): Array<{ id: string; state: string; reason?: string; description?: string }> {
    const now = this.ctx.clock.now();
    const entries: Array<{ id: string; state: string; reason?: string; description?: string }> = [];
    for (const [id, target] of group.registered) {
      if (target.deregisteredAt === undefined) entries.push({ id, state: "healthy" });
      else if (now < target.deregisteredAt + DEREGISTRATION_DELAY_MS) entries.push({ id, state: "draining", reason: "Target.DeregistrationInProgress", description: "Target deregistration is in progress" });
      else group.registered.delete(id);
    }
    for (const name of group.attachedGroups) {
      for (const instance of this.autoscaling.instancesOf(name)) {
        if (instance.state === "InService") entries.push({ id: instance.id, state: "healthy" });
        else if (instance.state === "Pending") entries.push({ id: instance.id, state: "initial", reason: "Elb.InitialHealthChecking", description: "Initial health checks in progress" });
        else entries.push({ id: instance.id, state: "draining", reason: "Target.DeregistrationInProgress", description: "Target deregistration is in progress" });
      }
    }
    return entries;
  }

  /** A forward action as AWS checks it (API_Action, API_ForwardActionConfig, API_TargetGroupTuple, load-balancer-limits). */
  private checkActions(actions: Action[] | undefined, loadBalancerArn: string): Action[] {
    if (!actions?.length) fail("ValidationError", "At least one action must be specified");
    for (const action of actions!) {
      if (action.Type !== "forward") continue;
      const tuples = action.ForwardConfig?.TargetGroups ?? [];
      if (!action.TargetGroupArn && tuples.length === 0) fail("ValidationError", "A target group ARN must be specified");
      if (action.TargetGroupArn && tuples.length > 0 && (tuples.length !== 1 || tuples[0]!.TargetGroupArn !== action.TargetGroupArn))
        fail("ValidationError", "You cannot specify both a target group ARN and a forward config with different target groups");
      if (tuples.length > MAX_GROUPS_PER_ACTION) fail("TooManyTargetGroups", `You've reached the limit on the number of target groups per action (${MAX_GROUPS_PER_ACTION})`);
      if (new Set(tuples.map((tuple) => tuple.TargetGroupArn)).size !== tuples.length) fail("ValidationError", "A target group can be specified only once in a forward action");
      for (const tuple of tuples) {
        if (tuple.Weight !== undefined && (!Number.isInteger(tuple.Weight) || tuple.Weight < 0 || tuple.Weight > MAX_WEIGHT))
          fail("ValidationError", `1 validation error detected: Value '${tuple.Weight}' at 'weight' failed to satisfy constraint: Member must have value between 0 and ${MAX_WEIGHT}`);
      }
      for (const arn of [action.TargetGroupArn, ...tuples.map((tuple) => tuple.TargetGroupArn)].filter((arn): arn is string => arn !== undefined)) {
        const group = this.targetGroup(arn);
        if (group.loadBalancerArn && group.loadBalancerArn !== loadBalancerArn) fail("TargetGroupAssociationLimit", "The following target groups cannot be associated with more than one load balancer: " + arn);
        group.loadBalancerArn = loadBalancerArn;
      }
    }
    return structuredClone(actions!);
  }

  private listener(arn: string): Listener {
    return this.listeners.get(arn) ?? fail("ListenerNotFound", "One or more listeners not found");
  }

  private rule(arn: string) {
    return this.rules.get(arn) ?? fail("RuleNotFound", "One or more rules not found");
  }

  private targetGroup(arn: string): TargetGroup {
    return this.targetGroups.get(arn) ?? fail("TargetGroupNotFound", "One or more target groups not found");
  }

  private checkResource(arn: string): void {
    if (this.listeners.has(arn) || this.rules.has(arn) || this.targetGroups.has(arn) || this.loadBalancers.has(arn)) return;
    if (arn.includes(":listener-rule/")) fail("RuleNotFound", "One or more rules not found");
    if (arn.includes(":listener/")) fail("ListenerNotFound", "One or more listeners not found");
    if (arn.includes(":targetgroup/")) fail("TargetGroupNotFound", "One or more target groups not found");
    fail("LoadBalancerNotFound", "One or more load balancers not found");
  }

  private viewListener(listener: Listener) {
    return { ListenerArn: listener.arn, LoadBalancerArn: listener.loadBalancerArn, Port: listener.port, Protocol: listener.protocol, DefaultActions: structuredClone(listener.defaultActions) };
  }
}

function viewRule(rule: Rule & { listenerArn?: string }): Rule {
  const { listenerArn: _listener, ...view } = rule;
  return structuredClone(view);
}
