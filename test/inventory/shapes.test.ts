/**
 * Encodings and wrappers people really have (issue 11): UTF-16 and BOMs,
 * Config's SNS object message, EventBridge events, list-discovered-resources,
 * Config-only type names, Resource Graph's table format, projected listings.
 * Fixtures: test/fixtures/shapes (written for this project; see its README).
 */
import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { builtinCatalog } from "../../src/catalog/builtin.js";
import type { ImportProblem } from "../../src/inventory/importer.js";
import type { InputSource } from "../../src/inventory/input.js";
import { importerFor, type ImportKind } from "../../src/inventory/importers/index.js";
import { readLines } from "../../src/inventory/ndjson.js";
import type { Resource } from "../../src/types.js";
import { runCli } from "../support/cli.js";

const NOW = new Date("2025-01-15T12:00:00.000Z");
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/shapes/${name}`, import.meta.url));

async function importAll(kind: ImportKind, input: InputSource) {
  const resources: Resource[] = [];
  const problems: ImportProblem[] = [];
  for await (const resource of (await importerFor(kind))(input, { now: () => NOW, onProblem: (p) => problems.push(p) })) resources.push(resource);
  return { resources, problems };
}

describe("encodings", () => {
  for (const name of ["az-resource-list.utf16le.json", "az-resource-list.utf16be.json", "az-resource-list.utf8bom.json"]) {
    it(`${name}: all 20 records, from a file and from a byte stream in small chunks`, async () => {
      const fromFile = await importAll("azure", fixture(name));
      expect(fromFile.problems).toEqual([]);
      expect(fromFile.resources.map((r) => r.name)).toEqual(Array.from({ length: 20 }, (_, i) => `stps${i}`));
      // 7-byte chunks split UTF-16 code units and the BOM itself.
      const bytes = readFileSync(fixture(name));
      const chunks = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) => bytes.subarray(i * 7, i * 7 + 7));
      const fromStream = await importAll("azure", { stream: Readable.from(chunks), name });
      expect(fromStream.resources).toEqual(fromFile.resources.map((r) => ({ ...r, source: { ...r.source, file: name } })));
    });
  }

  it("a UTF-16 Terraform state and UTF-16 NDJSON lines", async () => {
    const state = JSON.stringify({ version: 4, serial: 1, lineage: "l", outputs: {}, resources: [{ mode: "managed", type: "aws_s3_bucket", name: "b", provider: "p", instances: [{ attributes: { bucket: "utf16-bucket", arn: "arn:aws:s3:::utf16-bucket" } }] }] });
    const dir = fileURLToPath(new URL("../fixtures/shapes/", import.meta.url));
    const { resources } = await importAll("terraform", { stream: Readable.from([Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(state, "utf16le")])]), name: "state.json" });
    expect(resources.map((r) => r.name)).toEqual(["utf16-bucket"]);
    expect(dir).toBeTruthy();
    const lines: string[] = [];
    const be = Buffer.from('{"a":1}\r\n\r\n{"b":"é"}\n', "utf16le").swap16();
    for await (const line of readLines(Readable.from([Buffer.from([0xfe, 0xff]), be]))) lines.push(line.text);
    expect(lines).toEqual(['{"a":1}', '{"b":"é"}']);
  });
});

describe("AWS Config wrappers and type names", () => {
  it("an SNS notification whose Message is an object", async () => {
    const { resources, problems } = await importAll("aws-config", fixture("config-sns-object-message.json"));
    expect(problems).toEqual([]);
    expect(resources.map((r) => [r.type, r.name])).toEqual([["AWS::S3::Bucket", "sns-bucket"]]);
  });

  it("EventBridge events: item changes imported, compliance changes skipped", async () => {
    const { resources, problems } = await importAll("aws-config", fixture("config-eventbridge.ndjson"));
    expect(problems).toEqual([]);
    expect(resources.map((r) => [r.type, r.name])).toEqual([
      ["AWS::S3::Bucket", "eb-bucket"],
      ["AWS::OpenSearch::Domain", "search"],
    ]);
  });

  it("list-discovered-resources, and Config-only type names map to their service", async () => {
    const { resources, problems } = await importAll("aws-config", fixture("config-list-discovered-resources.json"));
    expect(problems).toEqual([]);
    expect(resources.map((r) => r.uid)).toEqual([
      "arn:aws:ecs:eu-west-1:111122223333:service/prod/api",
      "aws-config://unknown/global/AWS::RDS::DBSnapshot/rds:orders-2025-01-10",
      "arn:aws:acm:eu-west-1:111122223333:certificate/0a1b",
      "aws-config://unknown/global/AWS::S3::AccountPublicAccessBlock/111122223333",
      "aws-config://unknown/global/AWS::Redshift::ClusterSnapshot/rs:dw-2025-01-10",
    ]);
    const catalog = builtinCatalog();
    const serviceOf = (type: string) => catalog.findServiceByType(type)?.id;
    expect(serviceOf("AWS::OpenSearch::Domain")).toBe(serviceOf("AWS::OpenSearchService::Domain"));
    expect(serviceOf("AWS::OpenSearch::Domain")).toBeDefined();
    expect(serviceOf("AWS::ACM::Certificate")).toBe(serviceOf("AWS::CertificateManager::Certificate"));
    expect(serviceOf("AWS::ACM::Certificate")).toBeDefined();
    expect(serviceOf("AWS::S3::AccountPublicAccessBlock")).toBe(serviceOf("AWS::S3::Bucket"));
    expect(serviceOf("AWS::RDS::DBSnapshot")).toBe(serviceOf("AWS::RDS::DBInstance"));
    expect(serviceOf("AWS::Redshift::ClusterSnapshot")).toBe(serviceOf("AWS::Redshift::Cluster"));
    expect(serviceOf("AWS::Redshift::ClusterSnapshot")).toBeDefined();
  });
});

describe("Azure shapes", () => {
  it("Resource Graph's REST table format", async () => {
    const { resources, problems } = await importAll("azure", fixture("graph-table-format.json"));
    expect(problems).toEqual([]);
    expect(resources.map((r) => [r.name, r.type, r.account.uid, r.tags])).toEqual([
      ["sttable", "microsoft.storage/storageaccounts", "00000000-0000-0000-0000-000000000001", { env: "prod" }],
      ["kvtable", "microsoft.keyvault/vaults", "00000000-0000-0000-0000-000000000001", {}],
    ]);
  });

  it("a projected az resource list gets the specific hint, once, and exit 3", async () => {
    const { resources, problems } = await importAll("azure", fixture("az-resource-list-projected.json"));
    expect(resources).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/projected listing \(fields Name, Type, Location\) without the resource "id": run `az resource list -o json` without --query/);
    const cli = await runCli(["inventory", "import", "azure", fixture("az-resource-list-projected.json")]);
    expect(cli.code).toBe(3);
  });
});
