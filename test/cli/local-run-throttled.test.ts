// `glidepath local run --json` under simulated SSM throttling: it once crashed with a bare error and no JSON.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useTemporaryFolders } from "../fixtures/temporary-folders.ts";
import { glidepath } from "./run-cli.ts";

const temporaryFolder = useTemporaryFolders("glidepath-throttled-");

describe("glidepath local run under throttling", () => {
  it("prints the JSON result with each push's outcome when SSM throttles every config load", async () => {
    const dir = temporaryFolder();
    const file = join(dir, "ssm-throttled.yaml");
    await writeFile(file, "deployments: [{ commit: v1 }]\nfaults: [{ service: ssm, operation: GetParameter, error: ThrottlingException, times: 50 }]\n");
    const result = await glidepath("local", "run", "--scenario", file, "--json");
    expect(result.stderr).not.toContain("glidepath:");
    const output = JSON.parse(result.stdout);
    expect(output.deployments).toHaveLength(1);
    expect(output.deployments[0]).toMatchObject({ commit: "v1", outcome: "failed", reason: expect.stringMatching(/^push not delivered: .*SSM GetParameter \S+: ThrottlingException \(HTTP 400/) });
    expect(output.liveCommit).toBeNull();
  });
});
