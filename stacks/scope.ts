// Where we deploy (partition, region, account), resolved once at the start of run() so the pure modules
// (names, permissions, patterns) can build ARNs as plain strings.
import type { AwsScope } from "./names.ts";

export async function resolveScope(): Promise<AwsScope> {
  const [identity, region, partition] = await Promise.all([aws.getCallerIdentity({}), aws.getRegion({}), aws.getPartition({})]);
  return { partition: partition.partition, region: region.region, account: identity.accountId };
}
