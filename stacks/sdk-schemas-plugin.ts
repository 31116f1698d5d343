// The esbuild plugin that rewrites the AWS SDK's generated schema modules as a bundle loads them: computed
// keys inlined (sdk-schema-keys.ts) so unused schemas tree-shake, and errors with only plain string fields
// left unregistered (sdk-modeled-errors.ts) so their classes do too. Each file says why it is safe.
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Plugin } from "esbuild";
import { dropPlainErrors, type ClientSources } from "./sdk-modeled-errors.ts";
import { inlineSchemaKeys } from "./sdk-schema-keys.ts";

/** The SDK's generated schema modules (`@aws-sdk/client-*`, including nested clients' submodules). */
const SCHEMA_MODULE = /[\\/]@aws-sdk[\\/][^\\/]+[\\/].*dist-es[\\/].*schemas[\\/]schemas_\d+\.js$/;

/** A client's file beside its schema module, or "" where it has none (EC2 models no errors). */
async function besideSchemas(schemaPath: string, ...path: string[]): Promise<string> {
  return readFile(join(dirname(schemaPath), "..", ...path), "utf8").catch(() => "");
}

async function clientSources(schemaPath: string): Promise<ClientSources> {
  const [errors, runtimeConfig] = await Promise.all([besideSchemas(schemaPath, "models", "errors.js"), besideSchemas(schemaPath, "runtimeConfig.shared.js")]);
  return { errors, runtimeConfig };
}

export const sdkSchemas: Plugin = {
  name: "glidepath-sdk-schemas",
  setup(build) {
    build.onLoad({ filter: SCHEMA_MODULE }, async ({ path }) => ({
      contents: inlineSchemaKeys(dropPlainErrors(await readFile(path, "utf8"), await clientSources(path))),
      loader: "js",
    }));
  },
};
