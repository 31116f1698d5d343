// What `glidepath config put` stores and `config diff` compares: a config checked with the rules Load config
// applies (functions/tasks/load-config.ts), as the JSON text Load config reads, and line diffs between two.
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from "diff";
import { parse as parseYaml } from "yaml";
import { parseConfig } from "../functions/core/config.ts";
import { ConfigInvalidError } from "../functions/errors.ts";

/** SSM's standard tier holds at most 4 KB a value (aws-facts.md). */
const SSM_STANDARD_MAX_BYTES = 4096;

/**
 * The text `config put` stores for `document` read from `file`: the file's own text when it is JSON (its
 * formatting kept), else the document as JSON, since Load config parses JSON. Throws ConfigInvalidError listing
 * every problem, as `validate` and Load config find them, plus a document naming another app/env or too big for SSM.
 */
export function storableConfig(target: { app: string; env: string }, file: string, source: { text: string; document: unknown }): string {
  const parsed = parseConfig(source.document);
  const problems = parsed.ok ? [] : [...parsed.problems];
  // Load config refuses a document naming another app/env than the parameter it is read from.
  if (parsed.ok && parsed.config.app !== target.app) problems.push(`app: the document says ${parsed.config.app}, not ${target.app} (--app)`);
  if (parsed.ok && parsed.config.env !== target.env) problems.push(`env: the document says ${parsed.config.env}, not ${target.env} (--env)`);
  const text = isJson(source.text) ? source.text : `${JSON.stringify(source.document, null, 2)}\n`;
  const bytes = Buffer.byteLength(text);
  if (bytes > SSM_STANDARD_MAX_BYTES) problems.push(`(document): ${bytes} bytes as JSON; an SSM standard parameter holds at most ${SSM_STANDARD_MAX_BYTES}`);
  if (problems.length > 0) throw new ConfigInvalidError(problems, file);
  return text;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** One side of a diff: what it is called in the patch header and its text. */
export interface DiffSide {
  name: string;
  text: string;
}

/**
 * A unified diff (3 lines of context) of two configs, each compared as formatted JSON when it parses (so a
 * YAML file and the JSON stored from it differ only where their documents do), else as its own text.
 * Example: `configPatch({name: "v3", text: '{"a":1}'}, {name: "v4", text: "a: 2"})` → a patch changing `"a": 1` to `"a": 2`.
 */
export function configPatch(from: DiffSide, to: DiffSide): { identical: boolean; patch: string } {
  const before = comparable(from.text);
  const after = comparable(to.text);
  return { identical: before === after, patch: before === after ? "" : createTwoFilesPatch(from.name, to.name, before, after, undefined, undefined, { context: 3, headerOptions: FILE_HEADERS_ONLY }) };
}

function comparable(text: string): string {
  try {
    return `${JSON.stringify(parseYaml(text), null, 2)}\n`;
  } catch {
    return text.endsWith("\n") ? text : `${text}\n`;
  }
}
