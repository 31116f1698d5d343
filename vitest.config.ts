import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/setup.ts"],
    globalSetup: ["test/temporary-directory.ts"],
    // vitest 4 defaults to one worker fewer than the cores; on a 2-core CI machine that is a single worker
    // and the suite runs serially. Test files are independent (each sandbox owns its ports and directory).
    maxWorkers: availableParallelism(),
    // Generous: sandbox tests run whole releases, and a shared machine can be many times slower than a quiet one.
    testTimeout: 90_000,
    hookTimeout: 90_000,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
  },
});
