import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { OCSF_SCHEMA_VERSION, reportOcsf, reportOcsfStream, resourcesOcsf } from "../../src/render/ocsf.js";
import { diffReports } from "../../src/evidence/baseline.js";
import { reportSource } from "../../src/render/report-stream.js";
import { reportJson } from "../../src/render/report-json.js";
import { exampleReport, golden, HOSTILE, hostileReport, hostileResources, NOW } from "./documents-fixtures.js";

/**
 * OCSF 1.x "Cloud Resources Inventory Info" (class_uid 5023), written from the
 * schema sources: base_event requires activity_id, category_uid, class_uid,
 * metadata, severity_id, time, type_uid; the cloud profile requires `cloud`
 * with `provider`; metadata requires product and version; the class requires at
 * least one of cloud, container, database, databucket, idp, resources, table.
 * Attribute names are restricted to the ones the schema defines so a typo fails.
 * https://github.com/ocsf/ocsf-schema/blob/main/events/discovery/cloud_resources_inventory_info.json
 */
const keyValue = {
  type: "object",
  required: ["name"],
  properties: { name: { type: "string" }, value: { type: "string" }, values: { type: "array", items: { type: "string" } } },
  additionalProperties: false,
};
const OCSF_5023 = {
  type: "object",
  required: ["activity_id", "category_uid", "class_uid", "type_uid", "severity_id", "time", "metadata", "cloud"],
  properties: {
    activity_id: { enum: [0, 1, 2, 99] },
    activity_name: { type: "string" },
    category_uid: { const: 5 },
    category_name: { const: "Discovery" },
    class_uid: { const: 5023 },
    class_name: { const: "Cloud Resources Inventory Info" },
    type_uid: { const: 502301 },
    type_name: { type: "string" },
    severity_id: { enum: [0, 1, 2, 3, 4, 5, 6, 99] },
    severity: { type: "string" },
    time: { type: "integer" },
    message: { type: "string" },
    metadata: {
      type: "object",
      required: ["version", "product"],
      properties: {
        version: { type: "string", pattern: "^1\\.\\d+\\.\\d+$" },
        product: {
          type: "object",
          required: ["name", "vendor_name"],
          properties: { name: { type: "string" }, vendor_name: { type: "string" }, version: { type: "string" }, uid: { type: "string" } },
          additionalProperties: false,
        },
        original_time: { type: "string" },
        log_name: { type: "string" },
      },
      additionalProperties: false,
    },
    cloud: {
      type: "object",
      required: ["provider"],
      properties: {
        provider: { type: "string", minLength: 1 },
        region: { type: "string" },
        zone: { type: "string" },
        account: {
          type: "object",
          anyOf: [{ required: ["uid"] }, { required: ["name"] }],
          properties: { uid: { type: "string" }, name: { type: "string" }, type: { type: "string" }, type_id: { enum: [0, 10, 11, 13, 99] } },
          additionalProperties: false,
        },
      },
      additionalProperties: false,
    },
    resources: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        anyOf: [{ required: ["uid"] }, { required: ["name"] }],
        properties: {
          uid: { type: "string" },
          name: { type: "string" },
          type: { type: "string" },
          region: { type: "string" },
          labels: { type: "array", items: { type: "string" } },
          tags: { type: "array", items: keyValue },
          data: {},
        },
        additionalProperties: false,
      },
    },
  },
  additionalProperties: false,
} as const;

const validate = new Ajv({ allErrors: true, strict: true, strictRequired: false }).compile(OCSF_5023);

function events(ndjson: string): Record<string, unknown>[] {
  expect(ndjson.endsWith("\n")).toBe(true);
  return ndjson
    .slice(0, -1)
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

function expectValid(event: Record<string, unknown>): void {
  if (!validate(event)) throw new Error(`invalid OCSF 5023 event: ${JSON.stringify(validate.errors)}`);
}

type Summary = { cloud_srm: { service: string | null; customer_controls: string[]; evidence_not_met: { control: string; rule: string }[] } };

describe("OCSF Cloud Resources Inventory Info", () => {
  it("with a baseline: each event says its resource's change, a gone resource gets a valid event of its own", async () => {
    const { report } = await exampleReport();
    const [first, ...rest] = report.resources;
    const baseline = { ...report, generatedAt: "2026-01-01T00:00:00.000Z", resources: rest };
    const current = { ...report, resources: report.resources.slice(0, -1) };
    current.problems = [];
    const last = report.resources.at(-1)!;
    current.drift = diffReports(baseline, current);
    const list = events(reportOcsf(current, { now: NOW }));
    list.forEach(expectValid);
    expect(list).toHaveLength(current.resources.length + 1);
    type Drifted = { cloud_srm: { drift: { baseline: string; change: string } } };
    const change = (e: Record<string, unknown>) => (e.resources as { uid: string; data: Drifted }[])[0]!;
    expect(change(list.find((e) => change(e).uid === first!.uid)!).data.cloud_srm.drift).toEqual({ baseline: "2026-01-01T00:00:00.000Z", change: "added" });
    expect(change(list[1]!).data.cloud_srm.drift.change).toMatch(/^(none|added)$/);
    const gone = list.at(-1)!;
    expect(change(gone).uid).toBe(last.uid);
    expect(change(gone).data.cloud_srm.drift).toEqual({ baseline: "2026-01-01T00:00:00.000Z", change: "removed" });
    expect((gone.cloud as { provider: string }).provider).toBe(last.provider);
    // A scope that failed: unknown, with the reason, never removed.
    current.problems = [{ source: "live", position: `account ${last.account}`, message: "AccessDenied" }];
    current.drift = diffReports(baseline, current);
    const unknown = events(reportOcsf(current, { now: NOW })).at(-1)!;
    expectValid(unknown);
    expect(change(unknown).data.cloud_srm.drift).toMatchObject({ change: "unknown", reason: expect.stringContaining("failed in this run") });
    // The streamed form gives the same bytes.
    let streamed = "";
    for await (const chunk of reportOcsfStream(reportSource(current), { now: NOW })) streamed += chunk;
    expect(streamed).toBe(reportOcsf(current, { now: NOW }));
  });

  it("one valid event per report resource, sorted, with the responsibility summary in resources[0].data (golden)", async () => {
    const { report } = await exampleReport();
    const ndjson = reportOcsf(report, { now: NOW });
    golden("example-report.ocsf.ndjson", ndjson);
    const list = events(ndjson);
    expect(list).toHaveLength(report.resources.length);
    list.forEach(expectValid);
    expect((list[0]!.metadata as { version: string }).version).toBe(OCSF_SCHEMA_VERSION);
    expect(list[0]!.time).toBe(NOW.getTime());
    const uids = list.map((e) => (e.resources as { uid: string }[])[0]!.uid);
    expect(uids).toEqual([...uids].sort());
    let notMet = 0;
    for (const [i, event] of list.entries()) {
      const r = report.resources.find((x) => x.uid === uids[i])!;
      const data = (event.resources as { data: Summary }[])[0]!.data.cloud_srm;
      expect(data.service).toBe(r.service);
      if (!r.service) continue; // unmapped: { service: null, mapped: false }
      expect(data.customer_controls).toEqual(r.controls.filter((c) => c.owner === "customer").map((c) => c.control));
      notMet += data.evidence_not_met?.length ?? 0;
    }
    expect(notMet).toBe(report.summary.evidence.notMet);
  });

  it("plain inventory resources: account type from the resource, no summary", async () => {
    const { resources } = await exampleReport();
    const list = events(resourcesOcsf(resources, { now: NOW, vendorName: "Acme", productVersion: "1.2.3" }));
    expect(list).toHaveLength(resources.length);
    list.forEach(expectValid);
    const expected: Record<string, string> = { "aws-account": "AWS Account", "azure-subscription": "Azure Subscription", "gcp-project": "GCP Project", other: "Other" };
    const sorted = [...resources].sort((a, b) => (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));
    list.forEach((e, i) => expect((e.cloud as { account: { type: string } }).account.type).toBe(expected[sorted[i]!.account.type]));
    expect(list.every((e) => (e.resources as object[])[0]! && !("data" in (e.resources as object[])[0]!))).toBe(true);
    expect((list[0]!.metadata as { product: object }).product).toEqual({ name: "cloud-srm", vendor_name: "Acme", version: "1.2.3" });
  });

  it("hostile names and tags: one line per event, values round-trip exactly", async () => {
    const report = await hostileReport();
    const ndjson = reportOcsf(report, { now: NOW });
    const list = events(ndjson);
    expect(list).toHaveLength(HOSTILE.length + 1);
    list.forEach(expectValid);
    const byUid = new Map(list.map((e) => [(e.resources as { uid: string }[])[0]!.uid, e]));
    for (const r of hostileResources()) {
      const resource = (byUid.get(r.uid)!.resources as { name: string; tags: { name: string; value: string }[] }[])[0]!;
      // JSON.stringify replaces lone surrogates with \ud800-style escapes; JSON.parse restores them.
      expect(resource.name).toBe(r.name);
      expect(resource.tags).toEqual(Object.keys(r.tags).sort().map((name) => ({ name, value: r.tags[name] })));
    }
    expect(ndjson).not.toMatch(/[\u2028\u2029]/);
  });

  it("report JSON: sorted keys, stable bytes", async () => {
    const { report } = await exampleReport();
    const text = reportJson(report);
    // The same report with every object's keys in reverse order gives the same bytes.
    const reverse = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(reverse) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reverse(x)])) : v;
    expect(reportJson(reverse(report) as typeof report)).toBe(text);
    const keys = Object.keys(JSON.parse(text) as object);
    expect(keys).toEqual([...keys].sort());
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(report)));
  });
});
