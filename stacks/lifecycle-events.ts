// Glidepath's own event bus (lifecycle events: functions/core/lifecycle-events.ts) and, when asked for, an SNS
// topic that a rule on that bus feeds with the deployments that did not go live (rolled back, aborted).
// Subscribe people or chat to the topic; other systems put their own rules on the bus.
import { deploymentNotLivePattern } from "./event-patterns.ts";
import { eventBusName } from "./names.ts";

export interface LifecycleEventOptions {
  stage: string;
  /** Create the notification topic and its rule (`GLIDEPATH_NOTIFICATIONS=sns` at deploy time). */
  notifications: boolean;
}

export function createLifecycleEvents({ stage, notifications }: LifecycleEventOptions) {
  // Its own bus, not the account's default: the functions' PutEvents grant names this bus alone.
  const bus = new aws.cloudwatch.EventBus("LifecycleEvents", { name: eventBusName(stage) });
  if (!notifications) return { bus, topic: undefined };

  const topic = new aws.sns.Topic("DeploymentNotLive", { name: `glidepath-${stage}-not-live` });
  const rule = new aws.cloudwatch.EventRule("DeploymentNotLive", {
    eventBusName: bus.name,
    eventPattern: JSON.stringify(deploymentNotLivePattern()),
    description: `Glidepath ${stage}: deployments rolled back or aborted → SNS`,
  });
  new aws.cloudwatch.EventTarget("DeploymentNotLiveTarget", { rule: rule.name, eventBusName: bus.name, arn: topic.arn });
  // EventBridge publishes to the topic only for this rule (aws:SourceArn), as the SNS target documentation asks.
  new aws.sns.TopicPolicy("DeploymentNotLivePolicy", {
    arn: topic.arn,
    policy: $jsonStringify({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "EventBridgeRule",
          Effect: "Allow",
          Principal: { Service: "events.amazonaws.com" },
          Action: "sns:Publish",
          Resource: topic.arn,
          Condition: { ArnEquals: { "aws:SourceArn": rule.arn } },
        },
      ],
    }),
  });
  return { bus, topic };
}
