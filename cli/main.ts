// Entry point of the `glidepath` command: one subcommand per file under cli/commands/.
import { Command, CommanderError } from "commander";
import { registerApprove } from "./commands/approve.ts";
import { registerDemo } from "./commands/demo.ts";
import { registerLocal } from "./commands/local.ts";
import { registerPlan } from "./commands/plan.ts";
import { registerValidate } from "./commands/validate.ts";

const program = new Command()
  .name("glidepath")
  .description("Progressive delivery for EC2 services on AWS, and its local sandbox")
  .showHelpAfterError()
  // Commander exits on its own by default; we map its outcome onto our exit codes instead (2 = bad input).
  .exitOverride();

registerValidate(program);
registerPlan(program);
registerDemo(program);
registerLocal(program);
registerApprove(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (!(error instanceof CommanderError)) throw error;
  const asked = error.code === "commander.helpDisplayed" || error.code === "commander.help" || error.code === "commander.version";
  process.exitCode = asked ? 0 : 2;
}
