// The bundles give each SDK client only `name` and `version` from its package.json
// (stacks/sdk-package-info.ts); that is safe only while no client reads another field.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bundleFunctions, bytesByInput } from "../../stacks/bundle.ts";
import { PACKAGE_FIELDS_READ, packageInfoOnly } from "../../stacks/sdk-package-info.ts";

const outDir = mkdtempSync(join(tmpdir(), "glidepath-package-info-"));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

const require = createRequire(import.meta.url);
const packageJson = JSON.parse(readFileSync("package.json", "utf8")) as { dependencies: Record<string, string> };
const sdkClients = Object.keys(packageJson.dependencies).filter((name) => name.startsWith("@aws-sdk/client-"));

/** Every `.js` file under a directory. */
function scripts(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".js"))
    .map((file) => join(dir, file));
}

describe("a client's package.json in a bundle", () => {
  it.each(sdkClients)("holds every field %s reads from it", (client) => {
    const root = dirname(require.resolve(`${client}/package.json`));
    const readers = scripts(join(root, "dist-es")).filter((file) => readFileSync(file, "utf8").includes("package.json"));
    expect(readers.length).toBeGreaterThan(0);
    for (const file of readers) {
      const source = readFileSync(file, "utf8");
      // The generated code imports it as `packageInfo` and reads plain properties; anything else is unexpected.
      expect(source, file).toMatch(/^import packageInfo from "\.\.\/package\.json";$/m);
      const fields = [...source.matchAll(/\bpackageInfo\b(\.\w+)?/g)].slice(1).map(([, field]) => field?.slice(1));
      for (const field of fields) expect(PACKAGE_FIELDS_READ, `${file} reads packageInfo${field ? `.${field}` : ""}`).toContain(field);
    }
    expect(JSON.parse(packageInfoOnly(readFileSync(join(root, "package.json"), "utf8")))).toEqual({ name: client, version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });

  it("is all a bundle carries of it (the whole file is about 2 KB)", async () => {
    const [bundle] = await bundleFunctions({ root: process.cwd(), outDir, only: ["checkDnsSync"] });
    const [path, bytesInOutput] = [...bytesByInput(bundle!.metafile)].find(([input]) => input.endsWith("client-route-53/package.json"))!;
    expect(readFileSync(path, "utf8").length).toBeGreaterThan(1000);
    expect(bytesInOutput).toBeLessThan(100);
  });
});
