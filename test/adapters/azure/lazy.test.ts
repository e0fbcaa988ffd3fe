import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const exec = promisify(execFile);
const guard = resolve("test/support/no-network.mjs");

// The built subpath export, as users get it (needs `npm run build`).
describe.skipIf(!existsSync("dist/azure.cjs"))("cloud-srm/azure entry", () => {
  it("loads no Azure SDK until an inventory runs (CommonJS and ESM)", async () => {
    const cjs = await exec(process.execPath, [
      `--import=${guard}`,
      "-e",
      `const azure = require("./dist/azure.cjs");
       const sdk = Object.keys(require.cache).filter((k) => k.includes("@azure"));
       console.log(JSON.stringify({ fn: typeof azure.azureInventory, sdk, clouds: Object.keys(azure.AZURE_CLOUDS) }));`,
    ]);
    expect(JSON.parse(cjs.stdout)).toEqual({ fn: "function", sdk: [], clouds: ["AzureCloud", "AzureUSGovernment", "AzureChinaCloud"] });
    const hooks = `data:text/javascript,${encodeURIComponent(
      `export async function resolve(s, c, next) { const r = await next(s, c); process.stderr.write("LOADED " + r.url + "\\n"); return r; }`,
    )}`;
    const esm = await exec(process.execPath, [
      `--import=${guard}`,
      "--import",
      `data:text/javascript,${encodeURIComponent(`import { register } from "node:module"; register(${JSON.stringify(hooks)});`)}`,
      "--input-type=module",
      "-e",
      `import { azureInventory } from "./dist/azure.js"; console.log(typeof azureInventory);`,
    ]);
    expect(esm.stdout.trim()).toBe("function");
    const loaded = esm.stderr.split("\n").filter((l) => l.startsWith("LOADED "));
    expect(loaded.some((l) => l.endsWith("/dist/azure.js"))).toBe(true);
    expect(loaded.filter((l) => /\/node_modules\/(@azure|@azure-rest|@aws-sdk|@google-cloud)\//.test(l))).toEqual([]);
  });

  it("loads the Azure SDK once a run starts", async () => {
    const { stdout } = await exec(process.execPath, [
      `--import=${guard}`,
      "-e",
      `const { azureInventory } = require("./dist/azure.cjs");
       const run = azureInventory({ credential: { getToken: async () => { throw new Error("no sign-in in this test"); } } });
       (async () => { try { for await (const _ of run) {} } catch (e) { console.log(JSON.stringify({ message: e.message, sdk: Object.keys(require.cache).some((k) => k.includes("@azure/arm-resourcegraph")) })); } })();`,
    ]);
    expect(JSON.parse(stdout)).toEqual({ message: "cannot get a token for https://management.azure.com/.default: Error: no sign-in in this test", sdk: true });
  });
});
