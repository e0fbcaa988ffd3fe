// The Azure adapter against the fake ARM + Resource Graph (test/support/fake-azure,
// bundled with esbuild and run in a child process so its CPU is not counted):
// 1. CPU overhead: the adapter (subscriptions, resource groups, the importer's
//    conversion, redaction, de-duplication, streaming) vs a hand-written
//    Resource Graph $skipToken loop that only counts rows, over 20,000 resources
//    in pages of 1,000. Bar (issue 10): at most 1.2x.
// 2. Quota: a 200-subscription tenant with 100,000 resources behind a fake that
//    enforces Resource Graph's quota (15 queries per 5 s window). Bar: within
//    1.2x of the quota-bound minimum, and no 429 after the first window.
// Needs `npm run build` (it measures dist/azure.js, what users get).
import { spawn } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { fmt, median } from "./stats.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));

/** Bundles the TypeScript fake and starts it in a child process; `spec` says what estate it serves. */
async function startFake(spec) {
  const { build } = await import("esbuild");
  const dir = await mkdtemp(join(tmpdir(), "cloud-srm-fake-azure-"));
  await writeFile(
    join(dir, "entry.ts"),
    `import { FakeAzure } from ${JSON.stringify(join(root, "test/support/fake-azure/server.ts"))};
     import { subscription, TENANT, TOKEN } from ${JSON.stringify(join(root, "test/support/fake-azure/world.ts"))};
     const spec = JSON.parse(process.argv[2]);
     const fake = new FakeAzure({ tenantId: TENANT, token: TOKEN, pageSize: spec.pageSize, ...(spec.quota ? { quota: spec.quota } : {}),
       subscriptions: Array.from({ length: spec.subscriptions }, (_, n) => subscription(n, spec.perSubscription)) });
     const url = await fake.start();
     console.log(JSON.stringify({ url, ca: fake.ca, token: TOKEN }));
     process.stdin.resume();
     process.stdin.on("end", () => { process.stderr.write(JSON.stringify({ overQuota: fake.overQuota, graphQueries: fake.graphQueries, calls: fake.calls.length }) + "\\n"); fake.stop().then(() => process.exit(0)); });`,
  );
  await build({ entryPoints: [join(dir, "entry.ts")], bundle: true, platform: "node", format: "esm", target: "node22", outfile: join(dir, "fake.mjs"), logLevel: "error" });
  const child = spawn(process.execPath, [join(dir, "fake.mjs"), JSON.stringify(spec)], { stdio: ["pipe", "pipe", "pipe"] });
  const info = await new Promise((resolve, reject) => {
    let text = "";
    child.stdout.on("data", (data) => {
      text += String(data);
      if (text.includes("\n")) resolve(JSON.parse(text.split("\n")[0]));
    });
    child.once("error", reject);
  });
  let stats = "";
  child.stderr.on("data", (data) => (stats += String(data)));
  return {
    ...info,
    stop: () => new Promise((resolve) => (child.once("exit", () => resolve(JSON.parse(stats.trim().split("\n").pop() || "{}"))), child.stdin.end())),
  };
}

const credentialFor = (token) => ({ getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3600_000 }) });

async function cpuOverhead(azureInventory, ResourceGraph) {
  const total = 20_000;
  const fake = await startFake({ subscriptions: 1, perSubscription: total, pageSize: 1000 });
  const credential = credentialFor(fake.token);
  const clientOptions = { endpoint: fake.url, tlsOptions: { ca: fake.ca } };
  const subscription = "00000000-0000-4000-8000-000000000000";
  const handWritten = async () => {
    const client = new ResourceGraph.ResourceGraphClient(credential, clientOptions);
    let count = 0;
    let skipToken;
    do {
      const page = await client.resources({ subscriptions: [subscription], query: "Resources | order by id asc", options: { top: 1000, resultFormat: "objectArray", ...(skipToken ? { skipToken } : {}) } });
      count += page.data.length;
      skipToken = page.skipToken;
    } while (skipToken);
    return count;
  };
  const adapter = async () => {
    let count = 0;
    for await (const resource of azureInventory({ credential, endpoint: fake.url, clientOptions: { tlsOptions: { ca: fake.ca } } })) if (resource.type.endsWith("s") || resource.uid) count++;
    return count;
  };
  const measure = async (fn, expected) => {
    const before = process.cpuUsage();
    const start = performance.now();
    const count = await fn();
    const cpu = process.cpuUsage(before);
    if (count !== expected) throw new Error(`expected ${expected} resources, got ${count}`);
    return { cpu: (cpu.user + cpu.system) / 1000, wall: performance.now() - start };
  };
  // The adapter also lists the subscription and its 2,000 resource groups.
  const adapterCount = total + 1 + total / 10;
  await measure(handWritten, total);
  await measure(adapter, adapterCount); // warm-up: module loading and JIT
  const hand = [];
  const ours = [];
  for (let i = 0; i < 5; i++) {
    hand.push(await measure(handWritten, total));
    ours.push(await measure(adapter, adapterCount));
  }
  await fake.stop();
  const h = median(hand.map((m) => m.cpu));
  const a = median(ours.map((m) => m.cpu));
  return [
    `### CPU overhead (${total.toLocaleString("en")} resources in pages of 1,000, one subscription)`,
    "",
    "Median of 5 interleaved runs after a warm-up; CPU is `process.cpuUsage()` of the client process (the fake runs in its own process). Both read the same Resource Graph pages through the real `@azure/arm-resourcegraph` client over HTTPS; the adapter also lists the subscription and its 2,000 resource groups and converts every row (the importer's conversion, redaction, de-duplication).",
    "",
    "| client | CPU ms | wall ms | vs hand-written |",
    "|---|---|---|---|",
    `| hand-written Resource Graph \`$skipToken\` loop (counts rows) | ${fmt(h)} | ${fmt(median(hand.map((m) => m.wall)))} | 1.00x |`,
    `| \`azureInventory()\` (subscriptions, resource groups, convert, redact, de-duplicate, stream) | ${fmt(a)} | ${fmt(median(ours.map((m) => m.wall)))} | ${fmt(a / h, 2)}x |`,
    "",
    `Bar: at most 1.2x. ${a / h <= 1.2 ? "Met" : "NOT met"}.`,
  ].join("\n");
}

async function quotaBound(azureInventory) {
  const subscriptions = 200;
  const perSubscription = 500;
  const limit = 15;
  const windowMs = 5000;
  const fake = await startFake({ subscriptions, perSubscription, pageSize: 1000, quota: { limit, windowMs } });
  const start = performance.now();
  let count = 0;
  const run = azureInventory({ credential: credentialFor(fake.token), endpoint: fake.url, clientOptions: { tlsOptions: { ca: fake.ca } } });
  for await (const _ of run) count++;
  const ms = performance.now() - start;
  const result = await run.result;
  const stats = await fake.stop();
  const expected = subscriptions * (1 + perSubscription + perSubscription / 10);
  if (count !== expected) throw new Error(`expected ${expected} resources, got ${count}`);
  // The quota-bound minimum: the first `limit` queries go at once, then `limit` per window.
  const queries = stats.graphQueries;
  const minimum = (Math.ceil(queries / limit) - 1) * windowMs;
  return [
    `### A 200-subscription tenant, 100,000 resources, behind Resource Graph's quota`,
    "",
    `${subscriptions} subscriptions x ${perSubscription} resources (plus ${subscriptions * perSubscription / 10} resource groups and the subscriptions), batches split over the default concurrency of 4, pages of 1,000 rows; the fake allows ${limit} queries per ${windowMs / 1000} s window (Resource Graph's documented quota) and answers 429 beyond it. The minimum: the first ${limit} queries at once, then ${limit} per window.`,
    "",
    "| Resource Graph queries | quota-bound minimum ms | run ms | vs minimum | 429 (over quota) | waits for the window |",
    "|---|---|---|---|---|---|",
    `| ${queries} | ${fmt(minimum)} | ${fmt(ms)} | ${fmt(ms / minimum, 2)}x | ${stats.overQuota} | ${result.pacing.waits} |`,
    "",
    `Bars: within 1.2x of the minimum (${ms / minimum <= 1.2 ? "met" : "NOT met"}); no 429 after the first window (${stats.overQuota === 0 ? "met: none at all" : `NOT met: ${stats.overQuota}`}).`,
  ].join("\n");
}

export async function run() {
  const { azureInventory } = await import(new URL("../../dist/azure.js", import.meta.url).href);
  const ResourceGraph = await import("@azure/arm-resourcegraph");
  return [await cpuOverhead(azureInventory, ResourceGraph), "", await quotaBound(azureInventory)].join("\n");
}
