// Entry point of the `glidepath` command: one subcommand per file under cli/commands/.
import { Command } from "commander";
import { registerDemo } from "./commands/demo.ts";
import { registerLocal } from "./commands/local.ts";
import { registerPlan } from "./commands/plan.ts";
import { registerValidate } from "./commands/validate.ts";

const program = new Command()
  .name("glidepath")
  .description("Progressive delivery for EC2 services on AWS, and its local sandbox")
  .showHelpAfterError();

registerValidate(program);
registerPlan(program);
registerDemo(program);
registerLocal(program);

await program.parseAsync(process.argv);
