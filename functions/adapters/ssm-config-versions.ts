// The operator's side of the config store over SSM Parameter Store: every kept version of an app/env's config
// (GetParameterHistory) and writing the next one (PutParameter). `glidepath config` reads and writes through it.
import { GetParameterHistoryCommand, PutParameterCommand, type SSMClient } from "@aws-sdk/client-ssm";
import { configParameterName, DEFAULT_PARAMETER_PREFIX } from "../core/naming.ts";
import { ConfigNotFoundError } from "../errors.ts";
import { awsErrorName, callAws } from "./errors.ts";
import type { ConfigVersion, ConfigVersions } from "./ports.ts";

/** GetParameterHistory's largest page: 100 kept versions take two calls. */
const HISTORY_PAGE = 50;

export function makeSsmConfigVersions(ssm: Pick<SSMClient, "send">, prefix: string = DEFAULT_PARAMETER_PREFIX): ConfigVersions {
  const root = prefix.replace(/\/+$/, "");
  return {
    async history(app, env) {
      const name = configParameterName(app, env, root);
      const versions: ConfigVersion[] = [];
      let nextToken: string | undefined;
      do {
        const page = await callAws(`SSM GetParameterHistory ${name}`, () =>
          ssm.send(new GetParameterHistoryCommand({ Name: name, WithDecryption: true, MaxResults: HISTORY_PAGE, ...(nextToken ? { NextToken: nextToken } : {}) })),
        ).catch((error: unknown) => {
          if (awsErrorName(error) === "ParameterNotFound") throw new ConfigNotFoundError(`no config for ${app}/${env}: SSM parameter ${name} does not exist`);
          throw error;
        });
        for (const parameter of page.Parameters ?? []) {
          versions.push({
            version: parameter.Version ?? 0,
            text: parameter.Value ?? "",
            lastModified: (parameter.LastModifiedDate ?? new Date(0)).toISOString(),
            modifiedBy: parameter.LastModifiedUser ?? null,
            labels: parameter.Labels ?? [],
          });
        }
        nextToken = page.NextToken;
      } while (nextToken);
      return versions.sort((x, y) => x.version - y.version);
    },

    async put(app, env, text) {
      const name = configParameterName(app, env, root);
      const answer = await callAws(`SSM PutParameter ${name}`, () => ssm.send(new PutParameterCommand({ Name: name, Value: text, Type: "String", Overwrite: true })));
      if (answer.Version === undefined) throw new Error(`SSM PutParameter ${name} answered without a version`);
      return answer.Version;
    },
  };
}
