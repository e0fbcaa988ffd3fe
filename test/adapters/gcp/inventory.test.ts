import { afterEach, describe, expect, it } from "vitest";
import { catalogAssetTypes, gcpInventory, type GcpProgress } from "../../../src/adapters/gcp/index.js";
import { builtinCatalog } from "../../../src/catalog/builtin.js";
import { importGcp } from "../../../src/inventory/importers/gcp.js";
import { ResourceSchema } from "../../../src/schema/resource.js";
import type { Resource } from "../../../src/types.js";
import { FakeGcp, type FakeGcpOptions } from "../../support/fake-gcp/server.js";
import { ORG, organization, project, projectId, projectNumber } from "../../support/fake-gcp/world.js";
import { collect, fakeOptions } from "./helpers.js";

const fakes: FakeGcp[] = [];
async function start(options: FakeGcpOptions): Promise<FakeGcp> {
  const fake = new FakeGcp(options);
  fakes.push(fake);
  await fake.start();
  return fake;
}
afterEach(async () => {
  for (const fake of fakes.splice(0)) {
    // Read-only: the fake refuses and records anything else; nothing may have been attempted.
    expect(fake.writes).toEqual([]);
    await fake.stop();
  }
});

const uids = (resources: Resource[]) => resources.map((r) => r.uid).sort();
const FOLDERS = ["folders/300000000001", "folders/300000000002"];

describe("an organization", () => {
  it("lists every project's assets and the containers, each once, through a throttling storm", async () => {
    const fake = await start(organization(7, 6, { throttle: true }));
    const progress: GcpProgress[] = [];
    const { resources, result } = await collect(fakeOptions(fake, { scope: `organizations/${ORG}`, quotaProject: "billing-proj", onProgress: (p) => progress.push(p) }));

    expect(uids(resources)).toEqual(fake.namesUnder(`organizations/${ORG}`));
    expect(new Set(uids(resources)).size).toBe(resources.length);
    for (const resource of resources) expect(ResourceSchema.safeParse(resource).success).toBe(true);
    // At least 30% of the answers were RESOURCE_EXHAUSTED, and the adapter retried through all of them.
    expect(fake.throttled / fake.calls.length).toBeGreaterThanOrEqual(0.3);
    expect(result.throttled).toBe(fake.throttled);
    // Every call carried the quota project; every call was a ListAssets with content.
    expect(fake.calls.every((c) => c.userProject === "billing-proj" && c.method === "ListAssets")).toBe(true);

    // The organization, the folders and the projects are resources of their own types.
    expect(resources.find((r) => r.type === "cloudresourcemanager.googleapis.com/Organization")).toMatchObject({ uid: `//cloudresourcemanager.googleapis.com/organizations/${ORG}`, org: { uid: ORG } });
    expect(resources.filter((r) => r.type === "cloudresourcemanager.googleapis.com/Folder")).toHaveLength(2);
    expect(resources.filter((r) => r.type === "cloudresourcemanager.googleapis.com/Project")).toHaveLength(7);

    // The project number is the account uid and the project id its name, also for buckets (whose names hold neither).
    const bucket = resources.find((r) => r.uid === `//storage.googleapis.com/${projectId(1)}-bucket-1`);
    expect(bucket).toMatchObject({
      provider: "gcp",
      account: { uid: projectNumber(1), name: projectId(1), type: "gcp-project" },
      org: { uid: ORG },
      region: "EU",
      type: "storage.googleapis.com/Bucket",
      typeSystem: "gcp-asset",
      tags: { env: "prod" },
      createdAt: "2024-01-01T00:00:00.000Z",
      attributes: { iamConfiguration: { uniformBucketLevelAccess: { enabled: false }, publicAccessPrevention: "enforced" } },
      source: { kind: "gcp-live", collectedAt: "2026-01-02T03:04:05.000Z" },
    });
    // Configuration is redacted with the importers' rules.
    const sql = resources.find((r) => r.uid === `//cloudsql.googleapis.com/projects/${projectId(0)}/instances/db-2`);
    expect(sql?.attributes).toMatchObject({ rootPassword: "[redacted]", settings: { ipConfiguration: { requireSsl: true } } });
    expect(JSON.stringify(resources)).not.toContain("hunter2");

    expect(result.errors).toEqual([]);
    expect(result.roots).toEqual([`organizations/${ORG}`]);
    expect(result.scopes.map((s) => [s.id, s.kind, s.status])).toEqual([
      [`organizations/${ORG}`, "gcp-organization", "read"],
      ...FOLDERS.map((f) => [f, "gcp-folder", "read"]),
      ...Array.from({ length: 7 }, (_, i) => [`projects/${projectId(i)}`, "gcp-project", "read"]),
    ]);
    const byScope = Object.fromEntries(result.scopes.map((s) => [s.id, s]));
    expect(byScope[`projects/${projectId(3)}`]).toMatchObject({ number: projectNumber(3), resources: 6 });
    expect(result.resources).toBe(resources.length);
    expect(result.aborted).toBe(false);
    expect(progress.at(-1)).toMatchObject({ phase: "done", scopesDone: 8, scopesTotal: 8, resources: resources.length });
  });

  it("gives the same resource as importing a Cloud Asset export of the same estate", async () => {
    const fake = await start(organization(2, 3));
    const { resources } = await collect(fakeOptions(fake, { scope: `projects/${projectId(0)}` }));
    const live = resources.find((r) => r.type === "sqladmin.googleapis.com/Instance")!;
    const asset = fake.options.projects[0]!.assets.find((a) => a.assetType === "sqladmin.googleapis.com/Instance")!;
    // The export's NDJSON form of that asset (snake_case, as `gcloud asset export` writes it).
    const line = JSON.stringify({ name: asset.name, asset_type: asset.assetType, ancestors: [`projects/${projectNumber(0)}`, `organizations/${ORG}`], update_time: "2025-12-31T00:00:00Z", resource: { location: asset.location, data: asset.data } });
    const imported: Resource[] = [];
    for await (const r of importGcp({ text: line, name: "export.ndjson" } as never, { now: () => new Date("2026-01-02T03:04:05Z") })) imported.push(r);
    expect(imported).toHaveLength(1);
    const { source: _a, account: liveAccount, ...liveRest } = live;
    const { source: _b, account: importedAccount, ...importedRest } = imported[0]!;
    expect(liveRest).toEqual(importedRest);
    expect(liveAccount.uid).toBe(importedAccount.uid);
  });

  it("names a denied project, a pending-deletion one and a throttled-out one; the others complete", async () => {
    const world = organization(6, 3);
    world.projects[5]!.state = "DELETE_REQUESTED";
    const fake = await start({
      ...world,
      failures: [
        { scope: `projects/${projectId(1)}`, kind: "denied" },
        { scope: `projects/${projectId(2)}`, kind: "exhausted" },
        { scope: `projects/${projectId(3)}`, kind: "vpcsc" },
      ],
    });
    const { resources, result } = await collect(fakeOptions(fake, { scope: `organizations/${ORG}`, retry: { baseDelayMs: 0, attempts: 3 } }));
    const status = Object.fromEntries(result.scopes.map((s) => [s.id, [s.status, s.reason]]));
    expect(status[`projects/${projectId(0)}`]).toEqual(["read", undefined]);
    expect(status[`projects/${projectId(1)}`]).toEqual(["failed", undefined]);
    expect(status[`projects/${projectId(2)}`]).toEqual(["failed", undefined]);
    expect(status[`projects/${projectId(3)}`]).toEqual(["failed", undefined]);
    expect(status[`projects/${projectId(5)}`]).toEqual(["skipped", "project is delete requested"]);
    expect(result.errors.map((e) => [e.scope, e.code])).toEqual([
      [`projects/${projectId(1)}`, "PERMISSION_DENIED"],
      [`projects/${projectId(2)}`, "RESOURCE_EXHAUSTED"],
      [`projects/${projectId(3)}`, "PERMISSION_DENIED"],
    ].sort((a, b) => result.errors.findIndex((e) => e.scope === a[0]) - result.errors.findIndex((e) => e.scope === b[0])));
    const message = (scope: string) => result.errors.find((e) => e.scope === scope)!.message;
    expect(message(`projects/${projectId(1)}`)).toMatch(/^projects\/proj-0001: cloudasset\.assets\.listAssets failed: PERMISSION_DENIED: .*roles\/cloudasset\.viewer/);
    expect(message(`projects/${projectId(2)}`)).toContain("quota exhausted after retries");
    expect(message(`projects/${projectId(3)}`)).toContain("VPC Service Controls");
    // Exactly 3 attempts at the throttled-out project.
    expect(fake.calls.filter((c) => c.parent === `projects/${projectId(2)}`)).toHaveLength(3);
    // The readable projects are complete (the failed ones still appear as Project containers from the organization listing).
    const readable = [0, 4].flatMap((i) => fake.options.projects[i]!.assets.map((a) => a.name));
    for (const name of readable) expect(uids(resources)).toContain(name);
    expect(resources.some((r) => r.uid.includes(`/${projectId(1)}/`))).toBe(false);
  });

  it("reads only the named projects of an organization and names one it cannot see", async () => {
    const fake = await start(organization(4, 3));
    const { resources, result } = await collect(fakeOptions(fake, { scope: `organizations/${ORG}`, projects: [projectId(1), projectNumber(2), "ghost-project"] }));
    const status = Object.fromEntries(result.scopes.filter((s) => s.kind === "gcp-project").map((s) => [s.id, [s.status, s.reason]]));
    expect(status).toEqual({
      [`projects/${projectId(0)}`]: ["skipped", "not selected"],
      [`projects/${projectId(1)}`]: ["read", undefined],
      [`projects/${projectId(2)}`]: ["read", undefined],
      [`projects/${projectId(3)}`]: ["skipped", "not selected"],
      "projects/ghost-project": ["not-visible", "not found under the given folders or organization"],
    });
    expect(fake.calls.map((c) => c.parent).filter((p) => p.startsWith("projects/")).sort()).toEqual([`projects/${projectId(1)}`, `projects/${projectId(2)}`]);
    expect(resources.some((r) => r.uid.includes(`/${projectId(3)}/`))).toBe(false);
  });
});

describe("projects and folders as scopes", () => {
  it("reads named projects and reports a denied folder without ending the run", async () => {
    const fake = await start({ ...organization(3, 3), failures: [{ scope: "folders/300000000002", kind: "denied" }] });
    const { resources, result } = await collect(fakeOptions(fake, { scope: [`projects/${projectId(0)}`, "folders/300000000002", `projects/${projectNumber(1)}`] }));
    expect(result.scopes.map((s) => [s.id, s.status])).toEqual([
      ["folders/300000000002", "failed"],
      [`projects/${projectNumber(1)}`, "read"],
      [`projects/${projectId(0)}`, "read"],
    ]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ scope: "folders/300000000002", code: "PERMISSION_DENIED" });
    const expected = [0, 1].flatMap((i) => [`//cloudresourcemanager.googleapis.com/projects/${projectNumber(i)}`, ...fake.options.projects[i]!.assets.map((a) => a.name)]);
    expect(uids(resources)).toEqual(expected.sort());
    // The number given is resolved from the project's own record.
    expect(result.scopes.find((s) => s.id === `projects/${projectNumber(1)}`)).toMatchObject({ number: projectNumber(1), resources: 4 });
  });

  it("lists the types the catalog knows by default (and the containers); every type with \"all\"", async () => {
    const world = organization(2, 3);
    const odd = { name: `//example.googleapis.com/projects/${projectId(0)}/widgets/w1`, assetType: "example.googleapis.com/Widget", location: "global", data: { name: "w1" } };
    world.projects[0]!.assets.push(odd);
    const fake = await start(world);
    const known = catalogAssetTypes(builtinCatalog());
    expect(known).toEqual(expect.arrayContaining(["storage.googleapis.com/Bucket", "cloudresourcemanager.googleapis.com/Project", "cloudresourcemanager.googleapis.com/Folder"]));
    expect(known).not.toContain(odd.assetType);

    const byDefault = await collect(fakeOptions(fake, { scope: `organizations/${ORG}` }));
    const projectCalls = fake.calls.filter((c) => c.parent?.startsWith("projects/"));
    expect(projectCalls.length).toBeGreaterThan(0);
    for (const call of projectCalls) expect(call.assetTypes).toEqual(known);
    expect(byDefault.resources.map((r) => r.uid)).not.toContain(odd.name);
    expect(uids(byDefault.resources)).toEqual(fake.namesUnder(`organizations/${ORG}`).filter((n) => n !== odd.name));

    const all = await collect(fakeOptions(fake, { scope: `organizations/${ORG}`, assetTypes: "all" }));
    expect(all.resources.map((r) => r.uid)).toContain(odd.name);
    // A catalog handed in (one with overlays) decides instead of the built-in one.
    const overlaid = await collect(fakeOptions(fake, { scope: `projects/${projectId(0)}`, catalog: { services: [{ types: { "gcp-asset": [odd.assetType] } }] } }));
    expect([...new Set(overlaid.resources.map((r) => r.type))].sort()).toEqual(["cloudresourcemanager.googleapis.com/Project", odd.assetType]);
  });

  it("limits the asset types, keeping the project container", async () => {
    const fake = await start(organization(2, 6));
    const { resources } = await collect(fakeOptions(fake, { scope: `projects/${projectId(0)}`, assetTypes: ["storage.googleapis.com.*"] }));
    expect([...new Set(resources.map((r) => r.type))].sort()).toEqual(["cloudresourcemanager.googleapis.com/Project", "storage.googleapis.com/Bucket"]);
  });

  it("refuses a folder or organization given by name, and a malformed scope, before any call", () => {
    expect(() => gcpInventory({ scope: "folders/engineering" })).toThrow(/a folder is named by its number, not its name/);
    expect(() => gcpInventory({ scope: "organizations/example.com" })).toThrow(/organization is named by its number/);
    expect(() => gcpInventory({ scope: "my-project" })).toThrow(/must be projects\/ID, folders\/NUMBER or organizations\/NUMBER/);
    expect(() => gcpInventory({})).toThrow(/needs a scope/);
  });
});

describe("errors, secrets and stopping", () => {
  it("keeps credentials and tokens out of errors, and control characters out of messages", async () => {
    const key = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n";
    const fake = await start({ ...organization(2, 3), failures: [{ scope: `projects/${projectId(1)}`, kind: "denied", message: `token ya29.a0AfH6SMBsecret Bearer abc.def.ghi key ${key} \u001b[31mred` }] });
    const { result } = await collect(fakeOptions(fake, { scope: [`projects/${projectId(0)}`, `projects/${projectId(1)}`], credentials: { client_email: "reader@p.iam.gserviceaccount.com", private_key: key } }));
    const text = JSON.stringify(result);
    expect(result.errors).toHaveLength(1);
    for (const secret of ["ya29.a0AfH6SMBsecret", "abc.def.ghi", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", "\u001b"]) expect(text).not.toContain(secret);
  });

  it("stops on abort: the stream ends with the reason and the result says aborted", async () => {
    const fake = await start(organization(6, 12));
    const controller = new AbortController();
    const run = gcpInventory(fakeOptions(fake, { scope: `organizations/${ORG}`, signal: controller.signal, concurrency: 1 }));
    let seen = 0;
    await expect(
      (async () => {
        for await (const _ of run) if (++seen === 3) controller.abort(new Error("stop now"));
      })(),
    ).rejects.toThrow("stop now");
    expect((await run.result).aborted).toBe(true);
    expect(seen).toBe(3);
  });

  it("stops calling when the consumer stops reading", async () => {
    const fake = await start(organization(6, 12));
    const run = gcpInventory(fakeOptions(fake, { scope: `organizations/${ORG}`, concurrency: 1 }));
    for await (const _ of run) break;
    const result = await run.result;
    expect(result.aborted).toBe(true);
    const calls = fake.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fake.calls.length).toBe(calls);
    expect(calls).toBeLessThan(10);
  });
});

describe("shards", () => {
  it("N workers given 1/N..N/N read every project once; their outputs concatenate into the unsharded inventory", async () => {
    const world = organization(20, 3);
    world.projects[7]!.state = "DELETE_REQUESTED";
    const fake = await start(world);
    const scope = `organizations/${ORG}`;
    const whole = await collect(fakeOptions(fake, { scope, projects: [...world.projects.map((p) => p.id), "ghost-project"] }));
    const count = 3;
    const parts = [];
    for (let index = 1; index <= count; index++) parts.push(await collect(fakeOptions(fake, { scope, projects: [...world.projects.map((p) => p.id), "ghost-project"], shard: { index, count } })));
    const concatenated = parts.flatMap((p) => p.resources.map((r) => JSON.stringify(r)));
    expect(new Set(concatenated).size).toBe(concatenated.length);
    expect(concatenated.sort()).toEqual(whole.resources.map((r) => JSON.stringify(r)).sort());
    // Each project is read by exactly one worker and skipped as out of shard by the others; the
    // pending-deletion one is skipped by all, the not-visible one is reported by its own worker only.
    for (const project of whole.result.scopes.filter((s) => s.kind === "gcp-project")) {
      const statuses = parts.map((p) => p.result.scopes.find((s) => s.id === project.id)!);
      const own = statuses.filter((s) => s.reason === undefined || !s.reason.startsWith("out of shard"));
      expect(own).toHaveLength(project.reason === "project is delete requested" ? count : 1);
      expect(own[0]!.status).toBe(project.status);
      for (const [k, s] of statuses.entries()) if (!own.includes(s)) expect(s).toMatchObject({ status: "skipped", reason: `out of shard ${k + 1}/${count}` });
    }
    expect(parts.map((p) => p.result.errors)).toEqual([[], [], []]);
    expect(parts.filter((p) => p.result.scopes.some((s) => s.status === "not-visible"))).toHaveLength(1);
    // Every worker got a share.
    for (const part of parts) expect(part.result.scopes.filter((s) => s.kind === "gcp-project" && s.status === "read").length).toBeGreaterThan(0);
  });

  it("refuses a shard outside 1..N before any call", () => {
    expect(() => gcpInventory({ scope: "projects/my-project", shard: { index: 4, count: 3 } })).toThrow(/must be K\/N/);
  });
});

describe("pacing", () => {
  // The window arithmetic itself is tested with an injected clock in test/adapters/core/core.test.ts.
  it("stays under a quota-enforcing fake without a single RESOURCE_EXHAUSTED", async () => {
    let clock = 0;
    const fake = await start({ ...organization(4, 3), quota: { perMinute: 5, clock: () => clock } });
    // The adapter's pacer and the fake share one virtual clock, which moves only when the adapter waits.
    const timers = {
      now: () => clock,
      sleep: async (ms: number) => {
        const until = clock + ms;
        await Promise.resolve();
        clock = Math.max(clock, until);
      },
    };
    const { resources, result } = await collect(fakeOptions(fake, { scope: `organizations/${ORG}`, requestsPerMinute: 5, concurrency: 2, timers }));
    expect(result.errors).toEqual([]);
    expect(fake.throttled).toBe(0);
    expect(uids(resources)).toEqual(fake.namesUnder(`organizations/${ORG}`));
    expect(clock).toBeGreaterThanOrEqual(60_000);
  });
});

// Kept small: the project generator is shared with the conformance suite and the benchmark.
it("world: project() makes stable names", () => {
  expect(project(12).id).toBe("proj-0012");
});
