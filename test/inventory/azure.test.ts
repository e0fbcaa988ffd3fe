import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { importAzure, parseResourceId } from "../../src/inventory/importers/azure.js";
import { tempTree } from "../support/tmp.js";
import { byteStream, expectNoSecrets, FIXED_NOW, runImport } from "./cloud-export-support.js";

const fixture = (name: string) => join("test/fixtures/azure", name);
const SUB = "0b1f6471-1bf0-4dda-aec3-cb9272f09590";

describe("importAzure", () => {
  it("imports az resource list output", async () => {
    const run = await runImport(importAzure, fixture("resource-list.json"));
    expect(run.problems).toEqual([]);
    const [storage, sql, db, vmss] = run.resources;
    expect(storage).toMatchObject({
      uid: `/subscriptions/${SUB}/resourceGroups/rg-payments-prod/providers/Microsoft.Storage/storageAccounts/stpaymentsprod01`,
      provider: "azure",
      account: { uid: SUB, type: "azure-subscription" },
      region: "westeurope",
      type: "Microsoft.Storage/storageAccounts",
      typeSystem: "arm",
      name: "stpaymentsprod01",
      tags: { env: "prod", owner: "payments" },
      createdAt: "2023-02-14T09:30:11.227Z",
      source: { kind: "azure-resource-list", file: fixture("resource-list.json"), ref: "record 0 (line 2)", collectedAt: FIXED_NOW.toISOString() },
    });
    expect(storage!.attributes).toMatchObject({
      kind: "StorageV2",
      sku: { name: "Standard_GRS" },
      properties: { allowBlobPublicAccess: false, minimumTlsVersion: "TLS1_2", publicNetworkAccess: "Enabled" },
    });
    // Identity fields are the resource's own fields, not attributes.
    for (const key of ["id", "name", "type", "location", "tags", "resourceGroup"]) expect(storage!.attributes).not.toHaveProperty(key);
    expect(sql).toMatchObject({ type: "Microsoft.Sql/servers", tags: {}, attributes: { identity: { type: "SystemAssigned" }, properties: { administratorLoginPassword: "[redacted]", publicNetworkAccess: "Disabled" } } });
    expect(db).toMatchObject({ type: "Microsoft.Sql/servers/databases", name: "sql-payments-prod/payments" });
    expect(vmss!.attributes).toMatchObject({ zones: ["1", "2", "3"], sku: { capacity: 3 } });
    expect(vmss!.org).toBeUndefined();
  });

  it("never lets a secret through", async () => {
    const run = await runImport(importAzure, fixture("resource-list.json"));
    expectNoSecrets(run, ["P@ssw0rd-azure-canary"]);
  });

  it("imports az graph query output, keeping Resource Graph's lower-case types", async () => {
    const run = await runImport(importAzure, fixture("graph-query.json"));
    expect(run.problems).toEqual([]);
    expect(run.resources.map((r) => [r.type, r.account.uid, r.region])).toEqual([
      ["microsoft.storage/storageaccounts", SUB, "westeurope"],
      ["microsoft.web/sites", "5f2e8a1c-77d4-4d6a-b0a0-3c1e9b7d2f00", "northeurope"],
      ["microsoft.keyvault/vaults", "5f2e8a1c-77d4-4d6a-b0a0-3c1e9b7d2f00", "northeurope"],
    ]);
    expect(run.resources[0]).toMatchObject({
      org: { uid: "72f988bf-86f1-41af-91ab-2d7cd011db47" },
      source: { kind: "azure-resource-graph", ref: "data[0] (line 4)" },
      attributes: { properties: { allowBlobPublicAccess: false } },
    });
    expect(run.resources[0]!.attributes).not.toHaveProperty("subscriptionId");
    expect(run.resources[0]!.attributes).not.toHaveProperty("tenantId");
    expect(run.resources[1]!.attributes).toMatchObject({ kind: "app,linux", properties: { httpsOnly: true, siteConfig: { minTlsVersion: "1.2" } } });
  });

  it("imports a plain array of graph rows and an ARM list response", async () => {
    const graph = JSON.parse(await readFile(fixture("graph-query.json"), "utf8")) as { data: unknown[] };
    const rows = await runImport(importAzure, { text: JSON.stringify(graph.data, null, 2), name: "rows.json" });
    expect(rows.resources.map((r) => r.source.kind)).toEqual(["azure-resource-graph", "azure-resource-graph", "azure-resource-graph"]);
    const list = JSON.parse(await readFile(fixture("resource-list.json"), "utf8")) as unknown[];
    const arm = await runImport(importAzure, { text: JSON.stringify({ value: list, nextLink: null }, null, 2), name: "arm.json" });
    expect(arm.resources).toHaveLength(4);
    expect(arm.resources[0]!.source.ref).toBe("value[0] (line 3)");
  });

  it("reads NDJSON rows from stdin", async () => {
    const list = JSON.parse(await readFile(fixture("resource-list.json"), "utf8")) as unknown[];
    const run = await runImport(importAzure, "-", { stdin: byteStream(`${list.map((r) => JSON.stringify(r)).join("\n")}\n`) });
    expect(run.resources.map((r) => r.source.ref)).toEqual(["line 1", "line 2", "line 3", "line 4"]);
    expect(run.resources[0]!.source.file).toBe("-");
    expectNoSecrets(run, ["P@ssw0rd-azure-canary"]);
  });

  it("reports bad rows with their positions and imports the rest", async () => {
    const id = (name: string) => `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/${name}`;
    const lines = [
      JSON.stringify({ id: id("kv1"), name: "kv1", type: "Microsoft.KeyVault/vaults", location: "westeurope", tags: {} }),
      JSON.stringify({ id: id("kv2"), name: "kv2", location: "westeurope", tags: { a: 1, b: true }, brandNewField: { x: 1 } }),
      JSON.stringify({ name: "kv3", type: "Microsoft.KeyVault/vaults" }),
      JSON.stringify({ id: 12, type: "Microsoft.KeyVault/vaults" }),
      "this is not json",
      JSON.stringify({ count_: 12 }),
      JSON.stringify({ id: id("kv4"), type: "Microsoft.KeyVault/vaults", tags: "env=prod" }),
    ];
    const run = await runImport(importAzure, { text: lines.join("\n"), name: "rows.ndjson" });
    // kv2 has no type: taken from its id. Non-string tag values are stringified; unknown fields kept as attributes.
    expect(run.resources.map((r) => r.name)).toEqual(["kv1", "kv2", "kv4"]);
    expect(run.resources[1]).toMatchObject({ type: "Microsoft.KeyVault/vaults", tags: { a: "1", b: "true" }, attributes: { brandNewField: { x: 1 } } });
    expect(run.problems.map((p) => [p.position, p.message])).toEqual([
      ["line 3", expect.stringContaining('these rows look like a projected listing (fields name, type) without the resource "id"')],
      ["line 4", "id must be a string (got number)"],
      ["line 5", expect.stringMatching(/^invalid JSON/)],
      ["line 6", "not an Azure resource: it has neither id nor type"],
      ["line 7", expect.stringMatching(/^tags must be a map/)],
    ]);
  });

  it("salvages a truncated graph page", async () => {
    const text = await readFile(fixture("graph-query.json"), "utf8");
    const run = await runImport(importAzure, { text: text.slice(0, text.indexOf("kv-web-prod")), name: "cut.json" });
    expect(run.resources).toHaveLength(2);
    expect(run.problems).toEqual([{ source: "cut.json", position: expect.stringMatching(/^line \d+$/), message: expect.stringMatching(/record 2 is cut off/) }]);
  });

  it("gives one clear problem for the wrong export", async () => {
    const run = await runImport(importAzure, "test/fixtures/aws-config/snapshot.json");
    expect(run.resources).toEqual([]);
    expect(run.problems).toHaveLength(1);
    expect(run.problems[0]!.message).toMatch(/^this does not look like an Azure resource export/);
    const html = await runImport(importAzure, { text: "<html>", name: "x" });
    expect(html.problems).toEqual([{ source: "x", position: "line 1", message: expect.stringMatching(/^not JSON/) }]);
  });

  it("parses ARM ids, child resources included", () => {
    expect(parseResourceId(`/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Sql/servers/s1/databases/d1`)).toEqual({ subscription: SUB, type: "Microsoft.Sql/servers/databases", name: "d1" });
    expect(parseResourceId(`/subscriptions/${SUB}/resourceGroups/rg`)).toEqual({ subscription: SUB });
  });

  it("imports 50,000 graph rows", async () => {
    const dir = await tempTree({});
    const path = join(dir, "graph.ndjson");
    const rows: string[] = [];
    for (let i = 0; i < 50_000; i++) {
      rows.push(JSON.stringify({ id: `/subscriptions/${SUB}/resourceGroups/rg${i % 50}/providers/Microsoft.Compute/disks/disk${i}`, name: `disk${i}`, type: "microsoft.compute/disks", location: "westeurope", subscriptionId: SUB, tenantId: "t", tags: { i: String(i) }, properties: { encryption: { type: "EncryptionAtRestWithPlatformKey" }, diskSizeGB: 128 } }));
    }
    await writeFile(path, rows.join("\n"));
    const before = process.memoryUsage().heapUsed;
    let count = 0;
    for await (const resource of importAzure(path)) if (resource.account.uid === SUB) count++;
    expect(count).toBe(50_000);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(150 * 1024 * 1024);
  });
});
