// The flags client for Node services (`import { createFlagClient } from "glidepath/flags"`): reads the app/env's
// flag document from SSM, keeps it for `refreshSeconds`, and evaluates flags locally with stable bucketing.
// It never throws over the document: a missing, unreadable or invalid one leaves the last good document in
// use, or the defaults when there is none, and says so through `log`. The AWS SDK is loaded only when a
// client is passed (a service that gives `read` instead never loads it).
import { EMPTY_FLAG_DOCUMENT, flagsParameterName, parseFlagDocumentText, type FlagDocument } from "./document.ts";
import { evaluateFlag, type FlagContext, type FlagEvaluation } from "./evaluate.ts";

export type { FlagContext, FlagEvaluation, FlagReason } from "./evaluate.ts";
export type { Flag, FlagDocument } from "./document.ts";

/** Anything with an SDK v3 `send`: an SSMClient. Typed loosely so this module imports nothing from the SDK. */
export interface SsmSender {
  send(command: any): Promise<any>;
}

export interface FlagClientOptions {
  app: string;
  env: string;
  /** An SSMClient: the document is read with GetParameter. */
  ssm?: SsmSender;
  /** Or any reader of the document's text (undefined: there is none). Tests and non-AWS hosts use this. */
  read?: () => Promise<string | undefined>;
  /** SSM path prefix, as GLIDEPATH_CONFIG_PREFIX. Default `/glidepath`. */
  prefix?: string;
  /** How long a read document is used before the next read. Default 30 s. */
  refreshSeconds?: number;
  /** What a flag is when no document says (none read yet, the flag not in it). Unlisted flags are off. */
  defaults?: Readonly<Record<string, boolean>>;
  /** Told, once per change, when the document cannot be used and what is used instead. */
  log?: (message: string) => void;
  /** Milliseconds now; the sandbox passes its virtual clock. */
  now?: () => number;
}

export interface FlagAnswer extends FlagEvaluation {
  /** The document's SSM version the answer came from; null when it came from the defaults. */
  version: number | null;
}

export interface FlagClient {
  /** The flag for this request, reading the document first when it is older than `refreshSeconds`. */
  evaluate(name: string, context?: FlagContext): Promise<FlagAnswer>;
  isOn(name: string, context?: FlagContext): Promise<boolean>;
  /** The flag from the document at hand, without any read (a synchronous request path); starts a read when stale. */
  evaluateNow(name: string, context?: FlagContext): FlagAnswer;
  /** Reads the document now. Never rejects. */
  refresh(): Promise<void>;
}

interface Source {
  text: string | undefined;
  version: number | null;
}

export function createFlagClient(options: FlagClientOptions): FlagClient {
  const now = options.now ?? Date.now;
  const refreshMs = (options.refreshSeconds ?? 30) * 1000;
  const log = options.log ?? (() => {});
  const where = `${options.app}/${options.env} flags`;
  const readSource = sourceOf(options);
  let current: { document: FlagDocument; version: number | null } | null = null;
  let readAt = -Infinity;
  let reading: Promise<void> | null = null;
  let lastProblem: string | null = null;

  const report = (problem: string | null) => {
    if (problem !== null && problem !== lastProblem) log(`${problem}; ${current ? `keeping ${versionText(current.version)}` : "using the defaults"}`);
    lastProblem = problem;
  };

  const read = async () => {
    try {
      const source = await readSource();
      if (source.text === undefined) return report(`${where}: no document at ${describeSource(options)}`);
      const parsed = parseFlagDocumentText(source.text);
      if (!parsed.ok) return report(`${where}: ${source.version === null ? "the document" : `version ${source.version}`} is invalid (${parsed.problems.join("; ")})`);
      current = { document: parsed.document, version: source.version };
      report(null);
    } catch (error) {
      report(`${where}: could not read ${describeSource(options)} (${(error as Error).name}: ${(error as Error).message})`);
    } finally {
      readAt = now();
    }
  };

  const refresh = () => (reading ??= read().finally(() => (reading = null)));
  const stale = () => now() - readAt >= refreshMs;

  const answer = (name: string, context: FlagContext): FlagAnswer => {
    const flag = (current?.document ?? EMPTY_FLAG_DOCUMENT).flags[name];
    if (flag) return { ...evaluateFlag(name, flag, context), version: current?.version ?? null };
    const fallback = options.defaults?.[name] ?? false;
    return { on: fallback, reason: current ? "unknownFlag" : "default", version: current?.version ?? null };
  };

  return {
    async evaluate(name, context = {}) {
      if (stale()) await refresh();
      return answer(name, context);
    },
    async isOn(name, context = {}) {
      return (await this.evaluate(name, context)).on;
    },
    evaluateNow(name, context = {}) {
      if (stale()) void refresh();
      return answer(name, context);
    },
    refresh,
  };
}

function sourceOf(options: FlagClientOptions): () => Promise<Source> {
  const { read, ssm } = options;
  if (read) return async () => ({ text: await read(), version: null });
  if (!ssm) return async () => ({ text: undefined, version: null });
  const name = flagsParameterName(options.app, options.env, options.prefix);
  return async () => {
    const { GetParameterCommand } = await import("@aws-sdk/client-ssm");
    try {
      const { Parameter } = await ssm.send(new GetParameterCommand({ Name: name }));
      return { text: Parameter?.Value, version: Parameter?.Version ?? null };
    } catch (error) {
      if ((error as Error).name === "ParameterNotFound") return { text: undefined, version: null };
      throw error;
    }
  };
}

const versionText = (version: number | null) => (version === null ? "the last good document" : `version ${version}`);

function describeSource(options: FlagClientOptions): string {
  if (options.read) return "the reader given";
  if (!options.ssm) return "any source (no SSM client or reader was given)";
  return `SSM ${flagsParameterName(options.app, options.env, options.prefix)}`;
}
