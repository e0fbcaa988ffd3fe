// The AWS adapter against the fake AWS (test/support/fake-aws, bundled with
// esbuild and run in a child process so its CPU is not counted):
// 1. CPU overhead: the adapter (normalizing, de-duplicating, streaming) vs a
//    hand-written SDK paginator loop that only counts, over 200 pages x 100
//    resources. Bar: at most 1.2x.
// 2. Concurrency: 10 regions of different sizes, 20 ms per page. Bar: the
//    whole run takes at most 1.5x the slowest region's own time, not the sum.
// Needs `npm run build` (it measures dist/aws.js, what users get).
import { spawn } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { fmt, median } from "./stats.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
const REGIONS = ["us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-west-2", "eu-central-1", "ap-south-1", "ap-northeast-1", "sa-east-1"];
const ACCOUNT = "100000000000";
const credentials = { accessKeyId: "AKIAFAKEBASE00000001", secretAccessKey: "fake/base/secret/key/0000000000000000000" };

/** Bundles the TypeScript fake into one ESM file and starts it in a child process with a world. */
async function startFake(world) {
  const { build } = await import("esbuild");
  const dir = await mkdtemp(join(tmpdir(), "cloud-srm-fake-aws-"));
  await build({ entryPoints: [join(root, "test/support/fake-aws/server.ts")], bundle: true, platform: "node", format: "esm", target: "node20", outfile: join(dir, "server.mjs"), logLevel: "error" });
  await writeFile(
    join(dir, "run.mjs"),
    `import { FakeAws } from "./server.mjs";
     import { readFileSync } from "node:fs";
     const world = JSON.parse(readFileSync(process.argv[2], "utf8"));
     const fake = new FakeAws(world);
     console.log(await fake.start());
     process.stdin.resume(); process.stdin.on("end", () => fake.stop().then(() => process.exit(0)));`,
  );
  await writeFile(join(dir, "world.json"), JSON.stringify(world));
  const child = spawn(process.execPath, [join(dir, "run.mjs"), join(dir, "world.json")], { stdio: ["pipe", "pipe", "inherit"] });
  const url = await new Promise((resolve, reject) => {
    child.stdout.once("data", (data) => resolve(String(data).trim()));
    child.once("error", reject);
  });
  return { url, stop: () => new Promise((resolve) => (child.once("exit", resolve), child.stdin.end())) };
}

function resources(region, count) {
  return Array.from({ length: count }, (_, i) => ({ arn: `arn:aws:ec2:${region}:${ACCOUNT}:instance/i-${region.replace(/-/g, "")}${String(i).padStart(6, "0")}`, region, tags: { Name: `web-${i}`, env: i % 2 ? "prod" : "dev", team: "platform" } }));
}

async function cpuOverhead(awsInventory, Tagging) {
  const pages = 200;
  const perPage = 100;
  const fake = await startFake({ management: ACCOUNT, pageSize: perPage, accounts: [{ id: ACCOUNT, name: "bench", resources: resources("us-east-1", pages * perPage) }] });
  const config = { endpoint: fake.url, region: "us-east-1", credentials };
  const handWritten = async () => {
    const client = new Tagging.ResourceGroupsTaggingAPIClient(config);
    let count = 0;
    for await (const page of Tagging.paginateGetResources({ client }, { ResourcesPerPage: perPage })) count += page.ResourceTagMappingList?.length ?? 0;
    client.destroy();
    return count;
  };
  const adapter = async () => {
    let count = 0;
    for await (const resource of awsInventory({ regions: ["us-east-1"], region: "us-east-1", credentials, clientConfig: { endpoint: fake.url } })) if (resource.uid) count++;
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
  for (let i = 0; i < 7; i++) {
    hand.push(await measure(handWritten));
    ours.push(await measure(adapter));
  }
  await fake.stop();
  const h = median(hand.map((m) => m.cpu));
  const a = median(ours.map((m) => m.cpu));
  return [
    `### CPU overhead (${pages} pages x ${perPage} resources, Tagging API, one region)`,
    "",
    "Median of 7 interleaved runs after a warm-up; CPU is `process.cpuUsage()` of the client process (the fake runs in its own process).",
    "",
    "| client | CPU ms | wall ms | vs hand-written |",
    "|---|---|---|---|",
    `| hand-written \`paginateGetResources\` loop (counts only) | ${fmt(h)} | ${fmt(median(hand.map((m) => m.wall)))} | 1.00x |`,
    `| \`awsInventory()\` (identity, probe, normalize, de-duplicate, stream) | ${fmt(a)} | ${fmt(median(ours.map((m) => m.wall)))} | ${fmt(a / h, 2)}x |`,
    "",
    `Bar: at most 1.2x. ${a / h <= 1.2 ? "Met" : "NOT met"}.`,
  ].join("\n");
}

async function regionConcurrency(awsInventory) {
  const perPage = 100;
  // Region i holds 5 + 2i pages: the slowest (sa-east-1) has 23, all ten 140.
  const sizes = REGIONS.map((_, i) => (5 + 2 * i) * perPage);
  const fake = await startFake({
    management: ACCOUNT,
    pageSize: perPage,
    latencyMs: 20,
    accounts: [{ id: ACCOUNT, name: "bench", resources: REGIONS.flatMap((region, i) => resources(region, sizes[i])) }],
  });
  const timeRun = async (regions) => {
    const start = performance.now();
    let count = 0;
    for await (const _ of awsInventory({ regions, region: "us-east-1", credentials, clientConfig: { endpoint: fake.url } })) count++;
    return { ms: performance.now() - start, count };
  };
  const slowestRegion = REGIONS[REGIONS.length - 1];
  const own = [];
  const all = [];
  const each = REGIONS.map(() => []);
  for (let i = 0; i < 3; i++) {
    own.push((await timeRun([slowestRegion])).ms);
    const run = await timeRun(REGIONS);
    if (run.count !== sizes.reduce((a, b) => a + b, 0)) throw new Error(`expected every resource once, got ${run.count}`);
    all.push(run.ms);
  }
  for (const [i, region] of REGIONS.entries()) each[i].push((await timeRun([region])).ms);
  await fake.stop();
  const o = median(own);
  const w = median(all);
  const sum = each.reduce((total, times) => total + median(times), 0);
  return [
    "### Ten regions, 20 ms per page (concurrency 8)",
    "",
    "Regions hold 5 to 23 pages of 100 resources (140 pages in all); median of 3 runs.",
    "",
    "| run | wall ms | vs slowest region alone |",
    "|---|---|---|",
    `| slowest region alone (${slowestRegion}, 23 pages) | ${fmt(o)} | 1.00x |`,
    `| all ten regions in one run | ${fmt(w)} | ${fmt(w / o, 2)}x |`,
    `| sum of the ten regions run one by one | ${fmt(sum)} | ${fmt(sum / o, 2)}x |`,
    "",
    `Bar: the whole run at most 1.5x the slowest region alone. ${w / o <= 1.5 ? "Met" : "NOT met"}.`,
  ].join("\n");
}

export async function run() {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  process.env.AWS_EC2_METADATA_DISABLED ??= "true";
  const { awsInventory } = await import(new URL("../../dist/aws.js", import.meta.url).href);
  const Tagging = await import("@aws-sdk/client-resource-groups-tagging-api");
  return [await cpuOverhead(awsInventory, Tagging), "", await regionConcurrency(awsInventory)].join("\n");
}
