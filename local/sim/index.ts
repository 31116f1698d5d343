// Simulated AWS for the local sandbox and tests. See simulator.ts for the model, clients.ts for the SDK wiring.
export { Simulator, type ObservedCall } from "./simulator.ts";
export { simulatedClients, type SimulatorAnswer } from "./clients.ts";
export { advanceUntil } from "./advance-until.ts";
export type { SimTimings } from "./timings.ts";
