import { cp, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CatalogValidationError, formatProblem, loadCatalog } from "../../src/index.js";
import { compileCatalogDir } from "../../src/validate/compile-catalog.js";
import { tempTree } from "../support/tmp.js";
import { runCli } from "../support/cli.js";
import { examinedBody, withoutExamined } from "../support/examined.js";

const GOOD_CELL = `    owner: customer
    provider: Enforces the rules the customer writes.
    customer: Write least-privilege rules.
    default: "off"
    sources: [https://docs.example-provider.com/doc]
`;

/** A copy of the real catalog with one extra service file. */
async function catalogWith(path: string, content: string): Promise<string> {
  const dir = await tempTree({});
  await cp("catalog", dir, { recursive: true });
  await writeFile(join(dir, path), content);
  return dir;
}

describe("catalog source validation", () => {
  it("reports a bad owner, an unknown control and a missing citation with file, line and field", async () => {
    const dir = await catalogWith(
      "services/aws/broken.yaml",
      `id: aws.broken
name: Broken
provider: aws
model: paas
description: A service with mistakes.
cells:
  network.ingress-rules:
    owner: custmer
    provider: x
    customer: y
    sources: [https://docs.aws.amazon.com/x]
  network.ingres-rules:
${GOOD_CELL}  data.encryption-at-rest:
    owner: shared
    provider: x
    customer: y
`,
    );
    const { problems } = await compileCatalogDir(dir);
    const lines = problems.map(formatProblem).map((l) => l.replace(dir + "/", ""));
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/broken\.yaml:8:12: cells\.network\.ingress-rules\.owner: invalid value "custmer" \(expected provider \| customer \| shared \| not-applicable \| third-party\)/),
        expect.stringMatching(/broken\.yaml:19:5: cells\.data\.encryption-at-rest\.sources: is required: a cell that departs from its model default must cite a document/),
        expect.stringMatching(/broken\.yaml:12:3: cells\.network\.ingres-rules: unknown control id "network\.ingres-rules"/),
      ]),
    );
    expect(lines).toHaveLength(3);
  });

  it("reports a confirmed control that is unknown, listed twice or also overridden", async () => {
    const dir = await catalogWith(
      "services/aws/confirming.yaml",
      `id: aws.confirming
name: Confirming
provider: aws
model: paas
description: A service that confirms inherited cells.
confirmed:
  - physical.facilities
  - physical.facilitie
  - physical.facilities
  - network.ingress-rules
cells:
  network.ingress-rules:
${GOOD_CELL.replace("docs.example-provider.com", "docs.aws.amazon.com")}`,
    );
    const { problems, catalog } = await compileCatalogDir(dir);
    const lines = withoutExamined(problems.map(formatProblem).map((l) => l.replace(dir + "/", "")));
    expect(catalog).toBeUndefined();
    expect(lines).toEqual([
      expect.stringMatching(/confirming\.yaml:8:5: confirmed\[1\]: unknown control id "physical\.facilitie"/),
      expect.stringMatching(/confirming\.yaml:9:5: confirmed\[2\]: "physical\.facilities" is listed twice/),
      expect.stringMatching(/confirming\.yaml:10:5: confirmed\[3\]: "network\.ingress-rules" is overridden under cells/),
    ]);
  });

  it("keeps a service's confirmed controls in the compiled catalog", async () => {
    const body = examinedBody("paas");
    const dir = await catalogWith(
      "services/aws/confirming.yaml",
      `id: aws.confirming\nname: Confirming\nprovider: aws\nmodel: paas\ndescription: d\n${body.confirmed}cells:\n${body.cells}`,
    );
    const { problems, catalog } = await compileCatalogDir(dir);
    expect(problems).toEqual([]);
    expect(catalog!.services.find((s) => s.id === "aws.confirming")!.confirmed!.slice(0, 2)).toEqual(["physical.facilities", "physical.hardware"]);
  });

  it("reports an unknown control id at its key", async () => {
    const dir = await catalogWith(
      "services/aws/typo.yaml",
      `id: aws.typo\nname: Typo\nprovider: aws\nmodel: paas\ndescription: d\ncells:\n  network.ingres-rules:\n${GOOD_CELL.replace("docs.example-provider.com", "docs.aws.amazon.com")}`,
    );
    const lines = withoutExamined((await compileCatalogDir(dir)).problems.map(formatProblem));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/typo\.yaml:7:3: cells\.network\.ingres-rules: unknown control id "network\.ingres-rules"$/);
  });

  it("rejects a path that does not match the id, a duplicate native type and unknown fields", async () => {
    const dir = await catalogWith(
      "services/aws/misplaced.yaml",
      `id: aws.elsewhere\nname: X\nprovider: aws\nmodel: paas\ndescription: d\ncolour: blue\ntypes:\n  terraform: [aws_db_instance]\n`,
    );
    let lines = (await compileCatalogDir(dir)).problems.map(formatProblem);
    expect(lines).toEqual([expect.stringMatching(/misplaced\.yaml:6:1: colour: unknown field "colour"/)]);
    await writeFile(join(dir, "services/aws/misplaced.yaml"), `id: aws.elsewhere\nname: X\nprovider: aws\nmodel: paas\ndescription: d\ntypes:\n  terraform: [aws_db_instance]\n`);
    lines = withoutExamined((await compileCatalogDir(dir)).problems.map(formatProblem));
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/misplaced\.yaml:1:5: id: "aws\.elsewhere" must live in services\/aws\/elsewhere\.yaml/),
        // Files are read in path order, so the clash is reported in the later file, naming the earlier owner.
        expect.stringMatching(/rds\.yaml:\d+:7: types\.terraform\[0\]: terraform type "aws_db_instance" already belongs to aws\.elsewhere/),
      ]),
    );
  });

  it("reports YAML syntax errors and duplicate keys with their line", async () => {
    const dir = await catalogWith("services/aws/syntax.yaml", `id: aws.syntax\nname: A\nname: B\n`);
    const lines = (await compileCatalogDir(dir)).problems.map(formatProblem);
    expect(lines[0]).toMatch(/syntax\.yaml:3:1: YAML syntax: Map keys must be unique/);
  });
});

const OVERLAY = `overlay: acme-msp
description: Acme's MSP patches our EC2 fleet.
services:
  aws.rds:
    cells:
      platform.guest-os-patching:
        owner: third-party
        party: Example MSP Ltd
        customer: Review the MSP's monthly maintenance report.
        sources: ["MSA-2024-17 schedule B"]
  internal.payments-api:
    name: Payments API platform
    provider: internal
    model: paas
    description: The platform team's runtime.
    types:
      terraform: [acme_payments_api]
    cells:
      platform.runtime-patching:
        owner: customer
        customer: The platform team patches the runtime monthly.
        sources: ["https://wiki.example.com/platform/sla"]
`;

describe("overlays", () => {
  it("reassigns a cell to a third party and adds an internal service, with provenance", async () => {
    const dir = await tempTree({ "acme.yaml": OVERLAY });
    const catalog = await loadCatalog({ overlays: [join(dir, "acme.yaml")] });
    const row = catalog.resolve("aws.rds").rows.find((r) => r.control === "platform.guest-os-patching")!;
    expect(row).toMatchObject({ owner: "third-party", party: "Example MSP Ltd", origin: "overlay", overlay: "acme-msp" });
    expect(row.sources[0]).toBe("MSA-2024-17 schedule B");
    // The provider's duty text still comes from the service layer below.
    expect(row.provider).toMatch(/maintenance window/);
    const internal = catalog.resolve("internal.payments-api");
    expect(internal.subject).toMatchObject({ kind: "service", model: "paas", provider: "internal" });
    expect(internal.rows.find((r) => r.control === "platform.runtime-patching")).toMatchObject({ owner: "customer", origin: "overlay" });
    expect(internal.rows.find((r) => r.control === "platform.guest-os-patching")).toMatchObject({ owner: "provider", origin: "model" });
    expect(catalog.findServiceByType("acme_payments_api")?.id).toBe("internal.payments-api");
  });

  it("accepts overlay objects", async () => {
    const catalog = await loadCatalog({
      overlays: [{ overlay: "inline", services: { "aws.rds": { cells: { "identity.mfa": { owner: "shared", sources: ["policy-7"] } } } } }],
    });
    expect(catalog.resolve("aws.rds").rows.find((r) => r.control === "identity.mfa")).toMatchObject({ owner: "shared", overlay: "inline" });
  });

  it("throws every problem with file, line and field", async () => {
    const bad = OVERLAY.replace("owner: third-party", "owner: msp").replace("platform.runtime-patching:", "platform.runtime-patchin:").replace("    model: paas\n", "");
    const dir = await tempTree({ "bad.yaml": bad });
    const error = await loadCatalog({ overlays: [join(dir, "bad.yaml")] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CatalogValidationError);
    const lines = (error as CatalogValidationError).problems.map(formatProblem);
    // The schema problem and the mistyped control id come out together, each at its line.
    expect(lines).toEqual([
      expect.stringMatching(/bad\.yaml:7:16: services\.aws\.rds\.cells\.platform\.guest-os-patching\.owner: invalid value "msp"/),
      expect.stringMatching(/bad\.yaml:18:7: services\.internal\.payments-api\.cells\.platform\.runtime-patchin: unknown control id "platform\.runtime-patchin"/),
    ]);
  });

  it("rejects overlays that change a built-in service's model, steal a type or name unknown services", async () => {
    const dir = await tempTree({
      "o.yaml": `overlay: o\nservices:\n  aws.rds:\n    model: iaas\n  internal.x:\n    name: X\n    provider: internal\n    model: paas\n    description: d\n    types:\n      cloudformation: [AWS::RDS::DBInstance]\n  aws.rdss:\n    cells: {}\n`,
    });
    const error = (await loadCatalog({ overlays: [join(dir, "o.yaml")] }).catch((e: unknown) => e)) as CatalogValidationError;
    const lines = error.problems.map(formatProblem);
    expect(lines).toEqual([
      expect.stringMatching(/o\.yaml:4:5: services\.aws\.rds\.model: cannot change "model" of existing service aws\.rds/),
      expect.stringMatching(/o\.yaml:11:24: services\.internal\.x\.types\.cloudformation\[0\]: cloudformation type "AWS::RDS::DBInstance" already belongs to aws\.rds/),
      expect.stringMatching(/o\.yaml:12:3: services\.aws\.rdss: unknown service "aws\.rdss"/),
    ]);
  });

  it("catalog validate exits 1 with one line per problem, 0 when valid", async () => {
    const dir = await tempTree({
      "good.yaml": OVERLAY,
      "bad/one.yaml": OVERLAY.replace("owner: third-party", "owner: nobody").replace('sources: ["https://wiki.example.com/platform/sla"]', "notes: uncited"),
    });
    const ok = await runCli(["catalog", "validate", join(dir, "good.yaml")]);
    expect(ok).toMatchObject({ code: 0, stdout: "" });
    expect(ok.stderr).toBe("ok: 1 file valid\n");
    const bad = await runCli(["catalog", "validate", join(dir, "bad")]);
    expect(bad.code).toBe(1);
    const lines = bad.stderr.trim().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/one\.yaml:7:16: services\.aws\.rds\.cells\.platform\.guest-os-patching\.owner: invalid value "nobody"/);
    expect(lines[1]).toMatch(/one\.yaml:\d+:\d+: services\.internal\.payments-api\.cells\.platform\.runtime-patching\.sources: is required/);
    expect(lines[2]).toBe("2 problems in 1 file");
  });
});

describe("catalog validate on a single service file", () => {
  it("checks a contributor's service file against the built-in catalog", async () => {
    const body = examinedBody("paas", ["network.ingress-rules"]);
    const dir = await tempTree({
      "good.yaml": `id: aws.widgets\nname: Widgets\nprovider: aws\nmodel: paas\ndescription: d\ntypes:\n  cloudformation: [AWS::Widgets::Widget]\n${body.confirmed}cells:\n${body.cells}  network.ingress-rules:\n${GOOD_CELL.replace("docs.example-provider.com", "docs.aws.amazon.com")}`,
      "bad.yaml": `id: aws.gadgets\nname: Gadgets\nprovider: aws\nmodel: paas\ndescription: d\ntypes:\n  terraform: [aws_db_instance]\ncells:\n  network.ingress-rules:\n${GOOD_CELL.replace("https://docs.example-provider.com/doc", "http://blog.example/doc")}  identity.mfa:\n    owner: third-party\n    party: x\n    sources: [https://docs.aws.amazon.com/x]\n`,
    });
    expect(await runCli(["catalog", "validate", join(dir, "good.yaml")])).toMatchObject({ code: 0, stderr: "ok: 1 file valid\n" });
    const bad = await runCli(["catalog", "validate", join(dir, "bad.yaml")]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/bad\.yaml:7:15: types\.terraform\[0\]: terraform type "aws_db_instance" already belongs to aws\.rds/);
    expect(bad.stderr).toMatch(/bad\.yaml:\d+:\d+: cells\.network\.ingress-rules\.sources\[0\]: "http:\/\/blog\.example\/doc" must be an https URL/);
    expect(bad.stderr).toMatch(/cells\.identity\.mfa\.owner: third-party is for user overlays/);
  });
});
