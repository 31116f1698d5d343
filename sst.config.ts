/// <reference path="./.sst/platform/config.d.ts" />
// Glidepath's infrastructure. Kept thin on purpose: SST forbids top-level imports here, so every stack is
// imported inside run() and the real work lives in stacks/.

export default $config({
  app(input) {
    const production = isProductionStage(input?.stage);
    return {
      name: "glidepath",
      home: "aws",
      // A production stage keeps its ledger and logs when the app is removed.
      removal: production ? "retain" : "remove",
      protect: production,
    };
  },
  async run() {
    const { deployGlidepath } = await import("./stacks/index.ts");
    // GLIDEPATH_NOTIFICATIONS=sns adds an SNS topic fed with rolled-back and aborted deployments.
    return await deployGlidepath({ stage: $app.stage, notifications: process.env["GLIDEPATH_NOTIFICATIONS"] === "sns" });
  },
});

function isProductionStage(stage: string | undefined): boolean {
  return stage === "prod" || stage === "production";
}
