// The config store from an SSM client, under GLIDEPATH_CONFIG_PREFIX.
import { SSMClient } from "@aws-sdk/client-ssm";
import type { ConfigStore } from "../ports.ts";
import { makeSsmConfigStore } from "../ssm.ts";
import { configPrefixFrom } from "./vars.ts";

export function fromSsm(env: NodeJS.ProcessEnv = process.env): { configStore: ConfigStore } {
  return { configStore: makeSsmConfigStore(new SSMClient({}), configPrefixFrom(env)) };
}
