import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { beforeAll, describe, expect, it } from "vitest";
import { builtinCatalog, exampleInventory, importInventory, loadCatalog } from "../../src/index.js";
import { buildReport } from "../../src/join/build-report.js";
import type { Report } from "../../src/join/report.js";
import {
  CLOUD_SRM_NS,
  CLOUD_SRM_UUID_NAMESPACE,
  componentDefinition,
  FEDRAMP_NS,
  matricesSsp,
  OSCAL_VERSIONS,
  reportSsp,
  uuidV5,
  type OscalVersion,
} from "../../src/render/oscal/index.js";
import type { Matrix, Resource } from "../../src/types.js";
import { diffReports } from "../../src/evidence/baseline.js";

// Validates every OSCAL output against the official JSON Schemas of both
// releases, then checks the rules the schemas cannot express (references
// resolve, UUIDs are unique, an export is never empty), then compares golden files.

const REFERENCE = fileURLToPath(new URL("../reference", import.meta.url));
const GOLDEN = fileURLToPath(new URL("../golden/oscal/", import.meta.url));
const UPDATE = process.env.UPDATE_GOLDEN === "1";
const NOW = new Date("2026-11-20T08:00:00.000Z");

type Doc = Record<string, unknown>;
type Kind = "ssp" | "component";

// ajv-formats is CommonJS: under NodeNext its default export is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

const validators = new Map<string, ValidateFunction>();
function validator(version: OscalVersion, kind: Kind): ValidateFunction {
  const id = `${version}/${kind}`;
  const cached = validators.get(id);
  if (cached) return cached;
  const schema = JSON.parse(readFileSync(`${REFERENCE}/oscal/${version}/oscal_${kind}_schema.json`, "utf8")) as { $schema: string };
  // The OSCAL schemas are draft-07 (Ajv's default class); their patterns use \p{L}, which needs
  // unicode regexes (Ajv's default unicodeRegExp: true); formats (uri, date-time) need ajv-formats.
  expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
  const ajv = new Ajv({ allErrors: true, unicodeRegExp: true });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  validators.set(id, validate);
  return validate;
}

function expectSchemaValid(doc: object, version: OscalVersion, kind: Kind): void {
  const validate = validator(version, kind);
  const ok = validate(doc);
  expect(ok ? [] : (validate.errors ?? []).slice(0, 10).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`)).toEqual([]);
}

/** Every object in the document, with its JSON path. */
function* walk(value: unknown, path = "$"): Generator<{ path: string; node: Doc }> {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield* walk(value[i], `${path}[${i}]`);
  } else if (value && typeof value === "object") {
    yield { path, node: value as Doc };
    for (const [k, v] of Object.entries(value)) yield* walk(v, `${path}.${k}`);
  }
}

const arr = (v: unknown) => (Array.isArray(v) ? (v as Doc[]) : []);

/** The rules OSCAL states but the JSON Schema cannot enforce. Returns the violations. */
function oscalRuleViolations(doc: Doc): string[] {
  const problems: string[] = [];
  const root = (doc["system-security-plan"] ?? doc["component-definition"]) as Doc;
  const metadata = root.metadata as Doc;
  const roleIds = new Set(arr(metadata.roles).map((r) => r.id as string));
  const partyUuids = new Set(arr(metadata.parties).map((p) => p.uuid as string));
  const implementation = root["system-implementation"] as Doc | undefined;
  const componentUuids = new Set(arr(implementation?.components ?? root.components).map((c) => c.uuid as string));

  // UUIDs are unique in the document (references excluded: they sit under other keys).
  const uuids = new Map<string, string>();
  for (const { path, node } of walk(doc)) {
    if (typeof node.uuid !== "string") continue;
    if (uuids.has(node.uuid)) problems.push(`duplicate uuid ${node.uuid} at ${path} and ${uuids.get(node.uuid)}`);
    uuids.set(node.uuid, path);
  }

  for (const { path, node } of walk(doc)) {
    // An export carries at least one provided or one responsibility (OSCAL SSP model, export constraint).
    if (node.export) {
      const exp = node.export as Doc;
      if (arr(exp.provided).length + arr(exp.responsibilities).length === 0) problems.push(`empty export at ${path}`);
      const provided = new Set(arr(exp.provided).map((p) => p.uuid as string));
      for (const r of arr(exp.responsibilities)) {
        if (r["provided-uuid"] !== undefined && !provided.has(r["provided-uuid"] as string)) problems.push(`dangling provided-uuid at ${path}`);
      }
    }
    if (typeof node["component-uuid"] === "string" && !componentUuids.has(node["component-uuid"])) problems.push(`dangling component-uuid at ${path}`);
    if (typeof node["role-id"] === "string" && !roleIds.has(node["role-id"])) problems.push(`unknown role-id ${node["role-id"]} at ${path}`);
    for (const party of (node["party-uuids"] as string[] | undefined) ?? []) if (!partyUuids.has(party)) problems.push(`dangling party-uuid at ${path}`);
    for (const role of (node["role-ids"] as string[] | undefined) ?? []) if (!roleIds.has(role)) problems.push(`unknown role-ids entry ${role} at ${path}`);
    // statement-ids unique within an implemented-requirement; control-ids unique within a control implementation.
    if (Array.isArray(node.statements)) {
      const ids = arr(node.statements).map((s) => s["statement-id"]);
      if (new Set(ids).size !== ids.length) problems.push(`duplicate statement-id at ${path}`);
    }
    if (Array.isArray(node["implemented-requirements"])) {
      const ids = arr(node["implemented-requirements"]).map((r) => r["control-id"]);
      if (new Set(ids).size !== ids.length) problems.push(`duplicate control-id at ${path}`);
    }
    // Shared-responsibility fields exist only in SSPs.
    if (doc["component-definition"] && ("export" in node || "provided" in node || "responsibilities" in node || "inherited" in node || "satisfied" in node)) {
      problems.push(`SSP-only field in a component definition at ${path}`);
    }
  }
  return problems;
}

const FEDRAMP_ORIGINATIONS = (() => {
  const values = JSON.parse(readFileSync(`${REFERENCE}/fedramp/fedramp_values.json`, "utf8")) as {
    "fedramp-values": { "value-set": { name: string; "allowed-values": { enum: { value: string }[] } }[] };
  };
  const set = values["fedramp-values"]["value-set"].find((v) => v.name === "control-origination")!;
  return new Set(set["allowed-values"].enum.map((e) => e.value));
})();

function props(doc: unknown): Doc[] {
  return [...walk(doc)].flatMap(({ node }) => arr(node.props));
}

function golden(name: string, doc: object): void {
  const text = `${JSON.stringify(doc, null, 2)}\n`;
  const file = `${GOLDEN}${name}.json`;
  if (UPDATE) {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(file, text);
  }
  expect(text === readFileSync(file, "utf8"), `${name}.json differs from its golden file (UPDATE_GOLDEN=1 to rewrite)`).toBe(true);
}

// An overlay with hostile text in every user-controlled field.
const HOSTILE_OVERLAY = {
  overlay: "acme <msp>\n# injected",
  services: {
    "aws.rds": {
      cells: {
        "platform.guest-os-patching": {
          owner: "third-party" as const,
          party: "  Example MSP <script>alert(1)</script>\n| Ltd ",
          customer: "Review the MSP's report.\n\n# Not a heading\n<img src=x onerror=alert(1)> [link](javascript:alert(1))",
          sources: ["MSA-2024-17 schedule B", "javascript:alert(1)", "https://example.com/a b"],
        },
      },
    },
  },
};

function fixtureResources(): Resource[] {
  const base = { account: { uid: "123456789012", type: "aws-account" }, source: { kind: "test", ref: "fixture" } } as const;
  return [
    { ...base, uid: "arn:aws:rds:eu-west-1:123456789012:db:orders", name: "orders *db* <b>", provider: "aws", type: "AWS::RDS::DBInstance", typeSystem: "cloudformation", region: "eu-west-1", tags: {}, attributes: { storageEncrypted: false, publiclyAccessible: false } },
    { ...base, uid: "arn:aws:s3:::acme-logs", name: "acme-logs", provider: "aws", type: "AWS::S3::Bucket", typeSystem: "cloudformation", tags: { owner: "a\nb" }, attributes: { supplementaryConfiguration: { PublicAccessBlockConfiguration: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true } } } },
    { ...base, uid: "arn:aws:xyz:::thing\n# x", provider: "aws", type: "AWS::Unknown::Thing", typeSystem: "cloudformation", tags: {} },
  ];
}

let matrices: Matrix[];
let hostile: Matrix[];
/** Small input for the golden files (OSCAL is verbose: about 250 kB per service): a service with hostile overlay text. */
let goldenMatrices: Matrix[];
let report: Report;
/** The golden report: one service with a failed check, and an unmapped resource. */
let goldenReport: Report;

beforeAll(async () => {
  const catalog = builtinCatalog();
  matrices = ["aws.rds", "aws.s3", "azure.storage-accounts", "paas"].map((id) => catalog.resolve(id));
  const overlaid = await loadCatalog({ overlays: [HOSTILE_OVERLAY] });
  hostile = [overlaid.resolve("aws.rds")];
  goldenMatrices = [overlaid.resolve("aws.rds")];
  report = await buildReport(fixtureResources(), { now: NOW });
  goldenReport = await buildReport(
    fixtureResources().filter((r) => r.type !== "AWS::S3::Bucket"),
    { now: NOW },
  );
});

describe("uuidV5", () => {
  it("matches the RFC 9562 test vector and derives the project namespace from its URL", () => {
    // RFC 9562 appendix A.4: name "www.example.com" in the DNS namespace.
    expect(uuidV5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "www.example.com")).toBe("2ed6657d-e927-568b-95e1-2665a8aea6a2");
    expect(uuidV5("6ba7b811-9dad-11d1-80b4-00c04fd430c8", CLOUD_SRM_NS)).toBe(CLOUD_SRM_UUID_NAMESPACE);
  });
});

describe.each(OSCAL_VERSIONS)("OSCAL %s", (version) => {
  const options = () => ({ now: NOW, oscalVersion: version });

  it("matrix SSP: schema-valid, references resolve, golden", () => {
    const doc = matricesSsp(matrices, options()) as Doc;
    expectSchemaValid(doc, version, "ssp");
    expect(oscalRuleViolations(doc)).toEqual([]);
    expect(((doc["system-security-plan"] as Doc).metadata as Doc)["oscal-version"]).toBe(version);
    const small = matricesSsp(goldenMatrices, options());
    expectSchemaValid(small, version, "ssp");
    golden(`matrices-ssp-${version}`, small);
  });

  it("report SSP: schema-valid, references resolve (also into the provider's export), golden", () => {
    const doc = reportSsp(report, options()) as Doc;
    expectSchemaValid(doc, version, "ssp");
    expect(oscalRuleViolations(doc)).toEqual([]);
    // inherited / satisfied point at the provided / responsibility items of the provider-side SSP of the same services.
    const provider = matricesSsp(Object.values(report.services), options());
    const provided = new Set([...walk(provider)].flatMap(({ node }) => arr((node.export as Doc | undefined)?.provided).map((p) => p.uuid)));
    const responsibilities = new Set([...walk(provider)].flatMap(({ node }) => arr((node.export as Doc | undefined)?.responsibilities).map((p) => p.uuid)));
    const nodes = [...walk(doc)].map(({ node }) => node);
    const inherited = nodes.flatMap((n) => arr(n.inherited));
    const satisfied = nodes.flatMap((n) => arr(n.satisfied));
    expect(inherited.length).toBeGreaterThan(0);
    expect(satisfied.length).toBeGreaterThan(0);
    expect(inherited.filter((i) => !provided.has(i["provided-uuid"]))).toEqual([]);
    expect(satisfied.filter((s) => !responsibilities.has(s["responsibility-uuid"]))).toEqual([]);
    const small = reportSsp(goldenReport, options());
    expectSchemaValid(small, version, "ssp");
    golden(`report-ssp-${version}`, small);
  });

  it("report SSP with a baseline: drift counts as system-characteristics props, the changes in the boundary remarks, schema-valid", () => {
    const baseline = { ...report, generatedAt: "2026-01-01T00:00:00.000Z", resources: report.resources.slice(1) };
    const drift = diffReports(baseline, { ...report, resources: report.resources.slice(0, -1) });
    const doc = reportSsp({ ...report, drift }, options()) as Doc;
    expectSchemaValid(doc, version, "ssp");
    expect(oscalRuleViolations(doc)).toEqual([]);
    const characteristics = (doc["system-security-plan"] as Doc)["system-characteristics"] as Doc;
    const props = arr(characteristics.props);
    const value = (name: string) => props.find((p) => p.name === name && p.ns === CLOUD_SRM_NS)?.value;
    expect(value("baseline")).toBe("2026-01-01T00:00:00.000Z");
    expect(value("drift-added")).toBe("1");
    expect(value("drift-removed")).toBe("1");
    const remarks = (characteristics["authorization-boundary"] as Doc).remarks as string;
    expect(remarks).toContain("Changes since the baseline report of 2026-01-01T00:00:00.000Z:");
    expect(remarks).toContain(report.resources[0]!.uid);
    // Without a baseline: no drift props (the golden above is unchanged).
    expect((reportSsp(report, options()) as Doc)["system-security-plan"]).not.toHaveProperty(["system-characteristics", "props"]);
  });

  it("component definition: schema-valid, no SSP-only fields, golden", () => {
    const doc = componentDefinition(matrices, options()) as Doc;
    expectSchemaValid(doc, version, "component");
    expect(oscalRuleViolations(doc)).toEqual([]);
    const small = componentDefinition(goldenMatrices, options());
    expectSchemaValid(small, version, "component");
    golden(`component-definition-${version}`, small);
  });

  it("hostile overlay text stays valid and escaped in every document", () => {
    for (const [doc, kind] of [
      [matricesSsp(hostile, options()), "ssp"],
      [componentDefinition(hostile, options()), "component"],
    ] as const) {
      expectSchemaValid(doc, version, kind);
      expect(oscalRuleViolations(doc as Doc)).toEqual([]);
      const json = JSON.stringify(doc);
      // Markup fields (CommonMark in OSCAL) carry no raw HTML and no live Markdown link or heading from user text.
      const markup = [...walk(doc)].flatMap(({ node }) => ["title", "description", "remarks", "purpose"].map((k) => node[k]).filter((v): v is string => typeof v === "string"));
      expect(markup.filter((text) => text.includes("<") || /(^|[^\\])\]\(/.test(text) || /^#/m.test(text))).toEqual([]);
      expect(json).toContain("Example MSP &lt;script&gt;alert(1)&lt;/script&gt; \\\\| Ltd");
      expect(json).toContain("\\\\# Not a heading");
      // String fields are plain text, not markup: kept literally, on one line, trimmed.
      const root = (doc as Doc)[kind === "ssp" ? "system-security-plan" : "component-definition"] as Doc;
      const names = arr((root.metadata as Doc).parties).map((p) => p.name);
      expect(names).toContain("Example MSP <script>alert(1)</script> | Ltd");
      // Only http(s) citations become links; the rest are listed in remarks.
      const hrefs = [...walk(doc)].flatMap(({ node }) => arr(node.links).map((l) => l.href as string));
      expect(hrefs.every((h) => /^https?:\/\//.test(h) && !/\s/.test(h))).toBe(true);
      expect(json).toContain("Sources: MSA-2024-17 schedule B");
    }
  });
});

describe("the checks themselves", () => {
  it("the schema validator and the rule checker reject broken documents", () => {
    const doc = JSON.parse(JSON.stringify(matricesSsp(hostile, { now: NOW }))) as Doc;
    const nodes = [...walk(doc)].map(({ node }) => node);
    const shared = nodes.find((n) => arr((n.export as Doc | undefined)?.responsibilities)[0]?.["provided-uuid"])!;
    const customer = nodes.find((n) => n.export && !(n.export as Doc).provided)!;
    // Schema-level: a version-1 UUID, a prop value with a line break.
    const broken = JSON.parse(JSON.stringify(doc)) as Doc;
    (broken["system-security-plan"] as Doc).uuid = "6ba7b810-9dad-11d1-80b4-00c04fd430c8";
    ((broken["system-security-plan"] as Doc).metadata as Doc).props = [{ name: "x", value: "a\nb" }];
    expect(validator("1.2.1", "ssp")(broken)).toBe(false);
    expect(validator("1.1.3", "ssp")(broken)).toBe(false);
    // Rule-level: a dangling provided-uuid, an empty export, a duplicate uuid.
    arr((shared.export as Doc).responsibilities)[0]!["provided-uuid"] = "00000000-0000-5000-8000-000000000000";
    customer.export = {};
    customer.uuid = shared.uuid;
    const violations = oscalRuleViolations(doc).join("\n");
    expect(violations).toMatch(/dangling provided-uuid/);
    expect(violations).toMatch(/empty export/);
    expect(violations).toMatch(/duplicate uuid/);
  });
});

describe("OSCAL content", () => {
  const ssp = () => matricesSsp(matrices, { now: NOW }) as Doc;
  const byComponents = (doc: Doc, statement: string) =>
    [...walk(doc)].filter(({ node }) => node["statement-id"] === statement).flatMap(({ node }) => arr(node["by-components"]));
  const propValue = (node: Doc, name: string) => arr(node.props).find((p) => p.name === name && p.ns === CLOUD_SRM_NS)?.value;

  it("exports the provider's part as provided and the customer's as responsibilities linked to it", () => {
    const doc = ssp();
    const components = arr(((doc["system-security-plan"] as Doc)["system-implementation"] as Doc).components);
    const rds = components.find((c) => c.title === "Amazon RDS")!;
    const encryption = byComponents(doc, "sc-28_smt.data.encryption-at-rest").find((b) => b["component-uuid"] === rds.uuid)!;
    expect(propValue(encryption, "owner")).toBe("shared");
    const exp = encryption.export as Doc;
    expect(arr(exp.provided)).toHaveLength(1);
    expect(arr(exp.responsibilities)[0]!["provided-uuid"]).toBe(arr(exp.provided)[0]!.uuid);
    // Customer-owned: responsibilities only, nothing to point at.
    const mfa = byComponents(doc, "ia-2_smt.identity.mfa").find((b) => b["component-uuid"] === rds.uuid)!;
    expect(propValue(mfa, "owner")).toBe("customer");
    expect((mfa.export as Doc).provided).toBeUndefined();
    expect(arr((mfa.export as Doc).responsibilities)[0]!["provided-uuid"]).toBeUndefined();
    // Provider-owned: provided only.
    const facilities = byComponents(doc, "pe-3_smt.physical.facilities").find((b) => b["component-uuid"] === rds.uuid)!;
    expect((facilities.export as Doc).responsibilities).toBeUndefined();
    expect(arr((facilities.export as Doc).provided)).toHaveLength(1);
  });

  it("implemented-requirements are NIST ids in natural order with FedRAMP control-origination props", () => {
    const doc = ssp();
    const reqs = arr(((doc["system-security-plan"] as Doc)["control-implementation"] as Doc)["implemented-requirements"]);
    const ids = reqs.map((r) => r["control-id"] as string);
    expect(ids.indexOf("ac-2")).toBeLessThan(ids.indexOf("ac-6"));
    expect(ids.indexOf("ac-6")).toBeLessThan(ids.indexOf("ac-6.5"));
    expect(ids).toContain("ia-2.1");
    const origination = (id: string) => arr(reqs.find((r) => r["control-id"] === id)!.props).filter((p) => p.name === "control-origination" && p.ns === FEDRAMP_NS).map((p) => p.value);
    expect(origination("pe-3")).toEqual(["sp-corporate"]);
    expect(origination("sc-28")).toEqual(expect.arrayContaining(["sp-system", "customer-configured"]));
    expect(origination("sa-11")).toEqual(["customer-provided"]);
    for (const doc2 of [doc, reportSsp(report, { now: NOW }), componentDefinition(matrices, { now: NOW }), matricesSsp(hostile, { now: NOW })]) {
      const values = props(doc2).filter((p) => p.name === "control-origination");
      expect(values.length).toBeGreaterThan(0);
      for (const p of values) {
        expect(p.ns).toBe(FEDRAMP_NS);
        expect(FEDRAMP_ORIGINATIONS.has(p.value as string)).toBe(true);
      }
    }
    // The leveraging SSP inherits the provider's part.
    const leveraging = props(reportSsp(report, { now: NOW })).filter((p) => p.name === "control-origination").map((p) => p.value);
    expect(leveraging).toContain("inherited");
    expect(leveraging).not.toContain("sp-system");
  });

  it("report SSP: inherited, satisfied with evidence, partial where a check fails, every resource an inventory item", () => {
    const doc = reportSsp(report, { now: NOW }) as Doc;
    const satisfied = byComponents(doc, "sc-28_smt.data.encryption-at-rest")
      .filter((b) => b.satisfied)
      .map((b) => ({ b, s: arr(b.satisfied)[0]! }));
    const rds = satisfied.find(({ s }) => String(s.remarks ?? "").includes("aws.rds.storage-encrypted"))!;
    expect(propValue(rds.s, "evidence-status")).toBe("not-met");
    expect(propValue(rds.s, "evidence-not-met")).toBe("1");
    expect(rds.b["implementation-status"]).toMatchObject({ state: "partial" });
    const items = arr(((doc["system-security-plan"] as Doc)["system-implementation"] as Doc)["inventory-items"]);
    expect(items).toHaveLength(report.resources.length);
    const unmapped = items.find((i) => !i["implemented-components"])!;
    expect(arr(unmapped.props).find((p) => p.name === "asset-id")!.value).toBe("arn:aws:xyz:::thing # x");
    expect(JSON.stringify(doc)).not.toContain("<b>");
  });

  it("same input and clock, same bytes, whatever the order of the matrices", () => {
    const a = JSON.stringify(matricesSsp(matrices, { now: NOW }));
    expect(JSON.stringify(matricesSsp([...matrices].reverse(), { now: NOW }))).toBe(a);
    expect(JSON.stringify(componentDefinition([...matrices, matrices[0]!], { now: NOW }))).toBe(JSON.stringify(componentDefinition(matrices, { now: NOW })));
    expect(JSON.stringify(reportSsp(report, { now: NOW }))).toBe(JSON.stringify(reportSsp(report, { now: NOW })));
    // The clock only moves the timestamps, never a UUID.
    const later = matricesSsp(matrices, { now: new Date("2027-01-01T00:00:00Z") });
    expect(JSON.stringify(later).replaceAll("2027-01-01T00:00:00.000Z", NOW.toISOString())).toBe(a);
  });

  it("refuses what it cannot express: no subjects, or two different matrices for one subject", () => {
    expect(() => matricesSsp([], { now: NOW })).toThrow(/at least one/);
    expect(() => componentDefinition([matrices[0]!, hostile[0]!], { now: NOW })).toThrow(/two different matrices for aws.rds/);
  });
});

describe("OSCAL at scale", () => {
  it("every built-in service in one SSP and one component definition, and the bundled example report, validate in both versions", async () => {
    const catalog = builtinCatalog();
    const all = catalog.services.map((s) => catalog.resolve(s.id));
    const resources: Resource[] = [];
    for (const { kind, file } of exampleInventory()) for await (const r of importInventory(kind, file)) resources.push(r);
    const example = await buildReport(resources, { now: NOW });
    for (const version of OSCAL_VERSIONS) {
      const options = { now: NOW, oscalVersion: version };
      for (const [doc, kind] of [
        [matricesSsp(all, options), "ssp"],
        [componentDefinition(all, options), "component"],
        [reportSsp(example, options), "ssp"],
      ] as const) {
        expectSchemaValid(doc, version, kind);
        expect(oscalRuleViolations(doc as Doc)).toEqual([]);
      }
    }
    // Six whole-catalog documents through ajv: about 20 s alone, past a minute
    // on a loaded 2-core machine; the limit is for hangs, not a speed check.
  }, 300_000);
});
