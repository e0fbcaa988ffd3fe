import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { buildReport, CatalogValidationError, formatProblem, loadCatalog, type Overlay, type Report, type Resource } from "../../src/index.js";
import { jsonSchemas } from "../../src/validate/json-schemas.js";
import { tempTree } from "../support/tmp.js";
import { runCli } from "../support/cli.js";

const EXAMPLE = fileURLToPath(new URL("../../docs/examples/tag-policies.yaml", import.meta.url));
const NOW = new Date("2026-06-01T00:00:00Z");

function resource(uid: string, type: string, typeSystem: Resource["typeSystem"], tags: Record<string, string>, attributes?: Record<string, unknown>): Resource {
  const provider = type.startsWith("aws_") ? "aws" : "azure";
  return {
    uid,
    provider,
    account: provider === "aws" ? { uid: "111122223333", type: "aws-account" } : { uid: "7c9e6679-7425-40de-944b-e07fc1f90ae7", type: "azure-subscription" },
    type,
    typeSystem,
    tags,
    ...(attributes ? { attributes } : {}),
    source: { kind: "test" },
  };
}

const duty = (report: Report, uid: string, control: string) => report.resources.find((r) => r.uid === uid)!.controls.find((c) => c.control === control)!;

const STORAGE = "Microsoft.Storage/storageAccounts";
const sa = (name: string, tags: Record<string, string>, encryption?: unknown) =>
  resource(`/subscriptions/7c9e6679-7425-40de-944b-e07fc1f90ae7/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/${name}`, STORAGE, "arm", tags, encryption === undefined ? { properties: {} } : { properties: { encryption } });

describe("policies from tags", () => {
  it("the example overlay raises duties by tag: not met when the rule fails, unknown when data or a rule for the type is missing, never silently met", async () => {
    const catalog = await loadCatalog({ overlays: [EXAMPLE] });
    const tags = { "data-classification": "confidential", owner: "payments" };
    const resources = [
      sa("platformkey", tags, { keySource: "Microsoft.Storage" }),
      sa("vaultkey", tags, { keySource: "Microsoft.Keyvault" }),
      sa("nodata", tags),
      sa("public", { "data-classification": "public", owner: "web" }, { keySource: "Microsoft.Storage" }),
      resource("aws_db_instance.orders", "aws_db_instance", "terraform", tags, { storage_encrypted: true }),
      resource("azurerm_mssql_database.prod", "azurerm_mssql_database", "terraform", { Environment: "production" }, { short_term_retention_policy: [{ retention_days: 3 }] }),
      resource("azurerm_mssql_database.dev", "azurerm_mssql_database", "terraform", { environment: "dev" }, { short_term_retention_policy: [{ retention_days: 3 }] }),
    ];
    const report = await buildReport(resources, { catalog, now: NOW });
    const uid = (name: string) => resources.find((r) => r.uid.endsWith(name))!.uid;
    expect(duty(report, uid("platformkey"), "data.key-management")).toMatchObject({ state: "not-met", evidence: [expect.objectContaining({ rule: "acme.storage-account-cmk", status: "not-met" })] });
    expect(duty(report, uid("vaultkey"), "data.key-management").state).toBe("met");
    expect(duty(report, uid("nodata"), "data.key-management").state).toBe("unknown");
    // Not confidential: the policy does not apply, the duty stays unchecked.
    expect(duty(report, uid("public"), "data.key-management").state).toBe("unchecked");
    // Confidential, but no rule of the policy checks an RDS instance: unknown, saying why.
    const rds = duty(report, "aws_db_instance.orders", "data.key-management");
    expect(rds.state).toBe("unknown");
    expect(rds.evidence?.[0]?.detail).toMatch(/acme\.confidential-cmk .*requires it, but none of its rules checks aws_db_instance/);
    // environment: production (tag key in another case) requires 7 days of backups.
    expect(duty(report, "azurerm_mssql_database.prod", "data.backup-recovery")).toMatchObject({ state: "not-met" });
    // The catalog rule is evaluated once (the service has it on this duty already), whatever the policy says.
    expect(duty(report, "azurerm_mssql_database.prod", "data.backup-recovery").evidence).toEqual([expect.objectContaining({ rule: "azure.sql.backup-retention", status: "not-met" })]);
    // Not production: the policy adds nothing (the catalog's own rule still runs).
    expect(duty(report, "azurerm_mssql_database.dev", "data.backup-recovery").evidence?.some((e) => /required by policy/.test(e.detail ?? ""))).toBe(false);
    // Required tags: a missing one is a governance duty not met; present ones make it met.
    expect(duty(report, "azurerm_mssql_database.prod", "governance.configuration-compliance")).toMatchObject({
      state: "not-met",
      evidence: [expect.objectContaining({ rule: "acme.required-tags", detail: "missing tags: owner, data-classification" })],
    });
    expect(duty(report, uid("vaultkey"), "governance.configuration-compliance").state).toBe("met");
  });

  it("a policy that uses a catalog rule evaluates it on the raised duty and does not count a rule twice", async () => {
    const overlay: Overlay = {
      overlay: "t",
      policies: [{ id: "t.prod-backups", title: "Backups for production", when: { tag: "env", equals: "prod" }, require: { control: "data.backup-recovery", use: ["aws.rds.backup-retention"] } }],
    };
    const catalog = await loadCatalog({ overlays: [overlay] });
    const report = await buildReport([resource("aws_db_instance.a", "aws_db_instance", "terraform", { env: "prod" }, { backup_retention_period: 1 })], { catalog, now: NOW });
    const row = duty(report, "aws_db_instance.a", "data.backup-recovery");
    expect(row.state).toBe("not-met");
    expect(row.evidence?.filter((e) => e.rule === "aws.rds.backup-retention")).toHaveLength(1);
  });

  it("bad policies are refused with the file, line and path of each problem", async () => {
    const dir = await tempTree({
      "bad.yaml": [
        "overlay: bad",
        "policies:",
        "  - id: p.one",
        "    title: One",
        "    when: {tag: env, equals: prod, present: true}",
        "    requireTags: [owner]",
        "  - id: p.two",
        "    title: Two",
        "    require: {control: data.encryption-at-rest}",
        "",
      ].join("\n"),
      "refs.yaml": [
        "overlay: refs",
        "policies:",
        "  - id: p.three",
        "    title: Three",
        "    require: {control: data.key-managment, use: [aws.rds.no-such-rule]}",
        "  - id: p.three",
        "    title: Again",
        "    requireTags: [owner]",
        "",
      ].join("\n"),
    });
    const bad = (await loadCatalog({ overlays: [join(dir, "bad.yaml")] }).catch((e: unknown) => e)) as CatalogValidationError;
    expect(bad).toBeInstanceOf(CatalogValidationError);
    expect(bad.problems.map(formatProblem)).toEqual([
      expect.stringMatching(/bad\.yaml:5:\d+: policies\[0\]\.when: .*needs exactly one of equals, oneOf, present \(has equals, present\)/),
      expect.stringMatching(/bad\.yaml:9:\d+: policies\[1\]\.require: needs rules or use/),
    ]);
    const refs = (await loadCatalog({ overlays: [join(dir, "refs.yaml")] }).catch((e: unknown) => e)) as CatalogValidationError;
    expect(refs.problems.map(formatProblem)).toEqual([
      expect.stringMatching(/refs\.yaml:5:\d+: policies\[0\]\.require\.control: unknown control id "data\.key-managment"/),
      expect.stringMatching(/refs\.yaml:5:\d+: policies\[0\]\.require\.use\[0\]: unknown evidence rule "aws\.rds\.no-such-rule"/),
      expect.stringMatching(/refs\.yaml:6:\d+: policies\[1\]\.id: policy id "p\.three" is already used/),
    ]);
    // The CLI says the same in one line per problem, exit 2 or 1, never a stack trace.
    const cli = await runCli(["report", "--example", "--overlay", join(dir, "refs.yaml")]);
    expect(cli.code).not.toBe(0);
    expect(cli.stderr).toMatch(/refs\.yaml:5:\d+: policies\[0\]\.require\.control: unknown control id/);
    expect(cli.stderr).not.toMatch(/\n\s+at /);
  });

  it("the published overlay JSON Schema accepts the example and rejects a bad condition", () => {
    const schema = jsonSchemas()["overlay.schema.json"] as object;
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    const validate = ajv.compile(schema);
    const example = parseYaml(readFileSync(EXAMPLE, "utf8")) as Record<string, unknown>;
    expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ overlay: "x", policies: [{ id: "x", title: "X", when: { tag: "a", nope: 1 }, requireTags: ["a"] }] })).toBe(false);
  });
});
