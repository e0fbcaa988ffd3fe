import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { importGcp } from "../../src/inventory/importers/gcp.js";
import { tempTree } from "../support/tmp.js";
import { byteStream, expectNoSecrets, FIXED_NOW, runImport } from "./cloud-export-support.js";

const fixture = (name: string) => join("test/fixtures/gcp", name);

describe("importGcp", () => {
  it("imports gcloud asset search-all-resources output", async () => {
    const run = await runImport(importGcp, fixture("search-all-resources.json"));
    expect(run.problems).toEqual([]);
    const [instance, bucket, project, sql] = run.resources;
    expect(instance).toEqual({
      uid: "//compute.googleapis.com/projects/acme-prod/zones/europe-west1-b/instances/web-1",
      provider: "gcp",
      // The project number is the uid (every record carries it); the id, when the name has it, is the account name.
      account: { uid: "884712340001", name: "acme-prod", type: "gcp-project" },
      org: { uid: "123456789012" },
      region: "europe-west1",
      zone: "europe-west1-b",
      type: "compute.googleapis.com/Instance",
      typeSystem: "gcp-asset",
      name: "web-1",
      tags: { env: "prod", team: "web" },
      createdAt: "2023-09-12T08:21:44.000Z",
      attributes: {
        externalIPs: ["34.118.12.7"],
        internalIPs: ["10.128.0.4"],
        networkInterfaceNetworks: ["https://www.googleapis.com/compute/v1/projects/acme-prod/global/networks/default"],
        state: "RUNNING",
        networkTags: ["http-server", "https-server"],
      },
      source: { kind: "gcp-asset-search", file: fixture("search-all-resources.json"), ref: "record 0 (line 2)", collectedAt: FIXED_NOW.toISOString() },
    });
    // A bucket's name has no project: the project number from `project`.
    expect(bucket).toMatchObject({ account: { uid: "884712340001" }, region: "europe-west1", tags: {}, attributes: { kmsKeys: [expect.stringContaining("cryptoKeys/exports")] } });
    expect(bucket!.zone).toBeUndefined();
    expect(project).toMatchObject({ type: "cloudresourcemanager.googleapis.com/Project", account: { uid: "884712340001" }, region: "global", attributes: { projectId: "acme-prod", state: "ACTIVE" } });
    expect(sql).toMatchObject({ account: { uid: "884712340002", name: "acme-data" }, region: "us-central1", attributes: { state: "RUNNABLE" } });
    expect(sql!.org).toBeUndefined();
  });

  it("imports a Cloud Asset export (snake_case NDJSON) with resource.data as attributes", async () => {
    const run = await runImport(importGcp, fixture("asset-export.ndjson"));
    expect(run.problems).toEqual([]);
    const [bucket, instance, cluster, fn] = run.resources;
    expect(bucket).toMatchObject({
      uid: "//storage.googleapis.com/acme-prod-exports",
      account: { uid: "884712340001", type: "gcp-project" },
      org: { uid: "123456789012" },
      region: "europe-west1",
      type: "storage.googleapis.com/Bucket",
      name: "acme-prod-exports",
      tags: { env: "prod", "data-class": "confidential" },
      createdAt: "2022-01-05T12:00:00.000Z",
      attributes: { iamConfiguration: { publicAccessPrevention: "enforced", uniformBucketLevelAccess: { enabled: true } } },
      source: { kind: "gcp-asset-export", ref: "line 1", collectedAt: "2024-03-01T00:00:00.123Z" },
    });
    expect(instance).toMatchObject({
      account: { uid: "884712340001", name: "acme-prod" },
      zone: "europe-west1-b",
      region: "europe-west1",
      createdAt: "2023-09-12T08:21:44.567Z",
      attributes: { networkInterfaces: [{ accessConfigs: [{ type: "ONE_TO_ONE_NAT" }] }], shieldedInstanceConfig: { enableSecureBoot: false } },
    });
    expect(cluster).toMatchObject({ name: "autopilot-prod", tags: { env: "prod" }, attributes: { autopilot: { enabled: true }, masterAuth: { clientKey: "[redacted]" } } });
    expect(fn).toMatchObject({ name: "thumbnail", attributes: { ingressSettings: "ALLOW_INTERNAL_ONLY", environmentVariables: { BUCKET: "acme-prod-exports", API_KEY: "[redacted]" } } });
    expectNoSecrets(run, ["gke-client-key-canary", "AIzaSy-gcp-function-canary"]);
  });

  it("imports gcloud asset list output (camelCase, with or without resource content)", async () => {
    const run = await runImport(importGcp, fixture("asset-list.json"));
    expect(run.problems).toEqual([]);
    expect(run.resources[0]).toMatchObject({ name: "acme-prod-exports", account: { uid: "884712340001" }, org: { uid: "123456789012" }, source: { kind: "gcp-asset-export", collectedAt: "2024-03-01T00:00:00.123Z" } });
    expect(run.resources[0]!.attributes).toBeUndefined();
    expect(run.resources[1]).toMatchObject({ zone: "europe-west1-b", tags: { env: "prod" }, attributes: { name: "web-1" } });
  });

  it("imports an export from stdin as a JSON array and as the REST { assets } page", async () => {
    const lines = (await readFile(fixture("asset-export.ndjson"), "utf8")).trim().split("\n");
    const array = await runImport(importGcp, "-", { stdin: byteStream(`[\n${lines.join(",\n")}\n]\n`) });
    expect(array.resources).toHaveLength(4);
    expect(array.resources[3]!.source).toMatchObject({ file: "-", ref: "record 3 (line 5)" });
    const page = await runImport(importGcp, { text: JSON.stringify({ readTime: "2024-05-01T00:00:00Z", assets: lines.map((l) => JSON.parse(l) as unknown) }, null, 2), name: "page.json" });
    expect(page.resources.map((r) => r.source.ref)).toEqual(["assets[0] (line 4)", expect.stringMatching(/^assets\[1\]/), expect.stringMatching(/^assets\[2\]/), expect.stringMatching(/^assets\[3\]/)]);
  });

  it("reports bad records with their positions and imports the rest", async () => {
    const lines = [
      JSON.stringify({ name: "//pubsub.googleapis.com/projects/p1/topics/t1", asset_type: "pubsub.googleapis.com/Topic", resource: { data: { name: "projects/p1/topics/t1" } } }),
      JSON.stringify({ name: "//pubsub.googleapis.com/projects/p1/topics/t2", resource: { data: {} } }),
      JSON.stringify({ name: ["x"], asset_type: "pubsub.googleapis.com/Topic" }),
      '{"name": "//pubsub.googleapis.com/projects/p1/topics/t3", "asset_type": ',
      JSON.stringify({ name: "//pubsub.googleapis.com/projects/p1/topics/t4", asset_type: "pubsub.googleapis.com/Topic", resource: "oops", ancestors: "projects/1", futureField: 1 }),
      JSON.stringify({ kind: "compute#instance", id: "123" }),
      JSON.stringify({ name: "//pubsub.googleapis.com/projects/p1/topics/t5", assetType: "pubsub.googleapis.com/Topic", labels: "a=b" }),
    ];
    const run = await runImport(importGcp, { text: lines.join("\n"), name: "assets.ndjson" });
    expect(run.resources.map((r) => r.name)).toEqual(["t1", "t4", "t5"]);
    expect(run.resources[1]!.account.uid).toBe("p1");
    expect(run.problems.map((p) => [p.position, p.message])).toEqual([
      ["line 2", "asset has no assetType"],
      ["line 3", "name must be a string (got array)"],
      ["line 4", expect.stringMatching(/^invalid JSON/)],
      ["line 5", "resource must be an object (got string); ignored"],
      ["line 5", "ancestors must be a list (got string); ignored"],
      ["line 6", "not a Cloud Asset Inventory record: it has neither name nor assetType"],
      ["line 7", expect.stringMatching(/^labels must be a map/)],
    ]);
  });

  it("salvages a truncated search result and reports an unknown project as 'unknown'", async () => {
    const text = await readFile(fixture("search-all-resources.json"), "utf8");
    const run = await runImport(importGcp, { text: text.slice(0, text.indexOf("sqladmin")), name: "cut.json" });
    expect(run.resources).toHaveLength(3);
    expect(run.problems).toEqual([{ source: "cut.json", position: expect.stringMatching(/^line \d+$/), message: expect.stringMatching(/record 3 is cut off/) }]);
    const bare = await runImport(importGcp, { text: JSON.stringify([{ name: "//storage.googleapis.com/b", assetType: "storage.googleapis.com/Bucket" }]), name: "b.json" });
    expect(bare.resources[0]!.account).toEqual({ uid: "unknown", type: "gcp-project" });
  });

  it("gives one clear problem for the wrong export", async () => {
    const run = await runImport(importGcp, "test/fixtures/azure/graph-query.json");
    expect(run.resources).toEqual([]);
    expect(run.problems).toHaveLength(1);
    expect(run.problems[0]!.message).toMatch(/^this does not look like a Google Cloud Asset Inventory export/);
  });

  it("streams a 50,000-asset export", async () => {
    const dir = await tempTree({});
    const path = join(dir, "assets.ndjson");
    const lines: string[] = [];
    for (let i = 0; i < 50_000; i++) {
      lines.push(JSON.stringify({ name: `//compute.googleapis.com/projects/p${i % 20}/zones/us-east1-b/disks/d${i}`, asset_type: "compute.googleapis.com/Disk", resource: { version: "v1", discovery_name: "Disk", data: { name: `d${i}`, sizeGb: "10", labels: { i: String(i) } }, location: "us-east1-b" }, ancestors: [`projects/${i % 20}`, "organizations/1"], update_time: "2024-01-01T00:00:00Z" }));
    }
    await writeFile(path, lines.join("\n"));
    const before = process.memoryUsage().heapUsed;
    let count = 0;
    for await (const resource of importGcp(path)) if (resource.zone === "us-east1-b") count++;
    expect(count).toBe(50_000);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(150 * 1024 * 1024);
  });
});
