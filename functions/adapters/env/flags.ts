// The flag store from an SSM client, under GLIDEPATH_CONFIG_PREFIX (flag documents live next to the configs).
import { SSMClient } from "@aws-sdk/client-ssm";
import { makeSsmFlagStore, type FlagStore } from "../../flags/flag-store.ts";
import { configPrefixFrom } from "./vars.ts";

export function fromSsmFlags(env: NodeJS.ProcessEnv = process.env): { flags: FlagStore } {
  return { flags: makeSsmFlagStore(new SSMClient({}), configPrefixFrom(env)) };
}
