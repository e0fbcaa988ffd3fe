import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { beforeAll, describe, expect, it } from "vitest";
import { buildReport, builtinCatalog, exampleInventory, importInventory, renderReport, renderReportChunks, type Report, type Resource } from "../../src/index.js";
import { diffReports } from "../../src/evidence/baseline.js";
import { loadFindings } from "../../src/evidence/findings/load.js";
import { assessmentResults, assessmentResultsChunks, reportAssessmentResults, reportSsp, OSCAL_VERSIONS, CLOUD_SRM_NS, type OscalVersion } from "../../src/render/oscal/index.js";
import { reportSource } from "../../src/render/report-stream.js";

// The OSCAL assessment-results (AR) document, validated whole against NIST's
// official AR JSON Schemas of both releases (test/reference/oscal/<version>/
// oscal_assessment-results_schema.json, the release assets, checked by SHA-256
// below), then the AR model's rules the schema cannot express (references that
// must resolve, unique uuids, no empty arrays), from the OSCAL AR reference
// (https://pages.nist.gov/OSCAL-Reference/models/v1.1.3/assessment-results/json-reference/).

const REFERENCE = fileURLToPath(new URL("../reference", import.meta.url));
const FINDINGS = fileURLToPath(new URL("../fixtures/findings/", import.meta.url));
const NOW = new Date("2026-01-15T12:00:00.000Z");
const UUID = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[45][0-9A-Fa-f]{3}-[89ABab][0-9A-Fa-f]{3}-[0-9A-Fa-f]{12}$/;
const DATETIME_TZ = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** NIST's published SHA-256 of each release asset oscal_assessment-results_schema.json. */
const AR_SCHEMA_SHA256: Record<OscalVersion, string> = {
  "1.1.3": "d9e34757f0c12aff61f52b821f0b8f83ba0ba75b3a149a202b08ba82f82bc4c3",
  "1.2.1": "4f9e277a177adbcca9527612ce450a33dc6096773fa229d413d801d196c61985",
};

type Doc = Record<string, unknown>;
const arr = (v: unknown) => (Array.isArray(v) ? (v as Doc[]) : []);
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

const validators = new Map<OscalVersion, ValidateFunction>();
/** The official AR schema of a release, compiled as test/render/oscal.test.ts compiles the SSP's (draft-07, unicode patterns, formats). */
function arSchema(version: OscalVersion): ValidateFunction {
  const cached = validators.get(version);
  if (cached) return cached;
  const schema = JSON.parse(readFileSync(`${REFERENCE}/oscal/${version}/oscal_assessment-results_schema.json`, "utf8")) as { $schema: string; $id: string };
  expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
  expect(schema.$id).toBe(`http://csrc.nist.gov/ns/oscal/${version}/oscal-ar-schema.json`);
  const ajv = new Ajv({ allErrors: true, unicodeRegExp: true });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  validators.set(version, validate);
  return validate;
}

function schemaErrors(doc: unknown, version: OscalVersion): string[] {
  const validate = arSchema(version);
  return validate(doc) ? [] : (validate.errors ?? []).slice(0, 10).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
}

function* walk(value: unknown, path = "$"): Generator<{ path: string; node: Doc }> {
  if (Array.isArray(value)) for (let i = 0; i < value.length; i++) yield* walk(value[i], `${path}[${i}]`);
  else if (value && typeof value === "object") {
    yield { path, node: value as Doc };
    for (const [k, v] of Object.entries(value)) yield* walk(v, `${path}.${k}`);
  }
}

/** The AR model's rules: required fields, allowed values, references that resolve, unique uuids. */
function arViolations(doc: Doc): string[] {
  const problems: string[] = [];
  const root = doc["assessment-results"] as Doc;
  for (const k of ["uuid", "metadata", "import-ap", "results"]) if (!(k in root)) problems.push(`assessment-results lacks ${k}`);
  const backMatter = new Set(arr((root["back-matter"] as Doc | undefined)?.resources).map((r) => `#${r.uuid as string}`));
  if (!backMatter.has((root["import-ap"] as Doc).href as string)) problems.push("import-ap href does not resolve");
  const uuids = new Map<string, string>();
  for (const { path, node } of walk(doc)) {
    if (typeof node.uuid !== "string") continue;
    if (!UUID.test(node.uuid)) problems.push(`bad uuid at ${path}`);
    if (uuids.has(node.uuid)) problems.push(`duplicate uuid ${node.uuid} at ${path}`);
    uuids.set(node.uuid, path);
  }
  for (const { path, node } of walk(doc)) {
    for (const [k, v] of Object.entries(node)) if (Array.isArray(v) && v.length === 0) problems.push(`empty array ${k} at ${path}`);
  }
  for (const result of arr(root.results)) {
    for (const k of ["uuid", "title", "description", "start", "reviewed-controls"]) if (!(k in result)) problems.push(`result lacks ${k}`);
    if (arr((result["reviewed-controls"] as Doc)["control-selections"]).length === 0) problems.push("no control-selections");
    const local = result["local-definitions"] as Doc;
    const items = new Set(arr(local["inventory-items"]).map((i) => i.uuid));
    const components = new Set(arr(local.components).map((c) => c.uuid));
    for (const item of arr(local["inventory-items"])) {
      for (const c of arr(item["implemented-components"])) if (!components.has(c["component-uuid"])) problems.push("dangling component-uuid");
    }
    const observations = new Set<unknown>();
    for (const o of arr(result.observations)) {
      observations.add(o.uuid);
      for (const k of ["uuid", "description", "methods", "collected"]) if (!(k in o)) problems.push(`observation lacks ${k}`);
      for (const m of o.methods as string[]) if (!["EXAMINE", "INTERVIEW", "TEST", "UNKNOWN"].includes(m)) problems.push(`bad method ${m}`);
      for (const t of (o.types as string[] | undefined) ?? []) if (!["ssp-statement-issue", "control-objective", "mitigation", "finding", "historic"].includes(t)) problems.push(`bad type ${t}`);
      if (!DATETIME_TZ.test(o.collected as string)) problems.push(`bad collected ${String(o.collected)}`);
      for (const s of arr(o.subjects)) {
        if (s.type !== "inventory-item" || !items.has(s["subject-uuid"])) problems.push(`dangling subject ${String(s["subject-uuid"])}`);
      }
      for (const e of arr(o["relevant-evidence"])) if (typeof e.description !== "string") problems.push("relevant-evidence lacks description");
    }
    for (const f of arr(result.findings)) {
      for (const k of ["uuid", "title", "description", "target"]) if (!(k in f)) problems.push(`finding lacks ${k}`);
      const target = f.target as Doc;
      if (!["statement-id", "objective-id"].includes(target.type as string)) problems.push(`bad target type ${String(target.type)}`);
      const status = target.status as Doc;
      if (!["satisfied", "not-satisfied"].includes(status.state as string)) problems.push(`bad status ${String(status.state)}`);
      if (status.reason !== undefined && !["pass", "fail", "other"].includes(status.reason as string)) problems.push(`bad reason ${String(status.reason)}`);
      for (const r of arr(f["related-observations"])) if (!observations.has(r["observation-uuid"])) problems.push("dangling related observation");
    }
  }
  return problems;
}

const inventory = (): Resource[] =>
  readFileSync(`${FINDINGS}inventory.ndjson`, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Resource);

let report: Report;
let ar: Doc;

beforeAll(async () => {
  const catalog = builtinCatalog();
  const findings = await loadFindings(
    [
      { kind: "securityhub", file: `${FINDINGS}securityhub.asff.json` },
      { kind: "checkov", file: `${FINDINGS}checkov.json` },
      { kind: "trivy", file: `${FINDINGS}trivy.json` },
      { kind: "scc", file: `${FINDINGS}scc.json` },
    ],
    catalog,
    { now: NOW },
  );
  report = await buildReport(inventory(), { catalog, now: NOW, findings });
  ar = JSON.parse(await reportAssessmentResults(report, { now: NOW })) as Doc;
});

const result = (doc: Doc) => arr((doc["assessment-results"] as Doc).results)[0]!;
const propOf = (node: Doc, name: string) => arr(node.props).find((p) => p.name === name && p.ns === CLOUD_SRM_NS)?.value;

/** The reports whose AR must validate: imported findings, built-in rules, a partial run, drift since a baseline, a bare listing. */
async function variants(): Promise<[string, Report][]> {
  const catalog = builtinCatalog();
  const example: Resource[] = [];
  for (const { kind, file } of exampleInventory()) for await (const r of importInventory(kind, file, { now: () => NOW })) example.push(r);
  const all = inventory();
  const partial = await buildReport(all, { catalog, now: NOW, problems: [{ source: "bad.ndjson", position: "line 2", message: "not JSON: Unexpected token o" }] });
  const baseline = await buildReport(all.slice(0, 2), { catalog, now: NOW });
  const drift = await buildReport(all.slice(1), { catalog, now: NOW });
  drift.drift = diffReports(baseline, drift, { requiredTags: ["owner"] });
  const bare = await buildReport(all.map((r) => ({ ...r, attributes: undefined }) as Resource), { catalog, now: NOW });
  return [
    ["findings from four tools", report],
    ["the example inventory (built-in rules)", await buildReport(example, { catalog, now: NOW })],
    ["a partial run", partial],
    ["drift since a baseline", drift],
    ["a listing without configuration", bare],
  ];
}

describe.each(OSCAL_VERSIONS)("OSCAL %s assessment results", (version) => {
  it("the vendored schema is NIST's release asset, byte for byte", () => {
    const bytes = readFileSync(`${REFERENCE}/oscal/${version}/oscal_assessment-results_schema.json`);
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(AR_SCHEMA_SHA256[version]);
  });

  it("every kind of report gives a document valid against the official AR schema; the AR rules hold", async () => {
    for (const [name, r] of await variants()) {
      const doc = JSON.parse(await reportAssessmentResults(r, { now: NOW, oscalVersion: version })) as Doc;
      expect(schemaErrors(doc, version), name).toEqual([]);
      expect(arViolations(doc), name).toEqual([]);
      expect(((doc["assessment-results"] as Doc).metadata as Doc)["oscal-version"], name).toBe(version);
    }
  });

  it("the partial run and the drift say so in the validated document", async () => {
    const byName = new Map(await variants());
    const partial = result(JSON.parse(await reportAssessmentResults(byName.get("a partial run")!, { now: NOW, oscalVersion: version })) as Doc);
    expect(propOf(partial, "partial-inventory")).toBe("1");
    expect(String(partial.remarks)).toContain("bad.ndjson:line 2");
    const drift = result(JSON.parse(await reportAssessmentResults(byName.get("drift since a baseline")!, { now: NOW, oscalVersion: version })) as Doc);
    expect(propOf(drift, "drift-removed")).toBe("1");
    expect(String(drift.remarks)).toContain("Changes since the baseline report");
  });

  it("the schema rejects what it must (so a pass means something)", () => {
    const broken = JSON.parse(JSON.stringify(ar)) as Doc;
    ((arr(result(broken).findings)[0]!.target as Doc).status as Doc).state = "fine";
    delete arr(result(broken).observations)[0]!.collected;
    const errors = schemaErrors(broken, version).join("\n");
    expect(errors).toMatch(/must be equal to one of the allowed values/);
    expect(errors).toMatch(/must have required property 'collected'/);
  });
});

describe("assessment results content", () => {
  it("one observation per resource x covered duty, with the resource as subject and each finding's tool, check and time", () => {
    const observations = arr(result(ar).observations);
    let covered = 0;
    for (const r of report.resources) for (const c of r.controls) if (c.state && c.state !== "unchecked") covered++;
    expect(observations).toHaveLength(covered);
    const logs = observations.find((o) => propOf(o, "control") === "network.public-exposure" && String(o.title).includes("acme-logs"))!;
    expect(propOf(logs, "evidence-status")).toBe("not-met");
    const hub = arr(logs["relevant-evidence"]).find((e) => propOf(e, "tool") === "securityhub")!;
    expect(propOf(hub, "check-id")).toBe("S3.8");
    expect(propOf(hub, "observed-at")).toBe("2026-01-14T10:00:00.000Z");
    expect(arr(logs.subjects)[0]!.type).toBe("inventory-item");
  });

  it("a finding is satisfied only when every duty is met; unknown and unchecked duties are never satisfied", () => {
    const findings = arr(result(ar).findings);
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) {
      const status = (f.target as Doc).status as Doc;
      const [notMet, unknown, unchecked] = ["evidence-not-met", "evidence-unknown", "evidence-unchecked"].map((n) => Number(propOf(f, n)));
      if (notMet! + unknown! + unchecked! > 0) expect(status.state).toBe("not-satisfied");
      else expect(status.state).toBe("satisfied");
      if (notMet) expect(status.reason).toBe("fail");
    }
    // This inventory leaves most duties unchecked: most findings are not satisfied, never silently fine.
    expect(findings.filter((f) => ((f.target as Doc).status as Doc).state === "satisfied").length).toBeLessThan(findings.length);
  });

  it("every finding targets a statement of the leveraging SSP and points at it", () => {
    const ssp = reportSsp(report, { now: NOW });
    const statements = new Map([...walk(ssp)].filter(({ node }) => typeof node["statement-id"] === "string").map(({ node }) => [node["statement-id"], node.uuid]));
    for (const f of arr(result(ar).findings)) {
      const target = f.target as Doc;
      expect(statements.get(target["target-id"])).toBe(f["implementation-statement-uuid"]);
    }
  });

  it("the SSP's satisfied items cite AR observations by uuid and the rules/checks behind them", () => {
    const ssp = reportSsp(report, { now: NOW });
    const observations = new Set(arr(result(ar).observations).map((o) => o.uuid));
    const cited = [...walk(ssp)].flatMap(({ node }) => arr(node.satisfied)).flatMap((s) => arr(s.props).filter((p) => p.name === "evidence-observation"));
    expect(cited.length).toBeGreaterThan(0);
    expect(cited.filter((p) => !observations.has(p.value))).toEqual([]);
    const rules = [...walk(ssp)].flatMap(({ node }) => arr(node.satisfied)).flatMap((s) => arr(s.props).filter((p) => p.name === "evidence-rule").map((p) => p.value));
    expect(rules).toContain("securityhub:S3.8");
    // The SSP inventory items and the AR's are the same uuids.
    const sspItems = arr(((ssp as Doc)["system-security-plan"] as Doc)["system-implementation"] && (((ssp as Doc)["system-security-plan"] as Doc)["system-implementation"] as Doc)["inventory-items"]).map((i) => i.uuid);
    expect(arr((result(ar)["local-definitions"] as Doc)["inventory-items"]).map((i) => i.uuid)).toEqual(sspItems);
  });

  it("streams: chunks concatenate to the collected document, the dispatcher agrees, same input gives same bytes", async () => {
    const chunks: string[] = [];
    for await (const c of assessmentResultsChunks(reportSource(report), { now: NOW })) chunks.push(c);
    const whole = await assessmentResults(reportSource(report), { now: NOW });
    expect(chunks.join("")).toBe(whole);
    expect(whole).toBe(`${JSON.stringify(JSON.parse(whole), null, 2)}\n`);
    expect(await renderReport("oscal-ar", report, { now: NOW })).toBe(whole);
    let viaChunks = "";
    for await (const c of renderReportChunks("oscal-ar", report, { now: NOW })) viaChunks += String(c);
    expect(viaChunks).toBe(whole);
    // The clock moves timestamps only.
    const later = await reportAssessmentResults(report, { now: new Date("2027-01-01T00:00:00.000Z") });
    expect(later.replaceAll("2027-01-01T00:00:00.000Z", NOW.toISOString())).toBe(whole);
  });

  it("a listing without configuration: rules say unknown, no finding is satisfied; a report with nothing mapped is refused", async () => {
    const bare = inventory().map((r) => ({ ...r, attributes: undefined }) as Resource);
    const empty = await buildReport(bare, { now: NOW });
    const doc = JSON.parse(await reportAssessmentResults(empty, { now: NOW })) as Doc;
    expect(arViolations(doc)).toEqual([]);
    const observed = arr(result(doc).observations).map((o) => propOf(o, "evidence-status"));
    expect(observed.length).toBeGreaterThan(0);
    expect(new Set(observed)).toEqual(new Set(["unknown"]));
    const states = arr(result(doc).findings).map((f) => ((f.target as Doc).status as Doc).state);
    expect(states.length).toBeGreaterThan(0);
    expect(new Set(states)).toEqual(new Set(["not-satisfied"]));
    const unmapped = await buildReport([{ ...bare[0]!, type: "Nothing::Known::Here", typeSystem: "cloudformation" }], { now: NOW });
    await expect(reportAssessmentResults(unmapped, { now: NOW })).rejects.toThrow(/maps no resource/);
  });

  it("the checker catches what it must", () => {
    const broken = JSON.parse(JSON.stringify(ar)) as Doc;
    const r = result(broken);
    arr(r.observations)[0]!.subjects = [{ "subject-uuid": "00000000-0000-5000-8000-000000000000", type: "inventory-item" }];
    ((arr(r.findings)[0]!.target as Doc).status as Doc).state = "fine";
    const v = arViolations(broken).join("\n");
    expect(v).toMatch(/dangling subject/);
    expect(v).toMatch(/bad status fine/);
  });
});
