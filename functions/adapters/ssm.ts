// SSM Parameter Store: each app/env's config document (`<prefix>/<app>/<env>/config`, JSON) and its version,
// and SecureString secrets.
import { GetParameterCommand, GetParametersByPathCommand, LabelParameterVersionCommand, type SSMClient } from "@aws-sdk/client-ssm";
import { ConfigInvalidError, ConfigNotFoundError, ThrottledError } from "../errors.ts";
import { awsErrorName, callAws } from "./errors.ts";
import type { Clock, ConfigStore, Secrets } from "./ports.ts";
import { configParameterName, DEFAULT_PARAMETER_PREFIX, parseConfigParameterName } from "../core/naming.ts";

/** The parameter path every config lives under unless the environment says otherwise. */
export const DEFAULT_CONFIG_PREFIX = DEFAULT_PARAMETER_PREFIX;

function trimSlash(prefix: string): string {
  return prefix.replace(/\/+$/, "");
}

export function makeSsmConfigStore(ssm: SSMClient, prefix: string = DEFAULT_CONFIG_PREFIX): ConfigStore {
  const root = trimSlash(prefix);
  return {
    async load(app: string, env: string, version?: number) {
      const name = configParameterName(app, env, root);
      const selector = version === undefined ? name : `${name}:${version}`;
      const response = await callAws(`SSM GetParameter ${selector}`, () =>
        ssm.send(new GetParameterCommand({ Name: selector, WithDecryption: true })),
      ).catch((error: unknown) => {
        const code = awsErrorName(error);
        if (code === "ParameterNotFound" || code === "ParameterVersionNotFound")
          throw new ConfigNotFoundError(`no config for ${app}/${env}: SSM parameter ${selector} does not exist`);
        throw error;
      });
      const parameter = response.Parameter;
      if (parameter?.Value === undefined) throw new ConfigNotFoundError(`SSM parameter ${selector} has no value`);
      let document: unknown;
      try {
        document = JSON.parse(parameter.Value);
      } catch (error) {
        throw new ConfigInvalidError([`(root): not valid JSON (${(error as Error).message})`], `SSM parameter ${selector}`);
      }
      return { document, version: parameter.Version ?? version ?? 0 };
    },

    async list() {
      const found: Array<{ app: string; env: string }> = [];
      let nextToken: string | undefined;
      // SSM may return an empty page that still carries a NextToken: only a missing token ends the listing.
      do {
        const page = await callAws(`SSM GetParametersByPath ${root}`, () =>
          ssm.send(new GetParametersByPathCommand({ Path: root, Recursive: true, ...(nextToken ? { NextToken: nextToken } : {}) })),
        );
        for (const parameter of page.Parameters ?? []) {
          const parsed = parseConfigParameterName(parameter.Name ?? "", root);
          if (parsed) found.push(parsed);
        }
        nextToken = page.NextToken;
      } while (nextToken);
      return found;
    },

    async label(app: string, env: string, version: number, label: string) {
      const name = configParameterName(app, env, root);
      try {
        const answer = await callAws(`SSM LabelParameterVersion ${name}:${version} ${label}`, () =>
          ssm.send(new LabelParameterVersionCommand({ Name: name, ParameterVersion: version, Labels: [label] })),
        );
        // A label breaking SSM's naming rules is not applied and comes back here, without an error.
        if (answer.InvalidLabels?.length) return { refused: `SSM refused the label ${label}: at most 100 letters, digits, . - _, not starting with a digit, aws or ssm` };
        return { refused: null };
      } catch (error) {
        const code = awsErrorName(error);
        if (code === "ParameterVersionLabelLimitExceeded") return { refused: `version ${version} of ${name} already carries SSM's maximum of 10 labels` };
        // Two deployments of one app/env (one queued behind the other) may label the parameter at once: SSM
        // takes one update at a time, so the other is retried as throttling is, rather than failing its deployment.
        if (code === "TooManyUpdates") throw new ThrottledError(`SSM LabelParameterVersion ${name}: another update of its labels is in progress (TooManyUpdates)`);
        throw error;
      }
    },
  };
}

/**
 * How long a read secret is reused. A warm Lambda should not call SSM (about 40 GetParameter calls per second,
 * shared by everything in the account) on every push, yet a rotated secret should take effect within minutes.
 */
export const SECRET_CACHE_SECONDS = 300;

/** Secrets as SSM SecureString parameters, decrypted on read and cached for `SECRET_CACHE_SECONDS`. */
export function makeSsmSecrets(ssm: Pick<SSMClient, "send">, clock: Clock): Secrets {
  const cached = new Map<string, { value: string; until: number }>();
  return {
    async read(name: string) {
      const hit = cached.get(name);
      if (hit && clock.now() < hit.until) return hit.value;
      const response = await callAws(`SSM GetParameter ${name}`, () => ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }))).catch(
        (error: unknown) => {
          if (awsErrorName(error) === "ParameterNotFound") throw new Error(`SSM parameter ${name} does not exist; put the secret there as a SecureString`);
          throw error;
        },
      );
      const value = response.Parameter?.Value;
      if (!value) throw new Error(`SSM parameter ${name} has no value; put the secret there as a SecureString`);
      cached.set(name, { value, until: clock.now() + SECRET_CACHE_SECONDS * 1000 });
      return value;
    },
  };
}
