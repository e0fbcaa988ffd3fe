import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";

const exec = promisify(execFile);
const root = resolve(".");
const guard = join(root, "test/support/no-network.mjs");

// Tries the package as a new user would: npm pack, install the tarball into an
// empty project, then use it from ESM, CommonJS, TypeScript and the bin. Needs
// `npm run build` first (npm test does it). The install owes nothing to the npm
// cache or the network: its dependencies are packed from this repository's own
// node_modules into a local folder, npm runs with an empty HOME and cache and
// --offline, and under the network guard.

/** The package and every package it depends on, as installed in this repository's node_modules. */
async function dependencyClosure(names: string[]): Promise<string[]> {
  const dirs = new Set<string>();
  const visit = async (name: string, from: string): Promise<void> => {
    // Node's resolution: the nearest node_modules/<name>, from the dependent package up to the root.
    for (let base = from; ; base = dirname(base)) {
      const dir = join(base, "node_modules", name);
      if (existsSync(join(dir, "package.json"))) {
        if (dirs.has(dir)) return;
        dirs.add(dir);
        const manifest = JSON.parse(await readFile(join(dir, "package.json"), "utf8")) as { dependencies?: Record<string, string> };
        for (const dependency of Object.keys(manifest.dependencies ?? {})) await visit(dependency, dir);
        return;
      }
      if (base === root) throw new Error(`${name} is not installed in ${root}/node_modules: run npm install`);
    }
  };
  for (const name of names) await visit(name, root);
  return [...dirs];
}

describe("the packed package", () => {
  let project: string;
  const node = (args: string[], options: { cwd?: string } = {}) =>
    exec(process.execPath, args, { cwd: options.cwd ?? project, env: { ...process.env, NODE_OPTIONS: `--import=${guard}` } });

  beforeAll(async () => {
    if (!existsSync("dist/index.js") || !existsSync("dist/catalog.json")) throw new Error("dist/ is missing: run npm run build first");
    project = await mkdtemp(join(tmpdir(), "cloud-srm-pack-"));
    const packages = join(project, ".packages");
    const home = join(project, ".home");
    await mkdir(packages);
    await mkdir(home);
    // An empty HOME and npm cache, no registry: whatever npm needs must come from the folder we fill.
    const npm = (args: string[], cwd: string) =>
      exec("npm", [...args, "--offline", "--no-audit", "--no-fund", "--no-update-notifier"], {
        cwd,
        env: { ...process.env, HOME: home, npm_config_cache: join(home, ".npm"), npm_config_userconfig: join(home, ".npmrc"), NODE_OPTIONS: `--import=${guard}` },
      });
    const { stdout } = await npm(["pack", "--json", "--pack-destination", packages], root);
    const tarball = join(packages, (JSON.parse(stdout) as { filename: string }[])[0]!.filename);
    const manifest = JSON.parse(await readFile(join(root, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    // @types/node as a Node TypeScript project has it: the public API speaks of Node streams.
    const closure = await dependencyClosure([...Object.keys(manifest.dependencies), "@types/node"]);
    const packed = await Promise.all(
      closure.map(async (dir) => {
        const { stdout: out } = await npm(["pack", "--json", "--pack-destination", packages, dir], root);
        return join(packages, (JSON.parse(out) as { filename: string }[])[0]!.filename);
      }),
    );
    await writeFile(join(project, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true }));
    await npm(["install", "--ignore-scripts", tarball, ...packed], project);
  }, 180_000);

  it("loads from ESM without any cloud SDK, YAML parser or zod", async () => {
    await writeFile(
      join(project, "hooks.mjs"),
      `export async function resolve(specifier, context, next) { const r = await next(specifier, context); process.stderr.write("LOADED " + r.url + "\\n"); return r; }`,
    );
    await writeFile(join(project, "register.mjs"), `import { register } from "node:module"; register("./hooks.mjs", import.meta.url);`);
    const { stdout, stderr } = await node([
      "--import=./register.mjs",
      "--input-type=module",
      "-e",
      `import { builtinCatalog } from "cloud-srm";
       const c = builtinCatalog();
       const m = c.resolve("aws.rds");
       console.log(JSON.stringify({ services: c.services.length, rows: m.rows.length, owner: m.rows.find(r => r.control === "data.encryption-at-rest").owner }));`,
    ]);
    expect(JSON.parse(stdout)).toMatchObject({ rows: 35, owner: "shared" });
    const loaded = stderr.split("\n").filter((l) => l.startsWith("LOADED file:"));
    expect(loaded.some((l) => l.includes("/node_modules/cloud-srm/dist/index.js"))).toBe(true);
    expect(loaded.filter((l) => /node_modules\/(yaml|zod|@aws-sdk|@azure|@google-cloud|google-gax)\//.test(l))).toEqual([]);
  });

  it("loads from CommonJS without any cloud SDK, YAML parser or zod", async () => {
    const { stdout } = await node([
      "-e",
      `const { builtinCatalog, diffMatrices } = require("cloud-srm");
       const c = builtinCatalog();
       const d = diffMatrices(c.resolve("iaas"), c.resolve("faas"));
       const heavy = Object.keys(require.cache).filter(k => /node_modules\\/(yaml|zod|@aws-sdk|@azure|@google-cloud|google-gax)\\//.test(k));
       console.log(JSON.stringify({ handsOver: d.handsOver.length, heavy, rds: c.getService("aws.rds").model }));`,
    ]);
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({ heavy: [], rds: "paas" });
    expect(result.handsOver).toBeGreaterThan(0);
  });

  it("loads overlays (lazily pulling in the validator) from both module systems", async () => {
    await writeFile(
      join(project, "overlay.yaml"),
      `overlay: msp\nservices:\n  aws.rds:\n    cells:\n      identity.access-review:\n        owner: third-party\n        party: MSP\n        sources: [contract]\n`,
    );
    const code = (req: string) =>
      `${req}.then(({ loadCatalog }) => loadCatalog({ overlays: ["overlay.yaml"] })).then(c => console.log(c.resolve("aws.rds").rows.find(r => r.control === "identity.access-review").owner))`;
    expect((await node(["--input-type=module", "-e", code(`import("cloud-srm")`)])).stdout.trim()).toBe("third-party");
    expect((await node(["-e", code(`Promise.resolve(require("cloud-srm"))`)])).stdout.trim()).toBe("third-party");
  });

  it("is fully typed for TypeScript consumers (ESM and CommonJS resolution)", async () => {
    await writeFile(
      join(project, "use.mts"),
      `import { builtinCatalog, type Matrix, type Owner } from "cloud-srm";
       const m: Matrix = builtinCatalog().resolve("aws.rds");
       const o: Owner = m.rows[0]!.owner;
       // @ts-expect-error owner is a closed union
       const bad: Owner = "nobody";
       import { gcpInventory, type GcpInventoryResult } from "cloud-srm/gcp";
       const partial = (r: GcpInventoryResult): boolean => r.scopes.some((s) => s.status === "failed");
       const run = gcpInventory({ scope: "organizations/123", quotaProject: "admin" });
       export { o, bad, partial, run };`,
    );
    await writeFile(
      join(project, "use.cts"),
      `import cloudSrm = require("cloud-srm");
       const rows: cloudSrm.MatrixRow[] = cloudSrm.builtinCatalog().resolve("paas").rows;
       import gcp = require("cloud-srm/gcp");
       const status: gcp.GcpScopeStatus = "not-visible";
       void status;
       export = rows;`,
    );
    await writeFile(
      join(project, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { module: "nodenext", moduleResolution: "nodenext", strict: true, noEmit: true, skipLibCheck: false, types: ["node"] }, files: ["use.mts", "use.cts"] }),
    );
    await node([join(root, "node_modules/typescript/bin/tsc"), "-p", "."]);
  }, 180_000); // two tsc runs: minutes on a busy 2-core machine

  it("ships a working bin, the catalog JSON and the JSON Schemas", async () => {
    const { stdout } = await node(["node_modules/.bin/cloud-srm", "matrix", "aws.rds", "--format", "json"]);
    expect(JSON.parse(stdout).rows).toHaveLength(35);
    const { stdout: exported } = await node([
      "--input-type=module",
      "-e",
      `import { createRequire } from "node:module"; const require = createRequire(import.meta.url);
       console.log(JSON.stringify([require.resolve("cloud-srm/catalog.json"), require.resolve("cloud-srm/schemas/overlay.schema.json")]));`,
    ]);
    const [catalogPath, schemaPath] = JSON.parse(exported) as string[];
    expect(catalogPath).toMatch(/cloud-srm\/dist\/catalog\.json$/);
    expect(schemaPath).toMatch(/cloud-srm\/dist\/schemas\/overlay\.schema\.json$/);
  });

  it("names the npm install command when the AWS SDK is not installed (it is an optional peer)", async () => {
    const result = await node(["node_modules/.bin/cloud-srm", "inventory", "aws", "--regions", "us-east-1"]).then(
      () => ({ code: 0, stderr: "" }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^cloud-srm: the AWS adapter needs .*@aws-sdk\/client-sts.*: npm install .*@aws-sdk\/client-sts/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("cloud-srm/gcp loads from both module systems without the Cloud Asset SDK, and a run names the npm install command", async () => {
    const { stdout } = await node([
      "-e",
      `const gcp = require("cloud-srm/gcp");
       const run = gcp.gcpInventory({ scope: "projects/my-project" });
       (async () => { try { for await (const _ of run) {} } catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message })); } })();`,
    ]);
    expect(JSON.parse(stdout)).toEqual({ code: "MISSING_PEER_DEPENDENCY", message: "the GCP adapter needs @google-cloud/asset (optional peer dependency): npm install @google-cloud/asset" });
    const esm = await node(["--input-type=module", "-e", `import { gcpInventory, parseScope } from "cloud-srm/gcp"; console.log(typeof gcpInventory, parseScope("folders/12").kind);`]);
    expect(esm.stdout.trim()).toBe("function folder");
    const result = await node(["node_modules/.bin/cloud-srm", "inventory", "gcp", "--scope", "projects/my-project"]).then(
      () => ({ code: 0, stderr: "" }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("cloud-srm: the GCP adapter needs @google-cloud/asset (optional peer dependency): npm install @google-cloud/asset\n");
  });
});
