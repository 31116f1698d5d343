// What a function may do, in one vocabulary: each capability names the adapter ports it uses. A function's
// catalog entry lists its capabilities (`uses`), and from that one list come its IAM statements
// (stacks/permissions.ts grants each capability's actions) and the adapters its handler may build.
import type { AdapterSet, Fleet, Secrets } from "./adapters/ports.ts";

export type AdapterName = keyof AdapterSet;

const CAPABILITY_ADAPTERS = {
  configRead: ["configStore"],
  configList: ["configStore"],
  configLabel: ["configStore"],
  webhookSecret: [],
  trafficRead: ["traffic"],
  trafficWrite: ["traffic"],
  trafficSync: ["traffic"],
  alarmsRead: ["alarms"],
  alarmsHistory: ["alarms"],
  // The ledger and the lease share one table and one client.
  table: ["ledger", "lease"],
  tableRead: ["ledger", "lease"],
  imagesBake: ["images"],
  imagesCheck: ["images"],
  imagesTag: ["images"],
  imagesRetire: ["images"],
  fleetLaunch: ["fleets"],
  fleetDescribe: ["fleets"],
  fleetScaleDown: ["fleets"],
  // A canary fleet smaller than the live one (canaryScale) taken to full size.
  fleetResize: ["fleets"],
  fleetImages: ["fleets"],
  // One group: starting an instance refresh (and its launch template version), reading them, rolling one back.
  fleetRefresh: ["fleets"],
  fleetRefreshRead: ["fleets"],
  fleetRefreshRollback: ["fleets"],
  fleetRefreshRestore: ["fleets"],
  // One group, immutable: creating the temporary group, putting it in service, cutting over to it, removing it.
  temporaryGroupLaunch: ["fleets"],
  temporaryGroupServe: ["fleets"],
  temporaryGroupCutOver: ["fleets"],
  temporaryGroupRemove: ["fleets"],
  // The reconciler drains and scales down idle Auto Scaling groups only (a CodeDeploy slot is RetireOldFleet's).
  autoScalingDescribe: ["fleets"],
  autoScalingScaleDown: ["fleets"],
  executionsStart: ["executions"],
  executionsStop: ["executions"],
  // Whether the execution holding a lease has ended (the reconciler sweeps one whose cleanup never ran).
  executionsDescribe: ["executions"],
  // Failing a deployment's task-token wait (the circuit breaker ends a bake or an approval at once).
  executionsFail: ["executions"],
  // Ending an image wait once its image is built (the image's state-change event, or the wait finding it built).
  executionsSucceed: ["executions"],
  // Plain HTTP to the slot's endpoint: no AWS permission at all.
  httpProbe: ["probe"],
  // Lifecycle events (PutEvents) on Glidepath's event bus.
  eventsPublish: ["events"],
  // A flag release reads the app/env's flag document and writes its next version.
  flagsRead: ["flags"],
  flagsWrite: ["flags"],
} as const satisfies Record<string, readonly AdapterName[]>;

export type Capability = keyof typeof CAPABILITY_ADAPTERS;

/** The adapter ports a list of capabilities needs. Example: `["trafficRead", "table"]` → `["traffic", "ledger", "lease"]`. */
export function adaptersFor(uses: readonly Capability[]): AdapterName[] {
  return [...new Set(uses.flatMap((capability) => CAPABILITY_ADAPTERS[capability]))].sort();
}

/**
 * Every port a function's code can call, by the name it is reached under: `fleets` is the config's provider's
 * Fleet (`fleetFor(…)`), `autoScalingFleet` the Auto Scaling one named directly (`fleets.autoscaling`).
 */
type Ports = Omit<AdapterSet, "fleets"> & { fleets: Fleet; autoScalingFleet: Fleet; secrets: Secrets };
export type PortMethod = { [P in keyof Ports]: `${P}.${keyof Ports[P] & string}` }[keyof Ports];

/**
 * The capabilities a call needs granted, every one of them (its IAM actions come from those capabilities);
 * null for a method no deployed function may call. `table` includes `tableRead`'s reads.
 * Example: `configStore.list` (SSM GetParametersByPath) needs `configList`, so a function whose code lists
 * configs must have `configList` in its catalog `uses`, or AWS answers AccessDenied.
 */
export const METHOD_CAPABILITIES = {
  "traffic.readWeights": ["trafficRead"],
  // A weight write reads the fence it replaces first (core/fence.ts).
  "traffic.setWeights": ["trafficRead", "trafficWrite"],
  "traffic.fence": ["trafficRead", "trafficWrite"],
  "traffic.changeStatus": ["trafficSync"],
  "alarms.states": ["alarmsRead"],
  "alarms.history": ["alarmsHistory"],
  "configStore.load": ["configRead"],
  "configStore.list": ["configList"],
  "configStore.label": ["configLabel"],
  "secrets.read": ["webhookSecret"],
  "images.createImage": ["imagesBake"],
  "images.startPipeline": ["imagesBake"],
  "images.pipelineImage": ["imagesCheck"],
  "images.describeImage": ["imagesCheck"],
  "images.tagImage": ["imagesTag"],
  "images.listImages": ["imagesRetire"],
  "images.retireImage": ["imagesRetire"],
  "fleets.deploy": ["fleetLaunch"],
  "fleets.status": ["fleetDescribe"],
  "fleets.scaleDown": ["fleetScaleDown"],
  "fleets.resize": ["fleetResize"],
  "fleets.launchImages": ["fleetImages"],
  // Starting a refresh makes the launch template version and reads the refreshes first (a retried invocation).
  "fleets.startRefresh": ["fleetRefresh", "fleetRefreshRead"],
  "fleets.refreshStatus": ["fleetRefreshRead"],
  "fleets.rollBackRefresh": ["fleetRefreshRollback", "fleetRefreshRead"],
  "fleets.restoreRefresh": ["fleetRefreshRestore", "fleetRefreshRead"],
  "fleets.launchTemporaryGroup": ["temporaryGroupLaunch"],
  "fleets.serveTemporaryGroup": ["temporaryGroupServe"],
  "fleets.cutOver": ["temporaryGroupCutOver"],
  "fleets.removeTemporaryGroup": ["temporaryGroupRemove"],
  "autoScalingFleet.status": ["autoScalingDescribe"],
  "autoScalingFleet.scaleDown": ["autoScalingScaleDown"],
  "autoScalingFleet.resize": null,
  // No function deploys or reads images through the Auto Scaling fleet by name.
  "autoScalingFleet.deploy": null,
  "autoScalingFleet.launchImages": null,
  "autoScalingFleet.startRefresh": null,
  "autoScalingFleet.refreshStatus": null,
  "autoScalingFleet.rollBackRefresh": null,
  "autoScalingFleet.restoreRefresh": null,
  "autoScalingFleet.launchTemporaryGroup": null,
  "autoScalingFleet.serveTemporaryGroup": null,
  "autoScalingFleet.cutOver": null,
  // Cleanup and the reconciler's sweep delete a temporary group left behind (its deployment ended).
  "autoScalingFleet.removeTemporaryGroup": ["temporaryGroupRemove"],
  "ledger.getLive": ["tableRead"],
  "ledger.getDeployment": ["tableRead"],
  "ledger.listDeployments": ["tableRead"],
  "ledger.setLive": ["table"],
  "ledger.createDeployment": ["table"],
  "ledger.appendStep": ["table"],
  "ledger.finishDeployment": ["table"],
  "ledger.recordControl": ["table"],
  "ledger.recordImage": ["table"],
  "ledger.recordImageWait": ["table"],
  "ledger.getImageWait": ["tableRead"],
  "ledger.getPush": ["tableRead"],
  "ledger.pushesOnTopOf": ["tableRead"],
  "ledger.failedPushes": ["tableRead"],
  "ledger.getPending": ["tableRead"],
  "ledger.recordPush": ["table"],
  "ledger.markPush": ["table"],
  "ledger.replacePending": ["table"],
  "ledger.clearPending": ["table"],
  "lease.current": ["tableRead"],
  "lease.read": ["tableRead"],
  "lease.latestToken": ["tableRead"],
  "lease.acquire": ["table"],
  "lease.renew": ["table"],
  "lease.release": ["table"],
  "probe.run": ["httpProbe"],
  "executions.start": ["executionsStart"],
  "executions.stop": ["executionsStop"],
  "executions.describe": ["executionsDescribe"],
  "executions.sendTaskFailure": ["executionsFail"],
  // Approve and promote end a wait with the operator's own credentials; a function does only for the image wait.
  "executions.sendTaskSuccess": ["executionsSucceed"],
  "events.publish": ["eventsPublish"],
  "flags.latest": ["flagsRead"],
  "flags.at": ["flagsRead"],
  "flags.put": ["flagsWrite"],
} as const satisfies Record<PortMethod, readonly Capability[] | null>;

/**
 * The calls a function may make with these capabilities. Example: `["configRead", "table"]` grants
 * `configStore.load`, every ledger and lease method, and not `configStore.list`.
 */
export function grantedMethods(uses: readonly Capability[]): Set<PortMethod> {
  const held = new Set<Capability>(uses.includes("table") ? [...uses, "tableRead"] : uses);
  return new Set(
    (Object.entries(METHOD_CAPABILITIES) as Array<[PortMethod, readonly Capability[] | null]>)
      .filter(([, needed]) => needed !== null && needed.every((capability) => held.has(capability)))
      .map(([method]) => method),
  );
}
