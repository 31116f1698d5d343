// EC2's and Image Builder's image state-change events → the image-state-change handler, as the stacks' rules
// route them on AWS (stacks/event-patterns.ts): only a finished bake's event reaches it, as an async
// invocation with Lambda's retries, at the virtual instant the service sent it. Best effort: a scenario can
// lose one, and then only the image wait's fallback timeout moves the deployment on.
import { makeImageStateChange } from "../../functions/events/image-state-change.ts";
import { EC2_IMAGE_EVENT, imageEventOf } from "../../functions/core/image-events.ts";
import type { TaskDeps } from "../../functions/task-support/deps.ts";
import type { ServiceEvent } from "../sim/eventbridge.ts";
import type { Simulator } from "../sim/index.ts";
import { runAs } from "./execution-scope.ts";
import { asFunction } from "./function-scope.ts";
import type { Pacer } from "./pacer.ts";
import { withAsyncInvokeRetries, type RunEvent } from "./runner.ts";

/** Whether EventBridge delivers an image event, told what names the bake (its image's name and tags, its build's client token). */
export type DeliverImageEvent = (mentions: string[]) => boolean;

export function wireImageEvents(sim: Simulator, deps: TaskDeps, onEvent: (event: RunEvent) => void, pacer: Pacer, deliver: DeliverImageEvent): void {
  const handler = makeImageStateChange({ ledger: deps.adapters.ledger, executions: deps.adapters.executions });
  const report = (text: string) => onEvent({ t: deps.clock.now(), execution: "-", state: "Image state change", kind: "deploy", text });
  sim.eventbridge.onServiceEvent((event: ServiceEvent) => {
    // The rules' patterns pass only a finished bake's event (core/image-events.ts says which).
    const change = imageEventOf(event);
    if (!change) return;
    const mentions = event.source === EC2_IMAGE_EVENT.source ? sim.ec2.imageMentions(change.key) : sim.imagebuilder.buildMentions(change.key);
    if (!deliver(mentions)) return report(`the ${event["detail-type"]} event of ${change.key} (${change.state}) was lost on its way to the image wait`);
    // Its own timeline: it acts at the virtual instant the image changed, while the execution sleeps in its wait.
    void pacer.timeline(() =>
      withAsyncInvokeRetries(pacer, (error) => report(`image-state-change failed, Lambda retries the async invocation: ${error.message}`), () => runAs("image state change", () => asFunction("imageStateChange", () => handler(event)))).then(
        (result) => result.outcome === "resumed" && report(result.reason),
        // Out of retries: the wait's fallback timeout still moves the deployment on.
        (error: Error) => report(`image-state-change gave up: ${error.message}`),
      ),
    );
  });
}
