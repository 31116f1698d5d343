// Simulated AWS for the local sandbox and tests. See simulator.ts for the model, clients.ts for the SDK wiring.
export { Simulator, type SimulatorOptions, type SimulatedCall, type ObservedCall } from "./simulator.ts";
export { simulatedClients, type SimulatedClientOptions } from "./clients.ts";
export { advanceUntil } from "./advance-until.ts";
export { FaultInjector, type InjectedFault } from "./faults.ts";
export { SimulatorUnsupportedError } from "./errors.ts";
export { defaultTimings, type SimTimings } from "./timings.ts";
export { instantRuntime, type InstanceRuntime, type LaunchedInstance } from "./instance-runtime.ts";
export type { ResolvedRecord } from "./route53.ts";
export type { AlarmTransition } from "./cloudwatch.ts";
export type { AlarmStateValue } from "./alarm-evaluation.ts";
export type { Route53Model } from "./route53.ts";
export type { CloudWatchModel } from "./cloudwatch.ts";
export type { SsmModel } from "./ssm.ts";
export type { Ec2Model } from "./ec2.ts";
export type { ImageBuilderModel } from "./imagebuilder.ts";
export type { AutoScalingModel } from "./autoscaling.ts";
export type { CodeDeployModel } from "./codedeploy.ts";
