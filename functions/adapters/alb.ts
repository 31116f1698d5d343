// An Application Load Balancer's weighted forward action of one app/env: read both target groups' weights,
// write both in one ModifyListener (the listener's default action) or ModifyRule, fenced by the lease's token.
//
// ELBv2 has no conditional write, so the fence (core/fence.ts) is a tag on the listener or rule, `glidepath:fence`,
// naming the last writer and the weights it wrote: a writer reads it and refuses to write when it is outranked,
// puts its own up, writes the action, then reads the fence again. If a writer that outranks it tagged in between,
// its action may have landed over theirs: it writes back the weights their fence names and fails with
// StaleLeaseError. So a stopped deployment's late write is refused, or undone by the writer itself at once.
// A move takes effect on the next request (no resolver caches): its change id is INSYNC from the start.
import {
  type Action,
  AddTagsCommand,
  DescribeListenersCommand,
  DescribeRulesCommand,
  DescribeTagsCommand,
  type ElasticLoadBalancingV2Client,
  ModifyListenerCommand,
  ModifyRuleCommand,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import type { Weights } from "../core/model.ts";
import { alreadyFenced, describeWriter, mayWrite, type WeightWriter } from "../core/fence.ts";
import { InvalidChangeBatchError, StaleLeaseError } from "../errors.ts";
import { ALB_CHANGE_PREFIX } from "./alb-change.ts";
import { callAws } from "./errors.ts";
import type { AlbTarget, ChangeStatus, Traffic, WeightedRecords } from "./ports.ts";

/** The tag on the listener or rule that names the last writer and its weights. */
const FENCE_TAG_KEY = "glidepath:fence";
/** A forward action's weight range (API_TargetGroupTuple). */
const MAX_WEIGHT = 999;
/** Writes of the fence and action before giving up on a fence that keeps moving. */
const FENCE_ATTEMPTS = 3;

interface Fence {
  writer: WeightWriter;
  weights: Weights | null;
}

/**
 * The fence tag's value. Tag values allow letters, digits, spaces and `_.:/=+-@` only (and 256 characters).
 * Example: `glidepath holder 7 by shop-api-prod-ab12 weights a=0 b=100`.
 */
export function fenceTagValue(writer: WeightWriter, weights: Weights | null): string {
  const by = writer.by.replace(/[^\p{L}\p{N} _.:/=+\-@]/gu, " ").replace(/ +/g, " ").trim().slice(0, 160);
  return `glidepath ${writer.role} ${writer.token} by ${by}${weights ? ` weights a=${weights.a} b=${weights.b}` : ""}`;
}

/** The writer and weights a fence tag names, or null when the value is not one of ours (anyone may replace it). */
export function parseFenceTag(value: string): Fence | null {
  const match = /^glidepath (holder|sweeper) (\d+) by (.*?)(?: weights a=(\d+) b=(\d+))?$/.exec(value);
  if (!match) return null;
  const writer: WeightWriter = { role: match[1] as WeightWriter["role"], token: Number(match[2]), by: match[3]! };
  return { writer, weights: match[4] === undefined ? null : { a: Number(match[4]), b: Number(match[5]) } };
}

const where = (target: AlbTarget): string => target.ruleArn ?? target.listenerArn ?? "";

/** A deterministic id naming what was written: `alb:<listener or rule id>:<role>-<token>:<a>-<b>`. */
const changeIdOf = (target: AlbTarget, writer: WeightWriter, weights: Weights | null): string =>
  `${ALB_CHANGE_PREFIX}${where(target).split("/").slice(-1)[0]}:${writer.role}-${writer.token}:${weights ? `${weights.a}-${weights.b}` : "fence"}`;

export function makeAlbTraffic(elbv2: ElasticLoadBalancingV2Client): Traffic<AlbTarget> {
  /** The actions of the listener's default rule or of the rule, as stored. */
  async function readActions(target: AlbTarget): Promise<Action[]> {
    if (target.ruleArn) {
      const ruleArn = target.ruleArn;
      const found = await callAws("ELBv2 DescribeRules", () => elbv2.send(new DescribeRulesCommand({ RuleArns: [ruleArn] })));
      return found.Rules?.[0]?.Actions ?? [];
    }
    const listenerArn = target.listenerArn!;
    const found = await callAws("ELBv2 DescribeListeners", () => elbv2.send(new DescribeListenersCommand({ ListenerArns: [listenerArn] })));
    return found.Listeners?.[0]?.DefaultActions ?? [];
  }

  async function readFence(target: AlbTarget): Promise<{ value: string | null; fence: Fence | null }> {
    const arn = where(target);
    const found = await callAws("ELBv2 DescribeTags", () => elbv2.send(new DescribeTagsCommand({ ResourceArns: [arn] })));
    const value = found.TagDescriptions?.[0]?.Tags?.find((tag) => tag.Key === FENCE_TAG_KEY)?.Value ?? null;
    return { value, fence: value === null ? null : parseFenceTag(value) };
  }

  async function putFence(target: AlbTarget, writer: WeightWriter, weights: Weights | null): Promise<void> {
    const arn = where(target);
    await callAws("ELBv2 AddTags", () => elbv2.send(new AddTagsCommand({ ResourceArns: [arn], Tags: [{ Key: FENCE_TAG_KEY, Value: fenceTagValue(writer, weights) }] })));
  }

  /** Replaces the forward action's target groups with both slots' at `weights`; every other action (and stickiness) stays. */
  async function writeAction(target: AlbTarget, weights: Weights): Promise<void> {
    const current = await readActions(target);
    const forward: Action = {
      Type: "forward",
      ForwardConfig: {
        TargetGroups: [
          { TargetGroupArn: target.targetGroups.a, Weight: weights.a },
          { TargetGroupArn: target.targetGroups.b, Weight: weights.b },
        ],
        ...(current.find((action) => action.Type === "forward")?.ForwardConfig?.TargetGroupStickinessConfig
          ? { TargetGroupStickinessConfig: current.find((action) => action.Type === "forward")!.ForwardConfig!.TargetGroupStickinessConfig! }
          : {}),
      },
    };
    const order = current.find((action) => action.Type === "forward")?.Order;
    const actions = current.some((action) => action.Type === "forward")
      ? current.map((action) => (action.Type === "forward" ? { ...forward, ...(order === undefined ? {} : { Order: order }) } : action))
      : [forward];
    if (target.ruleArn) {
      const ruleArn = target.ruleArn;
      await callAws("ELBv2 ModifyRule", () => elbv2.send(new ModifyRuleCommand({ RuleArn: ruleArn, Actions: actions })));
    } else {
      const listenerArn = target.listenerArn!;
      await callAws("ELBv2 ModifyListener", () => elbv2.send(new ModifyListenerCommand({ ListenerArn: listenerArn, DefaultActions: actions })));
    }
  }

  async function weightsNow(target: AlbTarget): Promise<Weights | null> {
    const { weights } = await traffic.readWeights(target);
    return weights.a === null || weights.b === null ? null : { a: weights.a, b: weights.b };
  }

  const traffic: Traffic<AlbTarget> = {
    async readWeights(target: AlbTarget): Promise<WeightedRecords> {
      const forward = (await readActions(target)).find((action) => action.Type === "forward");
      const result: WeightedRecords = { weights: { a: null, b: null }, endpoints: { a: null, b: null }, ttl: null };
      if (!forward) return result;
      const groups = forward.ForwardConfig?.TargetGroups ?? (forward.TargetGroupArn ? [{ TargetGroupArn: forward.TargetGroupArn, Weight: 1 }] : []);
      for (const slot of ["a", "b"] as const) {
        const group = groups.find((tuple) => tuple.TargetGroupArn === target.targetGroups[slot]);
        // A group the action does not forward to gets no requests: weight 0 (the ALB has no "missing" state).
        result.weights[slot] = group ? (group.Weight ?? 1) : 0;
        result.endpoints[slot] = group ? target.targetGroups[slot] : null;
      }
      return result;
    },

    async setWeights(target: AlbTarget, weights: Weights, _endpoints: { a: string; b: string }, writer: WeightWriter) {
      for (const slot of ["a", "b"] as const) {
        if (!Number.isInteger(weights[slot]) || weights[slot] < 0 || weights[slot] > MAX_WEIGHT)
          throw new InvalidChangeBatchError(`ELBv2 forward action: weight ${weights[slot]} of slot ${slot} is not an integer 0–${MAX_WEIGHT}`);
      }
      // With both at 0 the ALB would send requests nowhere (each target group gets its weight's share): never written.
      if (weights.a === 0 && weights.b === 0) throw new InvalidChangeBatchError("ELBv2 forward action: both weights 0 would leave no target group to forward to");
      const what = `weights a=${weights.a} b=${weights.b}`;
      for (let attempt = 1; ; attempt++) {
        const { fence: found } = await readFence(target);
        if (!mayWrite(writer, found?.writer ?? null))
          throw new StaleLeaseError(`${describeWriter(writer)} may not write ${what}: the fence tag of ${where(target)} names ${describeWriter(found!.writer)}, which outranks it`);
        await putFence(target, writer, weights);
        await writeAction(target, weights);
        const { fence: after } = await readFence(target);
        if (after && after.writer.role === writer.role && after.writer.token === writer.token) return { changeId: changeIdOf(target, writer, weights) };
        if (after && !mayWrite(writer, after.writer)) {
          // Outranked while writing: our action may have landed over theirs, so put back what their fence says.
          if (after.weights) await writeAction(target, after.weights);
          throw new StaleLeaseError(`${describeWriter(writer)} lost the fence of ${where(target)} to ${describeWriter(after.writer)} while writing ${what}; its weights were put back`);
        }
        // A lower or foreign fence went up meanwhile: ours must be the last one standing, so write again.
        if (attempt >= FENCE_ATTEMPTS) throw new InvalidChangeBatchError(`the fence tag of ${where(target)} kept changing while ${describeWriter(writer)} wrote ${what}`);
      }
    },

    async fence(target: AlbTarget, writer: WeightWriter) {
      const { fence: found } = await readFence(target);
      if (!mayWrite(writer, found?.writer ?? null))
        throw new StaleLeaseError(`${describeWriter(writer)} may not fence ${where(target)}: its fence tag names ${describeWriter(found!.writer)}, which outranks it`);
      if (alreadyFenced(writer, found?.writer ?? null)) return { changeId: null };
      const weights = await weightsNow(target);
      await putFence(target, writer, weights);
      return { changeId: changeIdOf(target, writer, null) };
    },

    async changeStatus(): Promise<ChangeStatus> {
      return "INSYNC";
    },
  };
  return traffic;
}
