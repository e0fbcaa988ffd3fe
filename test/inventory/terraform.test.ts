import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { ImportOptions, ImportProblem } from "../../src/inventory/importer.js";
import type { InputSource } from "../../src/inventory/input.js";
import { importTerraform } from "../../src/inventory/importers/terraform.js";
import { ResourceSchema } from "../../src/schema/resource.js";
import type { Resource } from "../../src/types.js";

const NOW = new Date("2025-01-15T12:00:00.000Z");

function fixture(name: string): string {
  return fileURLToPath(new URL(`../fixtures/terraform/${name}`, import.meta.url));
}

function fixtureText(name: string): string {
  return readFileSync(fixture(name), "utf8");
}

async function importAll(input: InputSource, options: ImportOptions = {}) {
  const resources: Resource[] = [];
  const problems: ImportProblem[] = [];
  for await (const resource of importTerraform(input, { now: () => NOW, onProblem: (problem) => problems.push(problem), ...options })) resources.push(resource);
  return { resources, problems };
}

function byRef(resources: Resource[], ref: string): Resource {
  const found = resources.find((resource) => resource.source.ref === ref);
  if (!found) throw new Error(`no resource with ref ${ref}; have ${resources.map((r) => r.source.ref).join(", ")}`);
  return found;
}

function expectValid(resources: Resource[]): void {
  for (const resource of resources) {
    const parsed = ResourceSchema.safeParse(resource);
    expect(parsed.success, `${resource.source.ref}: ${parsed.success ? "" : parsed.error.message}`).toBe(true);
  }
}

/** A state v4 document with one resource per line, so resources[i] starts on line i + 3. */
function stateText(resources: unknown[], extraTop: Record<string, unknown> = {}): string {
  const head = JSON.stringify({ version: 4, terraform_version: "1.9.8", serial: 1, lineage: "l-1", ...extraTop, outputs: {} }).slice(0, -1);
  return `${head},\n"resources": [\n${resources.map((resource) => JSON.stringify(resource)).join(",\n")}\n]\n}\n`;
}

function managed(type: string, name: string, attributes: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { mode: "managed", type, name, provider: `provider["registry.terraform.io/hashicorp/${type.split("_")[0]}"]`, instances: [{ schema_version: 0, attributes, sensitive_attributes: [] }], ...extra };
}

const STATE_SECRETS = ["Sup3r-S3cret-DB-pw!", "AzStorKey+Primary0123456789abcdef==", "AzStorKey+Secondary0123456789abcdef==", "k8s-redis-value-7c1e"];

describe("importTerraform: state version 4", () => {
  it("imports every managed instance, expands count and for_each, leaves data sources out", async () => {
    const { resources, problems } = await importAll(fixture("terraform.tfstate"));
    expect(problems).toEqual([]);
    expect(resources.map((resource) => resource.source.ref)).toEqual([
      "aws_db_instance.orders",
      "aws_instance.web[0]",
      "aws_instance.web[1]",
      "aws_security_group_rule.https_in",
      "azurerm_storage_account.logs",
      "google_compute_instance.batch",
      'module.app.aws_s3_bucket.assets["blue"]',
      'module.app.aws_s3_bucket.assets["green"]',
      "module.app.module.cache.kubernetes_secret.redis",
      "github_repository.infra",
      "aws_launch_template.web",
      "aws_launch_template.web (deposed 00a1b2c3)",
    ]);
    expectValid(resources);
  });

  it("maps an AWS resource: ARN as uid, account and region from the ARN, zone, tags_all, identifier as name", async () => {
    const { resources } = await importAll(fixture("terraform.tfstate"));
    const db = byRef(resources, "aws_db_instance.orders");
    expect(db).toMatchObject({
      uid: "arn:aws:rds:eu-west-1:123456789012:db:orders-db",
      provider: "aws",
      account: { uid: "123456789012", type: "aws-account" },
      region: "eu-west-1",
      zone: "eu-west-1a",
      type: "aws_db_instance",
      typeSystem: "terraform",
      name: "orders-db",
      tags: { Name: "orders", "cost-center": "retail", env: "prod" },
      source: { kind: "terraform-state", file: fixture("terraform.tfstate"), ref: "aws_db_instance.orders", collectedAt: NOW.toISOString() },
    });
    expect(db.attributes).toMatchObject({ engine: "postgres", storage_encrypted: true, username: "orders_admin", password: "[redacted]" });
    expect(db.attributes).not.toHaveProperty("private");
    expect(byRef(resources, "aws_instance.web[1]")).toMatchObject({ name: "web-1", region: "eu-west-1", zone: "eu-west-1c" });
  });

  it("falls back to the Terraform address, and to the state's only account when the attributes carry no cloud id", async () => {
    const { resources } = await importAll(fixture("terraform.tfstate"));
    const awsAccounts = new Set(resources.filter((r) => r.provider === "aws" && !/^arn:aws:s3:::/.test(r.uid) && r.uid.startsWith("arn:")).map((r) => r.account.uid));
    expect(awsAccounts.size).toBe(1);
    const [only] = [...awsAccounts];
    expect(byRef(resources, "aws_security_group_rule.https_in")).toMatchObject({
      uid: "aws_security_group_rule.https_in",
      account: { uid: only, type: "aws-account" },
      name: "https_in",
      tags: {},
    });
    const bucket = byRef(resources, 'module.app.aws_s3_bucket.assets["green"]');
    // S3 ARNs carry no account: the state's only AWS account is used; the region comes from the attribute.
    expect(bucket).toMatchObject({ uid: "arn:aws:s3:::acme-assets-green", account: { uid: only, type: "aws-account" }, region: "eu-west-1", name: "acme-assets-green", tags: {} });
    expect(byRef(resources, "github_repository.infra")).toMatchObject({ uid: "github_repository.infra", provider: "github", account: { uid: "unknown", type: "other" }, name: "infra" });
    expect(byRef(resources, "module.app.module.cache.kubernetes_secret.redis").provider).toBe("kubernetes");
  });

  it("maps Azure and GCP resources", async () => {
    const { resources } = await importAll(fixture("terraform.tfstate"));
    expect(byRef(resources, "azurerm_storage_account.logs")).toMatchObject({
      uid: "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg-logs/providers/Microsoft.Storage/storageAccounts/stlogsprod001",
      provider: "azure",
      account: { uid: "00000000-1111-2222-3333-444444444444", type: "azure-subscription" },
      region: "westeurope",
      name: "stlogsprod001",
      tags: { env: "prod" },
    });
    expect(byRef(resources, "google_compute_instance.batch")).toMatchObject({
      uid: "https://www.googleapis.com/compute/v1/projects/acme-analytics/zones/europe-west1-b/instances/batch-1",
      provider: "gcp",
      account: { uid: "acme-analytics", type: "gcp-project" },
      region: "europe-west1",
      zone: "europe-west1-b",
      name: "batch-1",
      tags: { "goog-terraform-provisioned": "true", team: "data" },
      createdAt: "2024-03-05T02:14:09.123-08:00",
    });
  });

  it("redacts sensitive_attributes paths and secret-named keys", async () => {
    const { resources, problems } = await importAll(fixture("terraform.tfstate"));
    const output = JSON.stringify({ resources, problems });
    for (const secret of STATE_SECRETS) expect(output).not.toContain(secret);
    const secret = byRef(resources, "module.app.module.cache.kubernetes_secret.redis");
    // The kubernetes provider marks a Secret's `data` Sensitive: the whole map goes (layer a, by hand),
    // whatever the state's own sensitive paths say.
    expect(secret.attributes?.data).toBe("[redacted]");
    expect(byRef(resources, "azurerm_storage_account.logs").attributes).toMatchObject({ primary_access_key: "[redacted]", min_tls_version: "TLS1_2" });
  });

  it("reads the single-step sensitive_attributes form and withholds attributes whose markings it cannot read", async () => {
    const text = stateText([
      { ...managed("vault_token", "ci", { id: "t-1", client_token_value: "hvs.FLATFORM-SECRET" }), instances: [{ attributes: { id: "t-1", client_token_value: "hvs.FLATFORM-SECRET" }, sensitive_attributes: [{ type: "get_attr", value: "client_token_value" }] }] },
      { ...managed("aws_db_instance", "odd", {}), instances: [{ attributes: { arn: "arn:aws:rds:us-east-1:111122223333:db:odd", opaque_blob: "UNREADABLE-MARK-SECRET" }, sensitive_attributes: { paths: ["opaque_blob"] } }] },
    ]);
    const { resources, problems } = await importAll({ text, name: "odd.tfstate" });
    expect(resources.map((resource) => resource.source.ref)).toEqual(["vault_token.ci", "aws_db_instance.odd"]);
    expect(resources[0]!.attributes).toEqual({ id: "t-1", client_token_value: "[redacted]" });
    expect(resources[1]).toMatchObject({ uid: "arn:aws:rds:us-east-1:111122223333:db:odd", account: { uid: "111122223333" }, region: "us-east-1" });
    expect(resources[1]!.attributes).toBeUndefined();
    expect(problems).toEqual([{ source: "odd.tfstate", position: "resources[1].instances[0] (line 4)", message: 'aws_db_instance.odd: "sensitive_attributes" not understood; its attributes are withheld' }]);
    const output = JSON.stringify({ resources, problems });
    expect(output).not.toContain("FLATFORM-SECRET");
    expect(output).not.toContain("UNREADABLE-MARK-SECRET");
    expectValid(resources);
  });

  it("reads a state without a version as version 4 and says so", async () => {
    const text = stateText([managed("aws_sqs_queue", "q", { arn: "arn:aws:sqs:eu-west-1:123456789012:q", name: "q" })]).replace('"version":4,', "");
    const { resources, problems } = await importAll({ text, name: "nov.tfstate" });
    expect(resources.map((resource) => resource.uid)).toEqual(["arn:aws:sqs:eu-west-1:123456789012:q"]);
    expect(problems).toEqual([{ source: "nov.tfstate", position: "document", message: 'no "version" member; reading it as a version 4 state' }]);
  });

  it("rejects other state versions with one clear problem", async () => {
    const { resources, problems } = await importAll(fixture("state-v3.tfstate"));
    expect(resources).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ position: "line 1" });
    expect(problems[0]!.message).toMatch(/unsupported Terraform state version 3; only version 4/);
  });
});

describe("importTerraform: terraform show -json", () => {
  it("reads a state's root and nested child modules and redacts sensitive_values", async () => {
    const { resources, problems } = await importAll(fixture("show-state.json"));
    expect(problems).toEqual([]);
    expect(resources.map((resource) => resource.source.ref)).toEqual([
      "aws_iam_role.lambda",
      "random_password.admin",
      "google_storage_bucket.exports",
      'module.network.azurerm_virtual_network.main["hub"]',
      "module.network.module.db.azurerm_mssql_server.main[0]",
    ]);
    expectValid(resources);
    expect(resources.every((resource) => resource.source.kind === "terraform-show" && resource.source.collectedAt === NOW.toISOString())).toBe(true);
    expect(byRef(resources, "aws_iam_role.lambda")).toMatchObject({
      uid: "arn:aws:iam::210987654321:role/orders-lambda",
      account: { uid: "210987654321", type: "aws-account" },
      name: "orders-lambda",
      createdAt: "2024-05-01T10:00:00Z",
    });
    expect(byRef(resources, "aws_iam_role.lambda").region).toBeUndefined();
    expect(byRef(resources, "google_storage_bucket.exports")).toMatchObject({
      uid: "https://www.googleapis.com/storage/v1/b/acme-exports",
      account: { uid: "acme-analytics", type: "gcp-project" },
      region: "EU",
      tags: { "goog-terraform-provisioned": "true" },
    });
    expect(byRef(resources, "module.network.module.db.azurerm_mssql_server.main[0]")).toMatchObject({
      account: { uid: "00000000-1111-2222-3333-444444444444", type: "azure-subscription" },
      region: "northeurope",
      name: "sql-orders",
    });
    expect(byRef(resources, "random_password.admin").attributes).toMatchObject({ result: "[redacted]", bcrypt_hash: "[redacted]", length: 24 });
    const output = JSON.stringify(resources);
    for (const secret of ["rNd-Pw-9f8e7d6c5b", "Mssql-Adm1n-pw#2024", "$2a$10$abcdefghijklmnopqrstuv"]) expect(output).not.toContain(secret);
  });

  it("reads a plan's planned_values, marks it terraform-plan and takes the plan's timestamp", async () => {
    const { resources, problems } = await importAll(fixture("plan.json"));
    expect(problems).toEqual([]);
    expect(resources.map((resource) => resource.source.ref)).toEqual(["aws_sqs_queue.orders", "aws_secretsmanager_secret_version.api", "module.lambda.aws_lambda_function.this[0]"]);
    expectValid(resources);
    for (const resource of resources) expect(resource.source).toMatchObject({ kind: "terraform-plan", collectedAt: "2024-06-03T09:15:27.000Z" });
    // The queue's ARN is not known until apply.
    expect(byRef(resources, "aws_sqs_queue.orders")).toMatchObject({ uid: "aws_sqs_queue.orders", name: "orders", tags: { env: "prod", team: "orders" } });
    const lambda = byRef(resources, "module.lambda.aws_lambda_function.this[0]");
    expect(lambda).toMatchObject({ name: "orders-handler", region: "eu-central-1", account: { uid: "210987654321" } });
    expect(lambda.attributes?.environment).toEqual([{ variables: { DB_HOST: "db.internal", SIGNING_SEED: "[redacted]" } }]);
    const output = JSON.stringify(resources);
    expect(output).not.toContain("plan-api-token-5e6f7a");
    expect(output).not.toContain("lambda-env-seed-1a2b");
  });

  it("reads an empty state's output and rejects an unknown major format_version", async () => {
    expect(await importAll({ text: '{"format_version":"1.0"}\n' })).toEqual({ resources: [], problems: [] });
    const { resources, problems } = await importAll({ text: '{"format_version":"2.0","values":{"root_module":{}}}', name: "future.json" });
    expect(resources).toEqual([]);
    expect(problems).toEqual([{ source: "future.json", position: "line 1", message: expect.stringMatching(/unsupported terraform show -json format_version "2.0"/) as string }]);
  });

  it("reports a bad resource by its path and address and imports the rest", async () => {
    const show = JSON.parse(fixtureText("show-state.json")) as { values: { root_module: { resources: Record<string, unknown>[]; child_modules: { resources: Record<string, unknown>[] }[] } } };
    show.values.root_module.resources[0]!.values = "not an object";
    show.values.root_module.resources[2]!.mode = undefined;
    show.values.root_module.child_modules[0]!.resources.push(7 as unknown as Record<string, unknown>);
    const { resources, problems } = await importAll({ text: JSON.stringify(show), name: "show.json" });
    expect(resources.map((resource) => resource.source.ref)).toEqual([
      "google_storage_bucket.exports",
      'module.network.azurerm_virtual_network.main["hub"]',
      "module.network.module.db.azurerm_mssql_server.main[0]",
    ]);
    expect(problems).toEqual([
      { source: "show.json", position: "values.root_module.resources[0] (aws_iam_role.lambda)", message: '"values" is not an object' },
      { source: "show.json", position: "values.root_module.resources[2] (random_password.admin)", message: 'missing or unknown "mode" (expected "managed" or "data")' },
      { source: "show.json", position: "values.root_module.child_modules[0].resources[1]", message: "a resource must be a JSON object" },
    ]);
  });

  it("salvages the root module's resources from truncated output", async () => {
    const text = JSON.stringify(JSON.parse(fixtureText("show-state.json")), null, 2);
    const cut = text.indexOf('"google_storage_bucket.exports"');
    const { resources, problems } = await importAll({ text: text.slice(0, cut), name: "cut.json" });
    expect(resources.map((resource) => resource.source.ref)).toEqual(["aws_iam_role.lambda", "random_password.admin"]);
    const cutLine = text.slice(0, cut).split("\n").length;
    expect(problems).toEqual([{ source: "cut.json", position: `line ${cutLine - 1}`, message: "record 3 is cut off: input ends before it closes (truncated?)" }]);
    expect(JSON.stringify(problems)).not.toContain("rNd-Pw-9f8e7d6c5b");
  });

  it("names the line of a break in a child module and still imports the root module", async () => {
    const text = JSON.stringify(JSON.parse(fixtureText("show-state.json")), null, 2).replace('"name": "sql-orders",', '"name": "sql-orders" "Mssql-Adm1n-pw#2024",');
    const brokenLine = text.split("\n").findIndex((line) => line.includes('"sql-orders" "')) + 1;
    const { resources, problems } = await importAll({ text, name: "broken.json" });
    expect(resources.map((resource) => resource.source.ref)).toEqual(["aws_iam_role.lambda", "random_password.admin", "google_storage_bucket.exports"]);
    expect(problems).toEqual([
      {
        source: "broken.json",
        position: `line ${brokenLine}`,
        message: "invalid JSON: Expected ',' or '}' after property value; the root module's resources were read one by one, child modules were skipped",
      },
    ]);
    expect(JSON.stringify(problems)).not.toContain("Mssql-Adm1n-pw#2024");
  });
});

describe("importTerraform: broken and foreign inputs", () => {
  it("yields every complete resource of a truncated state and one problem where it was cut", async () => {
    const text = fixtureText("terraform.tfstate");
    const cut = text.indexOf('"primary_access_key"');
    const { resources, problems } = await importAll({ text: text.slice(0, cut), name: "cut.tfstate" });
    expect(resources.map((resource) => resource.source.ref)).toEqual(["aws_db_instance.orders", "aws_instance.web[0]", "aws_instance.web[1]", "aws_security_group_rule.https_in"]);
    const recordLine = text.slice(0, text.lastIndexOf("{", text.lastIndexOf('"type": "azurerm_storage_account"'))).split("\n").length;
    expect(problems).toEqual([{ source: "cut.tfstate", position: `line ${recordLine}`, message: "record 4 is cut off: input ends before it closes (truncated?)" }]);
  });

  it("reports each bad resource with its index and line and imports the rest", async () => {
    const good = managed("aws_sqs_queue", "ok", { arn: "arn:aws:sqs:eu-west-1:123456789012:ok", name: "ok" });
    const text = stateText(
      [
        good,
        42,
        { ...good, name: "no_instances", instances: "none" },
        { ...good, mode: "bogus" },
        { ...good, type: "" },
        // A version 3 resource pasted into a version 4 state: the wrong record type.
        { type: "aws_s3_bucket", primary: { id: "legacy", attributes: { bucket: "legacy" } } },
        { ...good, name: "bad_instances", instances: ["x", { index_key: { nested: true }, attributes: {} }, { index_key: 2, attributes: "oops" }, { index_key: 3, attributes: { name: "third" } }] },
        { ...good, name: "extra_fields", each: "map", future_field: { anything: 1 }, instances: [{ schema_version: 0, attributes: { name: "x", brand_new: [1, 2] }, sensitive_attributes: [], identity_schema_version: 0, identity: { id: "x" } }] },
      ],
      { check_results: null, some_future_member: [1, 2, 3] },
    );
    const { resources, problems } = await importAll({ text, name: "bad.tfstate" });
    expect(resources.map((resource) => resource.source.ref)).toEqual(["aws_sqs_queue.ok", "aws_sqs_queue.bad_instances[3]", "aws_sqs_queue.extra_fields"]);
    expect(resources[2]!.attributes).toMatchObject({ brand_new: [1, 2] });
    expect(problems).toEqual([
      { source: "bad.tfstate", position: "resources[1] (line 4)", message: "a resource must be a JSON object" },
      { source: "bad.tfstate", position: "resources[2] (line 5)", message: 'aws_sqs_queue.no_instances: "instances" is not a list' },
      { source: "bad.tfstate", position: "resources[3] (line 6)", message: 'missing or unknown "mode" (expected "managed" or "data")' },
      { source: "bad.tfstate", position: "resources[4] (line 7)", message: 'missing or invalid "type"' },
      { source: "bad.tfstate", position: "resources[5] (line 8)", message: 'missing or unknown "mode" (expected "managed" or "data")' },
      { source: "bad.tfstate", position: "resources[6].instances[0] (line 9)", message: "aws_sqs_queue.bad_instances: an instance must be a JSON object" },
      { source: "bad.tfstate", position: "resources[6].instances[1] (line 9)", message: 'aws_sqs_queue.bad_instances: invalid "index_key" (expected a number or a string)' },
      { source: "bad.tfstate", position: "resources[6].instances[2] (line 9)", message: 'aws_sqs_queue.bad_instances[2]: "attributes" is not an object' },
    ]);
    expectValid(resources);
  });

  it("reports a resource that is not valid JSON without echoing it, and imports the others", async () => {
    const good = JSON.stringify(managed("aws_sqs_queue", "ok", { name: "ok" }));
    const broken = '{"mode":"managed","type":"aws_db_instance","name":"x","instances":[{"attributes":{"master_password":"BROKEN-RECORD-SECRET" oops}}]}';
    const text = `{"version":4,"serial":1,"lineage":"l","outputs":{},"resources":[\n${good},\n${broken},\n${good.replace('"ok"', '"after"')}\n]}`;
    const { resources, problems } = await importAll({ text, name: "broken.tfstate" });
    expect(resources.map((resource) => resource.source.ref)).toEqual(["aws_sqs_queue.ok", "aws_sqs_queue.after"]);
    expect(problems).toEqual([{ source: "broken.tfstate", position: "resources[1] (line 3)", message: expect.stringMatching(/^invalid JSON/) as string }]);
    expect(JSON.stringify(problems)).not.toContain("BROKEN-RECORD-SECRET");
  });

  it("reports a line that is not JSON at all by its line and imports the records around it", async () => {
    const good = JSON.stringify(managed("aws_sqs_queue", "ok", { name: "ok" }));
    const text = `{"version":4,"serial":1,"lineage":"l","outputs":{},"resources":[\n${good},\nthis line is not json,\n${good.replace('"ok"', '"after"')}\n]}`;
    const { resources, problems } = await importAll({ text, name: "garbage.tfstate" });
    expect(resources.map((resource) => resource.source.ref)).toEqual(["aws_sqs_queue.ok", "aws_sqs_queue.after"]);
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) expect(problem.position).toMatch(/^resources\[\d+\] \(line 3\)$/);
  });

  it("gives one clear problem for input that is not Terraform at all", async () => {
    const cases: [InputSource, RegExp][] = [
      [fixture("not-terraform.html"), /looks like HTML/],
      [{ text: "" }, /empty/],
      [{ text: "[]" }, /JSON array/],
      [{ text: '{"fileVersion":"1.0","configurationItems":[]}' }, /neither "version"\/"resources" \(state\) nor "values"\/"planned_values"/],
      [{ text: "{ not json" }, /invalid JSON/],
      [fixture("does-not-exist.tfstate"), /cannot read the input \(ENOENT\)/],
    ];
    for (const [input, message] of cases) {
      const { resources, problems } = await importAll(input);
      expect(resources).toEqual([]);
      expect(problems).toHaveLength(1);
      expect(problems[0]!.message).toMatch(message);
    }
  });
});

describe("importTerraform: input sources", () => {
  it("reads stdin ('-') and streams in chunks", async () => {
    const text = fixtureText("terraform.tfstate");
    const chunks = text.match(/[\s\S]{1,500}/g) ?? [];
    const fromStdin = await importAll("-", { stdin: Readable.from(chunks) });
    expect(fromStdin.resources).toHaveLength(12);
    expect(fromStdin.resources.every((resource) => resource.source.file === "-")).toBe(true);
    const fromStream = await importAll({ stream: Readable.from(chunks), name: "piped.tfstate" });
    expect(fromStream.resources.map((resource) => resource.source.file)).toEqual(Array(12).fill("piped.tfstate"));
    expect(fromStdin.problems).toEqual([]);
    for (const secret of STATE_SECRETS) expect(JSON.stringify(fromStdin.resources)).not.toContain(secret);
  });
});

describe("importTerraform: large inputs", () => {
  const COUNT = 50_000;

  it(`imports a ${COUNT}-instance state with reasonable memory`, async () => {
    const resources: string[] = [];
    for (let i = 0; i < COUNT / 2; i++) {
      resources.push(
        JSON.stringify({
          module: i % 3 === 0 ? `module.shard_${i % 7}` : undefined,
          mode: "managed",
          type: "aws_instance",
          name: `node_${i}`,
          provider: 'provider["registry.terraform.io/hashicorp/aws"]',
          instances: [0, 1].map((index) => ({
            index_key: index,
            schema_version: 1,
            attributes: { arn: `arn:aws:ec2:us-east-1:123456789012:instance/i-${i}-${index}`, instance_type: "t3.micro", availability_zone: "us-east-1a", password: `pw-${i}`, tags_all: { n: String(i) } },
            sensitive_attributes: [[{ type: "get_attr", value: "password" }]],
          })),
        }),
      );
    }
    const input = { name: "big.tfstate", text: `{"version":4,"terraform_version":"1.9.8","serial":1,"lineage":"big","outputs":{},"resources":[\n${resources.join(",\n")}\n]}` };
    resources.length = 0;
    const heapBefore = process.memoryUsage().heapUsed;
    let count = 0;
    let leaked = 0;
    let peak = 0;
    let problems = 0;
    for await (const resource of importTerraform(input, { onProblem: () => problems++ })) {
      count++;
      if (resource.attributes?.password !== "[redacted]" || resource.region !== "us-east-1") leaked++;
      if (count % 10_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed - heapBefore);
    }
    expect(count).toBe(COUNT);
    expect(problems).toBe(0);
    expect(leaked).toBe(0);
    // The document and its parsed records are in memory (one JSON document);
    // the normalized resources are not accumulated.
    expect(peak).toBeLessThan(1024 * 1024 * 1024);
  });

  it(`imports a ${COUNT}-resource terraform show -json plan`, async () => {
    const resources = Array.from({ length: COUNT }, (_, i) => ({
      address: `google_storage_bucket.b[${i}]`,
      mode: "managed",
      type: "google_storage_bucket",
      name: "b",
      index: i,
      provider_name: "registry.terraform.io/hashicorp/google",
      values: { name: `bucket-${i}`, project: "p-1", location: "EU", labels: { i: String(i) } },
      sensitive_values: { labels: {} },
    }));
    const text = JSON.stringify({ format_version: "1.2", planned_values: { root_module: { resources } }, resource_changes: [], timestamp: "2024-06-03T09:15:27Z" });
    let inOrder = 0;
    let problems = 0;
    for await (const resource of importTerraform({ text }, { onProblem: () => problems++ })) {
      if (resource.account.uid === "p-1" && resource.name === `bucket-${inOrder}`) inOrder++;
    }
    expect(inOrder).toBe(COUNT);
    expect(problems).toBe(0);
  });
});

describe("importTerraform: account inference", () => {
  it("does not guess an account when a state spans two AWS accounts", async () => {
    const state = {
      version: 4,
      resources: [
        { mode: "managed", type: "aws_instance", name: "a", provider: 'provider["registry.terraform.io/hashicorp/aws"]', instances: [{ attributes: { arn: "arn:aws:ec2:us-east-1:111111111111:instance/i-1", id: "i-1" } }] },
        { mode: "managed", type: "aws_instance", name: "b", provider: 'provider["registry.terraform.io/hashicorp/aws"].other', instances: [{ attributes: { arn: "arn:aws:ec2:us-east-1:222222222222:instance/i-2", id: "i-2" } }] },
        { mode: "managed", type: "aws_s3_bucket", name: "c", provider: 'provider["registry.terraform.io/hashicorp/aws"]', instances: [{ attributes: { arn: "arn:aws:s3:::c", bucket: "c" } }] },
      ],
    };
    const { resources } = await importAll({ text: JSON.stringify(state) });
    expect(resources.find((r) => r.type === "aws_s3_bucket")!.account.uid).toBe("unknown");
  });
});
