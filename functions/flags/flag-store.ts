// The flag document's store: SSM Parameter Store, one String parameter per app/env, every write a new version.
// The CLI (`glidepath flag`) and the flag release's Task read and write through it; services read through the
// flags client instead, which must not depend on this file's SDK import.
import { GetParameterCommand, PutParameterCommand, type SSMClient } from "@aws-sdk/client-ssm";
import { awsErrorName, callAws } from "../adapters/errors.ts";
import { DEFAULT_PARAMETER_PREFIX } from "../core/naming.ts";
import { ConfigInvalidError, ConfigNotFoundError } from "../errors.ts";
import { flagDocumentText, flagsParameterName, parseFlagDocumentText, type FlagDocument } from "./document.ts";

/** SSM's longest parameter Description. */
const DESCRIPTION_LIMIT = 1024;

export interface StoredFlags {
  version: number;
  document: FlagDocument;
}

export interface FlagStore {
  /** The latest version, or null when the app/env has no flag document yet. */
  latest(app: string, env: string): Promise<StoredFlags | null>;
  /** One kept version; ConfigNotFoundError when SSM no longer keeps it (it keeps the last 100). */
  at(app: string, env: string, version: number): Promise<StoredFlags>;
  /**
   * Stores the document as the next version (the first when there is none) and returns that version. `note`
   * (who changed what, and why) becomes the version's SSM Description, which the parameter's history shows.
   */
  put(app: string, env: string, document: FlagDocument, note: string): Promise<number>;
}

export function makeSsmFlagStore(ssm: Pick<SSMClient, "send">, prefix: string = DEFAULT_PARAMETER_PREFIX): FlagStore {
  const nameOf = (app: string, env: string) => flagsParameterName(app, env, prefix);
  const read = async (selector: string): Promise<StoredFlags | null> => {
    const answer = await callAws(`SSM GetParameter ${selector}`, () => ssm.send(new GetParameterCommand({ Name: selector }))).catch((error: unknown) => {
      const code = awsErrorName(error);
      if (code === "ParameterNotFound" || code === "ParameterVersionNotFound") return null;
      throw error;
    });
    if (!answer?.Parameter) return null;
    const parsed = parseFlagDocumentText(answer.Parameter.Value ?? "");
    // A document written around Glidepath (the console, a script) is refused by name, as the client ignores it.
    if (!parsed.ok) throw new ConfigInvalidError(parsed.problems, `SSM parameter ${selector} (version ${answer.Parameter.Version})`);
    return { version: answer.Parameter.Version ?? 0, document: parsed.document };
  };
  return {
    latest: (app, env) => read(nameOf(app, env)),
    async at(app, env, version) {
      const found = await read(`${nameOf(app, env)}:${version}`);
      if (!found) throw new ConfigNotFoundError(`${app}/${env} has no flag document version ${version} (SSM keeps the last 100)`);
      return found;
    },
    async put(app, env, document, note) {
      const name = nameOf(app, env);
      const Description = note.length > DESCRIPTION_LIMIT ? `${note.slice(0, DESCRIPTION_LIMIT - 1)}…` : note;
      const answer = await callAws(`SSM PutParameter ${name}`, () =>
        ssm.send(new PutParameterCommand({ Name: name, Value: flagDocumentText(document), Type: "String", Overwrite: true, Description })),
      );
      if (answer.Version === undefined) throw new Error(`SSM PutParameter ${name} answered without a version`);
      return answer.Version;
    },
  };
}
