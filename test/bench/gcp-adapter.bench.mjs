// The GCP adapter against the fake Cloud Asset API (test/support/fake-gcp,
// bundled with esbuild):
// 1. CPU overhead: gcpInventory() (Struct to JSON, the Cloud Asset importer's
//    mapping, redaction, de-duplication, streaming) vs a hand-written
//    ListAssets pager loop that only counts, 100 pages x 500 assets of one
//    project; the fake runs in a child process so its CPU is not counted.
// 2. Quota: a 300-project organization behind a fake that enforces 100
//    ListAssets calls per minute, on a virtual clock shared by the fake and
//    the adapter's pacer (so three simulated minutes take a second). Bar: the
//    run finishes within 1.2x of the quota-bound minimum with no
//    RESOURCE_EXHAUSTED; without pacing, for comparison.
// Needs `npm run build` (it measures dist/gcp.js, what users get).
import { spawn } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { performance } from "node:perf_hooks";
import { fmt, median } from "./stats.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
const require = createRequire(join(root, "package.json"));
// Inside the repository, so the bundle resolves @grpc/* and @google-cloud/asset from its node_modules.
const cacheDir = join(root, "node_modules/.cache/cloud-srm-bench");

async function bundleFake() {
  const { build } = await import("esbuild");
  await mkdir(cacheDir, { recursive: true });
  await build({
    entryPoints: { "fake-gcp": join(root, "test/support/fake-gcp/server.ts"), "fake-gcp-world": join(root, "test/support/fake-gcp/world.ts") },
    bundle: true,
    packages: "external",
    platform: "node",
    format: "esm",
    target: "node22",
    outdir: cacheDir,
    outExtension: { ".js": ".mjs" },
    logLevel: "error",
  });
  return {
    server: await import(pathToFileURL(join(cacheDir, "fake-gcp.mjs")).href),
    world: await import(pathToFileURL(join(cacheDir, "fake-gcp-world.mjs")).href),
  };
}

/** The fake in a child process (its CPU is not the client's). */
async function startFakeProcess(world) {
  await writeFile(join(cacheDir, "world.json"), JSON.stringify(world));
  await writeFile(
    join(cacheDir, "run-fake.mjs"),
    `import { FakeGcp } from "./fake-gcp.mjs";
     import { readFileSync } from "node:fs";
     const fake = new FakeGcp(JSON.parse(readFileSync(process.argv[2], "utf8")));
     await fake.start();
     console.log(fake.port);
     process.stdin.resume(); process.stdin.on("end", () => fake.stop().then(() => process.exit(0)));`,
  );
  const child = spawn(process.execPath, [join(cacheDir, "run-fake.mjs"), join(cacheDir, "world.json")], { stdio: ["pipe", "pipe", "inherit"] });
  const port = await new Promise((resolve, reject) => {
    child.stdout.once("data", (data) => resolve(Number(String(data).trim())));
    child.once("error", reject);
  });
  return { port, stop: () => new Promise((resolve) => (child.once("exit", resolve), child.stdin.end())) };
}

function gaxFor() {
  return require(require.resolve("google-gax", { paths: [require.resolve("@google-cloud/asset")] }));
}

function clientOptions(port) {
  const gax = gaxFor();
  return { servicePath: "127.0.0.1", port, sslCreds: gax.grpc.credentials.createInsecure(), authClient: new gax.googleAuthLibrary.PassThroughClient() };
}

async function cpuOverhead(gcpInventory, world) {
  const pages = 100;
  const perPage = 500;
  const project = world.project(0, { perProject: pages * perPage - 1 }); // plus the project itself
  const fake = await startFakeProcess({ organization: world.ORG, projects: [project], pageSize: perPage });
  const { AssetServiceClient } = require("@google-cloud/asset");
  const parent = `projects/${project.id}`;
  const handWritten = async () => {
    const client = new AssetServiceClient(clientOptions(fake.port));
    let count = 0;
    let pageToken = "";
    do {
      const [assets, , response] = await client.listAssets({ parent, contentType: "RESOURCE", pageSize: perPage, pageToken }, { autoPaginate: false });
      count += assets.length;
      pageToken = response?.nextPageToken ?? "";
    } while (pageToken);
    await client.close();
    return count;
  };
  const adapter = async () => {
    let count = 0;
    for await (const resource of gcpInventory({ scope: parent, pageSize: perPage, requestsPerMinute: 0, clientOptions: clientOptions(fake.port) })) if (resource.uid) count++;
    return count;
  };
  const measure = async (fn) => {
    const before = process.cpuUsage();
    const start = performance.now();
    const count = await fn();
    const cpu = process.cpuUsage(before);
    if (count !== pages * perPage) throw new Error(`expected ${pages * perPage} resources, got ${count}`);
    return { cpu: (cpu.user + cpu.system) / 1000, wall: performance.now() - start };
  };
  await measure(handWritten);
  await measure(adapter); // warm-up: module loading and JIT
  const hand = [];
  const ours = [];
  for (let i = 0; i < 5; i++) {
    hand.push(await measure(handWritten));
    ours.push(await measure(adapter));
  }
  await fake.stop();
  const h = median(hand.map((m) => m.cpu));
  const a = median(ours.map((m) => m.cpu));
  return [
    `### CPU overhead (${pages} pages x ${perPage} assets, ListAssets with content, one project)`,
    "",
    "Median of 5 interleaved runs after a warm-up; CPU is `process.cpuUsage()` of the client process (the fake runs in its own process). Both decode the same gRPC pages; the adapter also turns each `Struct` into JSON, maps it with the Cloud Asset importer, redacts and streams it.",
    "",
    "| client | CPU ms | wall ms | vs hand-written |",
    "|---|---|---|---|",
    `| hand-written \`listAssets\` page loop (counts only) | ${fmt(h)} | ${fmt(median(hand.map((m) => m.wall)))} | 1.00x |`,
    `| \`gcpInventory()\` | ${fmt(a)} | ${fmt(median(ours.map((m) => m.wall)))} | ${fmt(a / h, 2)}x |`,
    "",
    `Bar: at most 1.2x. ${a / h <= 1.2 ? "Met" : "NOT met"}.`,
  ].join("\n");
}

async function quotaBound(gcpInventory, server, world) {
  const projects = 300;
  const perMinute = 100;
  const run = async (paced) => {
    let clock = 0;
    const fake = new server.FakeGcp({ ...world.organization(projects, 3), pageSize: 1000, quota: { perMinute, clock: () => clock } });
    await fake.start();
    // One virtual clock for the fake's quota window and the adapter's pacing and backoff.
    const timers = {
      now: () => clock,
      sleep: async (ms) => {
        const until = clock + ms;
        await new Promise((resolve) => setImmediate(resolve));
        clock = Math.max(clock, until);
      },
    };
    const start = performance.now();
    let count = 0;
    const inventory = gcpInventory({
      scope: `organizations/${world.ORG}`,
      requestsPerMinute: paced ? perMinute : 0,
      concurrency: 4,
      timers,
      retry: { attempts: 12 },
      clientOptions: clientOptions(fake.port),
    });
    for await (const _ of inventory) count++;
    const result = await inventory.result;
    const wall = performance.now() - start;
    const calls = fake.calls.filter((c) => c.code === 0).length;
    await fake.stop();
    if (result.errors.length) throw new Error(`quota run failed: ${result.errors[0].message}`);
    return { virtualMs: clock, wall, count, calls, throttled: fake.throttled };
  };
  const paced = await run(true);
  const unpaced = await run(false);
  const minimum = (Math.ceil(paced.calls / perMinute) - 1) * 60_000;
  const ratio = minimum ? paced.virtualMs / minimum : 1;
  return [
    `### Quota-bound run (${projects}-project organization, the fake enforcing ${perMinute} ListAssets calls per minute)`,
    "",
    `A simulated clock shared by the fake's quota window and the adapter's pacing and backoff, so minutes of quota take a second of wall time. ${paced.calls} successful calls (one for the containers, one per project); the quota-bound minimum is (ceil(calls / ${perMinute}) - 1) minutes = ${fmt(minimum / 1000)} s.`,
    "",
    "| run | simulated time | vs minimum | RESOURCE_EXHAUSTED answers | resources | wall ms |",
    "|---|---|---|---|---|---|",
    `| paced (\`requestsPerMinute: ${perMinute}\`, the default) | ${fmt(paced.virtualMs / 1000)} s | ${fmt(ratio, 2)}x | ${paced.throttled} | ${paced.count} | ${fmt(paced.wall)} |`,
    `| not paced (\`requestsPerMinute: 0\`; retries with backoff) | ${fmt(unpaced.virtualMs / 1000)} s | ${fmt(minimum ? unpaced.virtualMs / minimum : 1, 2)}x | ${unpaced.throttled} | ${unpaced.count} | ${fmt(unpaced.wall)} |`,
    "",
    `Bar: within 1.2x of the minimum with no RESOURCE_EXHAUSTED. ${ratio <= 1.2 && paced.throttled === 0 ? "Met" : "NOT met"}.`,
  ].join("\n");
}

export async function run() {
  const { gcpInventory } = await import(pathToFileURL(join(root, "dist/gcp.js")).href);
  const { server, world } = await bundleFake();
  return [await cpuOverhead(gcpInventory, world), "", await quotaBound(gcpInventory, server, world)].join("\n");
}
