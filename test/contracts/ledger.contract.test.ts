// The Ledger contract against the in-memory fake and against the DynamoDB ledger on dynalite.
import { VirtualClock } from "../../local/clock.ts";
import { useDynamoStore } from "../adapters/dynamo-harness.ts";
import { FakeLease } from "../fixtures/fake-lease.ts";
import { FakeLedger } from "../fixtures/fake-ledger.ts";
import { describeLedgerContract } from "./ledger-contract.ts";

const store = useDynamoStore();

describeLedgerContract("DynamoDB ledger on dynalite", () => store);

describeLedgerContract("FakeLedger", () => {
  const clock = new VirtualClock();
  const lease = new FakeLease(clock);
  return { clock, lease, ledger: new FakeLedger(lease) };
});
