// `npm run build:flags` builds dist/flags/client.js, what `glidepath/flags` resolves to. `npm ci` runs it too
// (the `prepare` script, with --if-possible: a failed build only says so, as the CLI's does).
const ifPossible = process.argv.includes("--if-possible");
try {
  const { bundleFlagsClient } = await import("./bundle.ts");
  const built = await bundleFlagsClient({ root: process.cwd() });
  process.stdout.write(`glidepath/flags built: ${built.file}, ${(built.bytes / 1024).toFixed(1)} KB\n`);
} catch (error) {
  if (!ifPossible) throw error;
  process.stderr.write(`glidepath/flags not built (${(error as Error).message.split("\n")[0]})\n`);
}
