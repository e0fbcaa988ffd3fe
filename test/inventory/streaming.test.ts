/**
 * Single-document exports longer than the stream threshold are read record
 * by record as they arrive (src/inventory/json-stream.ts): the same
 * resources and problems as the whole-text reader, emitted before the input
 * has been read to its end. The threshold is injected (4 KiB here) so the
 * test does not need a 64 MiB file.
 */
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import type { ImportOptions, ImportProblem } from "../../src/inventory/importer.js";
import { importerFor, type ImportKind } from "../../src/inventory/importers/index.js";
import { streamJsonRecords } from "../../src/inventory/json-stream.js";
import { scanJsonArray } from "../../src/inventory/json-records.js";
import type { Resource } from "../../src/types.js";

const NOW = new Date("2025-01-15T12:00:00.000Z");
const SMALL = 4096;
const PASSWORD = "streamed-planted-password-77";

function stateText(count: number, extra: Record<string, unknown> = {}): string {
  const resources = [];
  for (let i = 0; i < count; i++) {
    // Every tenth resource has no account of its own (an S3 bucket): it is attributed at the end.
    const bucket = i % 10 === 0;
    resources.push({
      mode: "managed",
      type: bucket ? "aws_s3_bucket" : "aws_db_instance",
      name: `r${i}`,
      provider: 'provider["registry.terraform.io/hashicorp/aws"]',
      instances: [{ schema_version: 0, attributes: bucket ? { bucket: `b${i}`, arn: `arn:aws:s3:::b${i}` } : { identifier: `db${i}`, arn: `arn:aws:rds:eu-west-1:111122223333:db:db${i}`, password: PASSWORD, storage_encrypted: i % 3 === 0 }, sensitive_attributes: [] }],
    });
  }
  return JSON.stringify({ version: 4, terraform_version: "1.9.0", serial: 3, lineage: "l", outputs: { big: { value: "x".repeat(5000), type: "string" } }, resources, ...extra }, null, 2);
}

/** The input as a stream of small chunks, counting how many were pulled. */
function chunkedStream(text: string, size = 512) {
  const chunks: Buffer[] = [];
  for (let i = 0; i < text.length; i += size) chunks.push(Buffer.from(text.slice(i, i + size)));
  const counter = { pulled: 0, total: chunks.length };
  async function* source() {
    for (const chunk of chunks) {
      counter.pulled++;
      yield chunk;
    }
  }
  return { stream: Readable.from(source()), counter };
}

async function importStream(kind: ImportKind, text: string, options: Partial<ImportOptions> = {}) {
  const resources: Resource[] = [];
  const problems: ImportProblem[] = [];
  const { stream, counter } = chunkedStream(text);
  let pulledAtFirst: number | undefined;
  const importer = await importerFor(kind);
  for await (const resource of importer({ stream, name: "big.json" }, { now: () => NOW, onProblem: (p) => problems.push(p), ...options })) {
    pulledAtFirst ??= counter.pulled;
    resources.push(resource);
  }
  return { resources, problems, pulledAtFirst, total: counter.total };
}

const byUid = (resources: Resource[]) => [...resources].sort((a, b) => a.uid.localeCompare(b.uid));

describe("streamed single-document exports", () => {
  it("a Terraform state over the threshold: the same resources as read whole, emitted while it is still being read", async () => {
    const text = stateText(300);
    expect(text.length).toBeGreaterThan(SMALL * 10);
    const whole = await importStream("terraform", text);
    const streamed = await importStream("terraform", text, { streamThreshold: SMALL });
    expect(whole.resources).toHaveLength(300);
    expect(byUid(streamed.resources)).toEqual(byUid(whole.resources));
    expect(streamed.problems).toEqual(whole.problems);
    // Whole: nothing before the last chunk. Streamed: the first resource long before it.
    expect(whole.pulledAtFirst).toBe(whole.total);
    expect(streamed.pulledAtFirst!).toBeLessThan(streamed.total / 2);
    // Buckets (no account in their ARN) still get the state's one AWS account.
    expect(streamed.resources.find((r) => r.uid === "arn:aws:s3:::b0")?.account.uid).toBe("111122223333");
    expect(JSON.stringify(streamed.resources)).not.toContain(PASSWORD);
  });

  it("a broken record and a truncated end are reported with their positions; the others import", async () => {
    const text = stateText(50).replace('"name": "r7"', '"name": @"r7"');
    const cut = text.slice(0, Math.floor(text.length * 0.8));
    const whole = await importStream("terraform", cut);
    const streamed = await importStream("terraform", cut, { streamThreshold: SMALL });
    expect(streamed.resources.length).toBe(whole.resources.length);
    expect(streamed.resources.length).toBeGreaterThan(30);
    expect(streamed.problems.map((p) => p.position)).toEqual(whole.problems.map((p) => p.position));
    expect(streamed.problems.map((p) => p.message)).toEqual(whole.problems.map((p) => p.message));
    expect(streamed.problems.some((p) => p.position.startsWith("resources[7]"))).toBe(true);
    expect(streamed.problems.at(-1)?.message).toMatch(/cut off|truncated/);
  });

  it("a state of another version, or `terraform show -json` output, over the threshold is refused with its reason", async () => {
    const v3 = await importStream("terraform", stateText(40).replace('"version": 4', '"version": 3'), { streamThreshold: SMALL });
    expect(v3.resources).toEqual([]);
    expect(v3.problems[0]?.message).toMatch(/unsupported Terraform state version 3/);
    const show = JSON.stringify({ format_version: "1.0", values: { root_module: { resources: Array.from({ length: 100 }, (_, i) => ({ address: `a.b${i}`, mode: "managed", type: "a", name: `b${i}`, values: {} })) } } });
    const refused = await importStream("terraform", show, { streamThreshold: SMALL });
    expect(refused.resources).toEqual([]);
    expect(refused.problems[0]?.message).toMatch(/show -json. output of more than 0 MiB is not read record by record/);
  });

  it("an AWS Config snapshot and an Azure list over the threshold stream the same records", async () => {
    const items = Array.from({ length: 200 }, (_, i) => ({ configurationItemStatus: "OK", resourceType: "AWS::S3::Bucket", resourceId: `b${i}`, ARN: `arn:aws:s3:::b${i}`, awsAccountId: "111122223333", awsRegion: "eu-west-1", tags: { token: PASSWORD }, configuration: { name: `b${i}` } }));
    const snapshot = JSON.stringify({ fileVersion: "1.0", configSnapshotId: "s", configurationItems: items }, null, 2);
    const whole = await importStream("aws-config", snapshot);
    const streamed = await importStream("aws-config", snapshot, { streamThreshold: SMALL });
    expect(streamed.resources).toHaveLength(200);
    expect(streamed.resources).toEqual(whole.resources);
    expect(streamed.pulledAtFirst!).toBeLessThan(streamed.total / 2);
    expect(JSON.stringify(streamed.resources)).not.toContain(PASSWORD);

    const list = JSON.stringify(Array.from({ length: 100 }, (_, i) => ({ id: `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/s${i}`, name: `s${i}`, type: "Microsoft.Storage/storageAccounts", location: "westeurope", tags: {}, properties: { minimumTlsVersion: "TLS1_2" } })), null, 2);
    const azureWhole = await importStream("azure", list);
    const azureStreamed = await importStream("azure", list, { streamThreshold: SMALL });
    expect(azureStreamed.resources).toHaveLength(100);
    expect(azureStreamed.resources).toEqual(azureWhole.resources);
  });

  it("streamJsonRecords finds the same elements as scanJsonArray whatever the chunk size", async () => {
    const text = stateText(12);
    const expected = scanJsonArray(text, ["resources"]).elements;
    for (const size of [1, 3, 64, 1 << 20]) {
      async function* chunks() {
        for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
      }
      const elements: unknown[] = [];
      for await (const event of streamJsonRecords(chunks(), (key) => key === "resources")) if (event.kind === "element") elements.push({ index: event.index, line: event.line, value: event.value });
      expect(elements, `chunks of ${size}`).toEqual(expected);
    }
  });
});

describe("a document whose records share one long line", () => {
  it("reads `[` then every record on the second line as one document, not as NDJSON lines", async () => {
    const item = (i: number) => ({
      configurationItemCaptureTime: "2025-01-01T00:00:00.000Z",
      resourceType: "AWS::S3::Bucket",
      resourceId: `b${i}`,
      resourceName: `b${i}`,
      awsRegion: "us-east-1",
      awsAccountId: "111122223333",
      ARN: `arn:aws:s3:::b${i}`,
      configuration: { name: `b${i}`, padding: "p".repeat(200) },
    });
    // Past 1 MiB, so the second line is the kind judged by its ends when the shape is peeked.
    const count = 5000;
    const text = `[\n${Array.from({ length: count }, (_, i) => JSON.stringify(item(i))).join(",")}\n]\n`;
    expect(text.length).toBeGreaterThan(1 << 20);
    const { resources, problems } = await importStream("aws-config", text);
    expect(problems).toEqual([]);
    expect(resources).toHaveLength(count);
    expect(resources[count - 1]!.uid).toBe(`arn:aws:s3:::b${count - 1}`);
  });

  it("reads a snapshot's opening line then every record on the second line as one document", async () => {
    const count = 5000;
    const items = Array.from({ length: count }, (_, i) => ({
      configurationItemCaptureTime: "2025-01-01T00:00:00.000Z",
      resourceType: "AWS::S3::Bucket",
      resourceId: `s${i}`,
      awsRegion: "us-east-1",
      awsAccountId: "111122223333",
      ARN: `arn:aws:s3:::s${i}`,
      configuration: { name: `s${i}`, padding: "p".repeat(200) },
    }));
    const text = `{"fileVersion":"1.0","configSnapshotId":"x","configurationItems":[\n${items.map((item) => JSON.stringify(item)).join(",")}\n]}\n`;
    expect(text.length).toBeGreaterThan(1 << 20);
    const { resources, problems } = await importStream("aws-config", text);
    expect(problems).toEqual([]);
    expect(resources).toHaveLength(count);
  });
});
