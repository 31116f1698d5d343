// The Lease contract against the in-memory fake and against the DynamoDB lease on dynalite.
import { VirtualClock } from "../../local/clock.ts";
import { useDynamoStore } from "../adapters/dynamo-harness.ts";
import { FakeLease } from "../fixtures/fake-lease.ts";
import { describeLeaseContract } from "./lease-contract.ts";

const store = useDynamoStore();

describeLeaseContract("DynamoDB lease on dynalite", () => store);

describeLeaseContract("FakeLease", () => {
  const clock = new VirtualClock();
  return { clock, lease: new FakeLease(clock) };
});
