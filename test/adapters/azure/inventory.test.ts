import { afterEach, describe, expect, it } from "vitest";
import { azureInventory, type AzureProgress } from "../../../src/adapters/azure/index.js";
import { isPartial } from "../../../src/adapters/core/types.js";
import { builtinCatalog } from "../../../src/catalog/builtin.js";
import { importAzure } from "../../../src/inventory/importers/azure.js";
import { Joiner } from "../../../src/join/joiner.js";
import { ResourceSchema } from "../../../src/schema/resource.js";
import type { Resource } from "../../../src/types.js";
import { FakeAzure, type FakeAzureOptions } from "../../support/fake-azure/server.js";
import { STORAGE_KEY, subscription, subscriptionId, TENANT, TOKEN } from "../../support/fake-azure/world.js";
import { collect, fakeOptions } from "./helpers.js";

const fakes: FakeAzure[] = [];
async function start(options: Omit<FakeAzureOptions, "tenantId" | "token">): Promise<FakeAzure> {
  const fake = new FakeAzure({ tenantId: TENANT, token: TOKEN, ...options });
  fakes.push(fake);
  await fake.start();
  return fake;
}
afterEach(async () => {
  for (const fake of fakes.splice(0)) {
    expect(fake.writes).toEqual([]);
    await fake.stop();
  }
});

const lower = (values: string[]) => values.map((v) => v.toLowerCase()).sort();
function everything(fake: FakeAzure, ids: string[]): string[] {
  return fake.options.subscriptions.filter((s) => ids.includes(s.id)).flatMap((s) => [`/subscriptions/${s.id}`, ...s.groups.map((g) => g.id), ...s.resources.map((r) => r.id)]);
}

describe("a tenant: every subscription the credential sees", () => {
  it("lists subscriptions, resource groups and resources through Resource Graph, each once, with properties redacted", async () => {
    const fake = await start({ subscriptions: [subscription(0, 25), subscription(1, 12), subscription(2, 5, { state: "Disabled" })], pageSize: 7, throttle: true });
    const progress: AzureProgress[] = [];
    const { resources, result } = await collect(fakeOptions(fake, { onProgress: (p) => progress.push(p) }));

    expect(lower(resources.map((r) => r.uid))).toEqual(lower(everything(fake, [subscriptionId(0), subscriptionId(1)])));
    for (const resource of resources) expect(ResourceSchema.safeParse(resource).error).toBeUndefined();
    // Every listing went through Resource Graph (the ARM lists are only a fallback).
    expect(fake.calls.filter((c) => /\/(resources|resourcegroups)$/i.test(c.path) && c.path.startsWith("/subscriptions/"))).toEqual([]);
    expect(fake.throttled / fake.calls.length).toBeGreaterThanOrEqual(0.3);

    // Subscriptions are read in parallel batches: pick the resources by id, not by stream order.
    const storage = resources.find((r) => r.uid.endsWith(`/subscriptions/${subscriptionId(0)}/resourceGroups/rg-0-0/providers/Microsoft.Storage/storageAccounts/st0x0`))!;
    expect(storage).toMatchObject({
      provider: "azure",
      typeSystem: "arm",
      type: "microsoft.storage/storageaccounts",
      region: "westeurope",
      account: { uid: subscriptionId(0), name: "sub-0", type: "azure-subscription" },
      org: { uid: TENANT },
      tags: { env: "prod", owner: "team-0" },
      attributes: { kind: "StorageV2", sku: { name: "Standard_LRS" }, properties: { minimumTlsVersion: "TLS1_0", allowBlobPublicAccess: true, primaryKey: "[redacted]" } },
      source: { kind: "azure-live", collectedAt: "2026-01-02T03:04:05.000Z", ref: "resource-graph" },
    });
    const vm = resources.find((r) => r.uid.endsWith("/virtualMachines/vm-0-1"))!;
    expect(vm.tags).toEqual({}); // Resource Graph gives null tags
    expect(resources.find((r) => r.uid === `/subscriptions/${subscriptionId(1)}`)).toMatchObject({ type: "Microsoft.Resources/subscriptions", name: "sub-1", account: { uid: subscriptionId(1), name: "sub-1" } });
    expect(resources.find((r) => r.uid === `/subscriptions/${subscriptionId(0)}/resourceGroups/rg-0-1`)).toMatchObject({ type: "microsoft.resources/subscriptions/resourcegroups", tags: { env: "prod" } });
    const text = JSON.stringify({ resources, result, progress });
    for (const secret of [TOKEN, STORAGE_KEY, "Hunter2-must-not-leak!"]) expect(text).not.toContain(secret);

    expect(result).toMatchObject({
      identity: { tenantId: TENANT, objectId: "00000000-0000-4000-8000-0000000000a1", name: "auditor@contoso.test" },
      cloud: "custom",
      endpoint: fake.url,
      errors: [],
      aborted: false,
      resources: resources.length,
    });
    expect(result.scopes).toEqual([
      { id: subscriptionId(0), kind: "azure-subscription", name: "sub-0", status: "read", resources: 1 + 3 + 25 },
      { id: subscriptionId(1), kind: "azure-subscription", name: "sub-1", status: "read", resources: 1 + 2 + 12 },
      { id: subscriptionId(2), kind: "azure-subscription", name: "sub-2", status: "skipped", reason: "subscription is disabled", resources: 0 },
    ]);
    expect(isPartial(result)).toBe(false);
    expect(progress.at(-1)).toMatchObject({ phase: "done", scopesTotal: 3, scopesDone: 3, resources: resources.length });
  });

  it("gives the same evidence as importing the same Resource Graph rows from an export", async () => {
    const fake = await start({ subscriptions: [subscription(0, 30)], pageSize: 50 });
    const { resources } = await collect(fakeOptions(fake));
    // The export a customer would make of the same estate: `az graph query` output.
    const rows = (await (await fetchGraph(fake, "Resources | order by id asc")).json()) as { data: unknown[] };
    const imported: Resource[] = [];
    for await (const r of importAzure({ text: JSON.stringify({ count: rows.data.length, data: rows.data }) } as never)) imported.push(r);
    expect(imported.length).toBe(30);
    const joiner = new Joiner(builtinCatalog());
    const evidence = (r: Resource) => joiner.join(r).evidence.map((e) => `${e.rule}=${e.status}`);
    let compared = 0;
    for (const r of imported) {
      const live = resources.find((x) => x.uid === r.uid)!;
      expect(live.attributes).toEqual(r.attributes);
      expect(evidence(live)).toEqual(evidence(r));
      compared += evidence(r).length;
    }
    // Storage accounts have evidence rules on properties.minimumTlsVersion and allowBlobPublicAccess: some met, some not.
    expect(compared).toBeGreaterThan(0);
    const states = new Set(resources.flatMap((r) => joiner.join(r).evidence.map((e) => e.status)));
    expect(states.has("met")).toBe(true);
    expect(states.has("not-met")).toBe(true);
  });
});

/** A Resource Graph query straight to the fake, as `az graph query` would send it. */
async function fetchGraph(fake: FakeAzure, query: string): Promise<Response> {
  const { request } = await import("node:https");
  return new Promise((resolve, reject) => {
    const req = request(
      `${fake.url}/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01`,
      { method: "POST", ca: fake.ca, headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve(new Response(Buffer.concat(chunks), { status: res.statusCode })));
      },
    );
    req.on("error", reject);
    req.end(JSON.stringify({ subscriptions: fake.options.subscriptions.map((s) => s.id), query, options: { $top: 1000 } }));
  });
}

describe("chosen subscriptions", () => {
  it("names a subscription the credential cannot see as not-visible, reads the others, and marks the run partial", async () => {
    const fake = await start({ subscriptions: [subscription(0, 4), subscription(1, 4), subscription(2, 4, { visible: false })], pageSize: 3 });
    const { resources, result } = await collect(fakeOptions(fake, { subscriptions: [subscriptionId(1), subscriptionId(2), "11111111-2222-4333-8444-555555555555"] }));
    expect(lower(resources.map((r) => r.uid))).toEqual(lower(everything(fake, [subscriptionId(1)])));
    expect(result.scopes.map((s) => `${s.id} ${s.status}`)).toEqual([`${subscriptionId(1)} read`, `${subscriptionId(2)} not-visible`, "11111111-2222-4333-8444-555555555555 not-visible"]);
    expect(result.scopes[1]!.reason).toMatch(/cannot see this subscription/);
    expect(result.errors).toEqual([]);
    expect(isPartial(result)).toBe(true);
  });
});

describe("a management group", () => {
  it("reads every subscription under it at any depth, and only those", async () => {
    const fake = await start({
      managementGroups: [
        { id: "contoso", name: "Contoso" },
        { id: "platform", name: "Platform", parent: "contoso" },
        { id: "landing", name: "Landing zones", parent: "platform" },
        { id: "sandbox", name: "Sandbox" },
      ],
      subscriptions: [
        subscription(0, 3, { group: "contoso" }),
        subscription(1, 3, { group: "landing" }),
        subscription(2, 3, { group: "platform", visible: false }),
        subscription(3, 3, { group: "sandbox" }),
      ],
      pageSize: 2,
    });
    const { resources, result } = await collect(fakeOptions(fake, { managementGroup: "contoso" }));
    // The groups are containers, reported as resources of their own type (as subscriptions and resource groups are).
    const groups = ["contoso", "platform", "landing"].map((g) => `/providers/Microsoft.Management/managementGroups/${g}`);
    expect(lower(resources.map((r) => r.uid))).toEqual(lower([...groups, ...everything(fake, [subscriptionId(0), subscriptionId(1)])]));
    for (const resource of resources) expect(ResourceSchema.safeParse(resource).error).toBeUndefined();
    const landing = resources.find((r) => r.uid.endsWith("/landing"));
    expect(landing).toMatchObject({ type: "Microsoft.Management/managementGroups", name: "landing", attributes: { properties: { displayName: "Landing zones", parent: { id: "/providers/Microsoft.Management/managementGroups/platform" } } } });
    expect(result.managementGroup).toBe("contoso");
    // Each subscription under the group it sits in directly; every group named, under its parent.
    expect(result.scopes.map((s) => `${s.kind} ${s.id} ${s.status} ${s.parent ?? "-"}`)).toEqual([
      "azure-management-group managementGroups/contoso read -",
      "azure-management-group managementGroups/platform read managementGroups/contoso",
      "azure-management-group managementGroups/landing read managementGroups/platform",
      `azure-subscription ${subscriptionId(0)} read managementGroups/contoso`,
      `azure-subscription ${subscriptionId(1)} read managementGroups/landing`,
      `azure-subscription ${subscriptionId(2)} not-visible managementGroups/platform`,
    ]);
    // Sharded, each group is emitted by exactly one worker: the outputs concatenate without duplicates.
    const parts = await Promise.all([1, 2, 3].map((index) => collect(fakeOptions(fake, { managementGroup: "contoso", shard: { index, count: 3 } }))));
    const joined = parts.flatMap((p) => p.resources.map((r) => r.uid.toLowerCase()));
    expect(joined.sort()).toEqual(lower(resources.map((r) => r.uid)));
  });

  it("ends with one clear line when the group cannot be read", async () => {
    const fake = await start({ managementGroups: [{ id: "contoso", name: "Contoso" }], subscriptions: [subscription(0, 1)] });
    const run = azureInventory(fakeOptions(fake, { managementGroup: "elsewhere" }));
    await expect(async () => {
      for await (const _ of run) void _;
    }).rejects.toThrow(/^cannot list the subscriptions under management group elsewhere \(Microsoft\.Management\/managementGroups\/descendants\/read\): AuthorizationFailed: /);
    expect(JSON.stringify(await run.result)).not.toContain(TOKEN);
  });
});

describe("scale and quota", () => {
  it("queries at most 200 subscriptions at a time, and splits them over the concurrency", async () => {
    const subscriptions = Array.from({ length: 430 }, (_, n) => subscription(n, 1));
    const fake = await start({ subscriptions, pageSize: 100 });
    const { resources, result } = await collect(fakeOptions(fake, { concurrency: 1 }));
    expect(resources).toHaveLength(430 * 3);
    expect(fake.largestBatch).toBe(200);
    // Three batches (200, 200, 30), two queries each, each paged by 100 rows.
    expect(fake.calls.filter((c) => c.subscriptions !== undefined).map((c) => c.subscriptions)).toEqual(expect.arrayContaining([200, 200, 30]));
    expect(result.scopes.filter((s) => s.status === "read")).toHaveLength(430);
    // With 4 in flight, 430 subscriptions make 4 batches of at most 108: four $skipToken chains at once.
    const before = fake.calls.length;
    await collect(fakeOptions(fake, { concurrency: 4 }));
    expect(new Set(fake.calls.slice(before).filter((c) => c.subscriptions !== undefined).map((c) => c.subscriptions))).toEqual(new Set([108, 106]));
  });

  it("paces on the quota headers: no query goes over the quota after the first window", async () => {
    const subscriptions = Array.from({ length: 12 }, (_, n) => subscription(n, 6));
    const fake = await start({ subscriptions, pageSize: 4, quota: { limit: 5, windowMs: 250 } });
    const { resources, result } = await collect(fakeOptions(fake, { batchSize: 1, concurrency: 4 }));
    expect(resources).toHaveLength(12 * 8);
    expect(fake.graphQueries).toBeGreaterThan(20);
    expect(fake.overQuota).toBe(0);
    expect(result.pacing.waits).toBeGreaterThan(0);
    expect(result.errors).toEqual([]);
  });

  it("retries 429s that carry retry-after-ms when the quota is overrun by someone else", async () => {
    const subscriptions = Array.from({ length: 4 }, (_, n) => subscription(n, 6));
    const fake = await start({ subscriptions, pageSize: 4, quota: { limit: 2, windowMs: 100 } });
    // Pacing off (a huge concurrency and no headers seen yet): the fake's 429s must be retried, not fatal.
    const { resources, result } = await collect(fakeOptions(fake, { batchSize: 1, concurrency: 8 }));
    expect(resources).toHaveLength(4 * 8);
    expect(result.errors).toEqual([]);
  });
});

describe("ARM fallback", () => {
  it("lists with ARM per subscription when Resource Graph is refused, with a note and no error; a denied subscription fails alone", async () => {
    const fake = await start({ subscriptions: [subscription(0, 9), subscription(1, 9), subscription(2, 4)], pageSize: 4, graphDenied: true, denied: [subscriptionId(2)], throttle: true });
    const { resources, result } = await collect(fakeOptions(fake));
    expect(lower(resources.map((r) => r.uid))).toEqual(lower([...everything(fake, [subscriptionId(0), subscriptionId(1)]), `/subscriptions/${subscriptionId(2)}`]));
    const storage = resources.find((r) => r.type === "Microsoft.Storage/storageAccounts")!;
    expect(storage).toMatchObject({ source: { kind: "azure-live", ref: "arm" }, createdAt: "2025-01-02T03:04:05.000Z", attributes: { kind: "StorageV2" } });
    expect(result.scopes.map((s) => `${s.id} ${s.status}`)).toEqual([`${subscriptionId(0)} read`, `${subscriptionId(1)} read`, `${subscriptionId(2)} failed`]);
    expect(result.scopes[0]!.reason).toBe("listed with ARM: Resource Graph failed (AuthorizationFailed)");
    expect(result.errors).toEqual([
      {
        scope: subscriptionId(2),
        subscription: subscriptionId(2),
        operation: "Microsoft.Resources/subscriptions/resourceGroups/read",
        code: "AuthorizationFailed",
        message: expect.stringMatching(new RegExp(`^subscription ${subscriptionId(2)}: Microsoft\\.Resources/subscriptions/resourceGroups/read failed: AuthorizationFailed: `)),
      },
    ]);
  });

  it("lists with ARM when asked to, the same resources as Resource Graph gives", async () => {
    const fake = await start({ subscriptions: [subscription(0, 6)], pageSize: 4 });
    const viaArm = await collect(fakeOptions(fake, { resourceGraph: false }));
    expect(fake.calls.filter((c) => c.path.includes("ResourceGraph"))).toEqual([]);
    const viaGraph = await collect(fakeOptions(fake));
    expect(lower(viaArm.resources.map((r) => r.uid))).toEqual(lower(viaGraph.resources.map((r) => r.uid)));
  });

  it("lists a batch that failed halfway again with ARM without duplicates (ids compared regardless of case)", async () => {
    const fake = await start({ subscriptions: [subscription(0, 25)], pageSize: 4, graphLowerCaseIds: true, failingQuery: /^Resources\b/ });
    const { resources, result } = await collect(fakeOptions(fake));
    // The resource groups came from Resource Graph (lower-case ids) before the resources query failed; ARM listed them again.
    expect(fake.calls.some((c) => /\/resourcegroups$/i.test(c.path))).toBe(true);
    expect(resources.filter((r) => /resourcegroups/i.test(r.type))).toHaveLength(3);
    expect(lower(resources.map((r) => r.uid))).toEqual(lower(everything(fake, [subscriptionId(0)])));
    expect(result.scopes[0]).toMatchObject({ status: "read", reason: "listed with ARM: Resource Graph failed (InternalServerError)" });
  });
});

describe("sharding", () => {
  it("splits the subscriptions over N workers: together they read each once, each skips the others' as out of shard", async () => {
    const subscriptions = Array.from({ length: 9 }, (_, n) => subscription(n, 2, n === 4 ? { visible: false } : {}));
    const fake = await start({ subscriptions, pageSize: 5 });
    const ids = subscriptions.map((s) => s.id);
    const whole = await collect(fakeOptions(fake, { subscriptions: ids }));
    const parts = await Promise.all([1, 2, 3].map((index) => collect(fakeOptions(fake, { subscriptions: ids, shard: { index, count: 3 } }))));
    const uids = parts.flatMap((p) => p.resources.map((r) => r.uid));
    expect(new Set(uids).size).toBe(uids.length);
    expect(lower(uids)).toEqual(lower(whole.resources.map((r) => r.uid)));
    for (const [k, part] of parts.entries()) {
      expect(part.result.scopes).toHaveLength(9);
      for (const scope of part.result.scopes.filter((s) => s.status === "skipped")) expect(scope.reason).toBe(`out of shard ${k + 1}/3`);
    }
    // Every subscription is read (or found not visible) by exactly one worker.
    for (let n = 0; n < 9; n++) {
      const statuses = parts.map((p) => p.result.scopes.find((s) => s.id === subscriptionId(n))!.status).filter((s) => s !== "skipped");
      expect(statuses).toEqual([n === 4 ? "not-visible" : "read"]);
    }
    expect(() => azureInventory({ shard: { index: 4, count: 3 } })).toThrow(/shard "4\/3" must be K\/N/);
  });
});

describe("credentials, clouds and options", () => {
  it("asks a sovereign cloud's token scope, and ends in one line (no token in it) when the credential fails", async () => {
    const asked: unknown[] = [];
    const run = azureInventory({
      cloud: "AzureUSGovernment",
      credential: {
        getToken: async (scopes) => {
          asked.push(scopes);
          throw new Error(`AADSTS700016: application not found; client_secret=very-secret-value-123 Bearer ${TOKEN}`);
        },
      },
    });
    await expect(async () => {
      for await (const _ of run) void _;
    }).rejects.toThrow(/^cannot get a token for https:\/\/management\.usgovcloudapi\.net\/\.default: Error: AADSTS700016: application not found; client_secret=\[redacted\] Bearer \[redacted\]$/);
    expect(asked).toEqual(["https://management.usgovcloudapi.net/.default"]);
    expect(await run.result).toMatchObject({ cloud: "AzureUSGovernment", endpoint: "https://management.usgovcloudapi.net", scopes: [], aborted: false });
  });

  it("refuses contradictory options at once", () => {
    expect(() => azureInventory({ subscriptions: ["a"], managementGroup: "b" })).toThrow(/subscriptions or managementGroup, not both/);
    expect(() => azureInventory({ batchSize: 201 })).toThrow(/batchSize must be a whole number from 1 to 200/);
    expect(() => azureInventory({ cloud: "Mars" as never })).toThrow(/unknown cloud "Mars"/);
    expect(() => azureInventory({ endpoint: "management.azure.com" })).toThrow(/endpoint must be an http\(s\) URL/);
  });
});
