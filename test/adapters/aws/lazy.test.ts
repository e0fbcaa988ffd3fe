import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const exec = promisify(execFile);
const guard = resolve("test/support/no-network.mjs");

// The built subpath export, as users get it (needs `npm run build`).
describe.skipIf(!existsSync("dist/aws.cjs"))("cloud-srm/aws entry", () => {
  it("loads no AWS SDK until an inventory runs (CommonJS and ESM)", async () => {
    const cjs = await exec(process.execPath, [
      `--import=${guard}`,
      "-e",
      `const aws = require("./dist/aws.cjs");
       const sdk = Object.keys(require.cache).filter((k) => k.includes("@aws-sdk"));
       console.log(JSON.stringify({ fn: typeof aws.awsInventory, sdk, regions: aws.AWS_DEFAULT_REGIONS.aws.length }));`,
    ]);
    expect(JSON.parse(cjs.stdout)).toEqual({ fn: "function", sdk: [], regions: 17 });
    // ESM: a resolve hook logs every module loaded.
    const hooks = `data:text/javascript,${encodeURIComponent(
      `export async function resolve(s, c, next) { const r = await next(s, c); process.stderr.write("LOADED " + r.url + "\\n"); return r; }`,
    )}`;
    const esm = await exec(process.execPath, [
      `--import=${guard}`,
      "--import",
      `data:text/javascript,${encodeURIComponent(`import { register } from "node:module"; register(${JSON.stringify(hooks)});`)}`,
      "--input-type=module",
      "-e",
      `import { awsInventory } from "./dist/aws.js"; console.log(typeof awsInventory);`,
    ]);
    expect(esm.stdout.trim()).toBe("function");
    const loaded = esm.stderr.split("\n").filter((l) => l.startsWith("LOADED "));
    expect(loaded.some((l) => l.endsWith("/dist/aws.js"))).toBe(true);
    expect(loaded.filter((l) => l.includes("@aws-sdk") || l.includes("@smithy"))).toEqual([]);
  });
});
