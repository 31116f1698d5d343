// The zod that code reaching a Lambda bundle imports: `zod/mini`, whose functions tree-shake (about 20 KB in a
// bundle, where full zod's chained methods keep all of it, about 92 KB), with zod's English messages. Full
// zod loads those messages when imported; zod/mini leaves them to the caller, and without them every issue
// would read "Invalid input". Config problems and Task input errors quote these messages.
import * as z from "zod/mini";
import { en } from "zod/locales";

z.config(en());

export * from "zod/mini";
