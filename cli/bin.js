#!/usr/bin/env node
// The `glidepath` command. The CLI is TypeScript; tsx compiles it on the fly so there is no build step.
import { register } from "tsx/esm/api";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
register();
await import("./main.ts");
