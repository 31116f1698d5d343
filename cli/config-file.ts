// Reads a Glidepath config (or any document) from a JSON or YAML file, with errors that name the file.
import { readFile } from "node:fs/promises";
import { parse as parseYaml } from "yaml";
import { parseConfig, type Config } from "../functions/core/config.ts";
import { ConfigInvalidError } from "../functions/errors.ts";

/** A file the user named cannot be read or parsed: bad input, like an invalid config (exit code 2). */
export class InputError extends Error {
  override name = "InputError";
}

/** Parses a file as YAML (a superset of JSON), so both formats work; a syntax error names the file and line. */
export async function readDocument(path: string): Promise<unknown> {
  return (await readDocumentAndText(path)).document;
}

/** A file's text and the document it parses to (as readDocument). */
export async function readDocumentAndText(path: string): Promise<{ text: string; document: unknown }> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new InputError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  try {
    return { text, document: parseYaml(text, { prettyErrors: true }) };
  } catch (error) {
    throw new InputError(`${path} is not valid JSON or YAML: ${(error as Error).message}`);
  }
}

/** Reads and validates a config file; every problem is listed with its path inside the file. */
export async function readConfigFile(path: string): Promise<Config> {
  const result = parseConfig(await readDocument(path));
  if (!result.ok) throw new ConfigInvalidError(result.problems, path);
  return result.config;
}
