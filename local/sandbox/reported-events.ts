// The sandbox's lifecycle events port: the deployed adapter, plus a progress line when a publish fails, so a
// run's live view and report say which events were lost and that the deployment went on (on AWS, the
// function's log line says so: task-support/announce.ts).
import type { LifecycleEvents } from "../../functions/adapters/ports.ts";

export function reportingFailedPublishes(events: LifecycleEvents, report: (text: string) => void): LifecycleEvents {
  return {
    async publish(batch) {
      try {
        await events.publish(batch);
      } catch (error) {
        const what = batch.map((event) => `${event.detailType} of ${event.detail.deploymentId}`).join(", ");
        report(`lifecycle event not published (${what}): ${(error as Error).message}; the deployment goes on`);
        throw error;
      }
    },
  };
}
