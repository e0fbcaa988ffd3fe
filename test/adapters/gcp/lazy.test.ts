import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const exec = promisify(execFile);
const guard = resolve("test/support/no-network.mjs");

// The built subpath export, as users get it (needs `npm run build`).
describe.skipIf(!existsSync("dist/gcp.cjs"))("cloud-srm/gcp entry", () => {
  it("loads no Google Cloud SDK, gRPC or gax until an inventory runs (CommonJS and ESM)", async () => {
    const cjs = await exec(process.execPath, [
      `--import=${guard}`,
      "-e",
      `const gcp = require("./dist/gcp.cjs");
       const sdk = Object.keys(require.cache).filter((k) => /@google-cloud|google-gax|@grpc/.test(k));
       console.log(JSON.stringify({ fn: typeof gcp.gcpInventory, sdk, type: gcp.PROJECT_TYPE }));`,
    ]);
    expect(JSON.parse(cjs.stdout)).toEqual({ fn: "function", sdk: [], type: "cloudresourcemanager.googleapis.com/Project" });
    const hooks = `data:text/javascript,${encodeURIComponent(
      `export async function resolve(s, c, next) { const r = await next(s, c); process.stderr.write("LOADED " + r.url + "\\n"); return r; }`,
    )}`;
    const esm = await exec(process.execPath, [
      `--import=${guard}`,
      "--import",
      `data:text/javascript,${encodeURIComponent(`import { register } from "node:module"; register(${JSON.stringify(hooks)});`)}`,
      "--input-type=module",
      "-e",
      `import { gcpInventory } from "./dist/gcp.js"; console.log(typeof gcpInventory);`,
    ]);
    expect(esm.stdout.trim()).toBe("function");
    const loaded = esm.stderr.split("\n").filter((l) => l.startsWith("LOADED "));
    expect(loaded.some((l) => l.endsWith("/dist/gcp.js"))).toBe(true);
    expect(loaded.filter((l) => /@google-cloud|google-gax|@grpc/.test(l))).toEqual([]);
  });
});
