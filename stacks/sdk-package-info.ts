// An esbuild plugin that gives each AWS SDK client only the part of its package.json it reads.
//
// A client's runtimeConfig imports its whole package.json (about 2 KB each: scripts, dependencies, files)
// to put `packageInfo.version` in its user agent. The plugin loads that file as `{ name, version }`; the name
// stays so a bundle still says which clients it carries. test/infra/sdk-package-info.test.ts checks that no
// client reads any other field.
import { readFile } from "node:fs/promises";
import type { Plugin } from "esbuild";

/** An SDK client's own package.json (`@aws-sdk/client-*`). */
const CLIENT_PACKAGE_JSON = /[\\/]@aws-sdk[\\/]client-[^\\/]+[\\/]package\.json$/;

/** The fields of a client's package.json its code reads. */
export const PACKAGE_FIELDS_READ = ["name", "version"] as const;

/** `{"name":"@aws-sdk/client-ssm","version":"3.1169.0"}` from the whole package.json text. */
export function packageInfoOnly(packageJson: string): string {
  const info = JSON.parse(packageJson) as Record<string, unknown>;
  return JSON.stringify(Object.fromEntries(PACKAGE_FIELDS_READ.map((field) => [field, info[field]])));
}

export const sdkPackageInfo: Plugin = {
  name: "glidepath-sdk-package-info",
  setup(build) {
    build.onLoad({ filter: CLIENT_PACKAGE_JSON }, async ({ path }) => ({ contents: packageInfoOnly(await readFile(path, "utf8")), loader: "json" }));
  },
};
