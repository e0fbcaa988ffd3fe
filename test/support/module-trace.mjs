// Preload (node --import) that records the URL of every module the process
// loads, ESM and CommonJS alike, and writes them to $MODULE_TRACE_OUT at exit.
// Used by test/cli/startup-modules.test.ts to check what the CLI loads.
import { writeFileSync } from "node:fs";
import { registerHooks } from "node:module";

const loaded = [];
registerHooks({
  load(url, context, nextLoad) {
    loaded.push(url);
    return nextLoad(url, context);
  },
});
process.on("exit", () => writeFileSync(process.env.MODULE_TRACE_OUT, `${loaded.join("\n")}\n`));
