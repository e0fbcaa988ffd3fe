import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { importAwsConfig } from "../../src/inventory/importers/aws-config.js";
import { tempTree } from "../support/tmp.js";
import { byteStream, expectNoSecrets, FIXED_NOW, runImport } from "./cloud-export-support.js";

const fixtures = "test/fixtures/aws-config";
const fixture = (name: string) => join(fixtures, name);

describe("importAwsConfig", () => {
  it("imports an S3 configuration snapshot, skipping deleted resources", async () => {
    const run = await runImport(importAwsConfig, fixture("snapshot.json"));
    expect(run.problems).toEqual([]);
    expect(run.summary).toEqual({ imported: 5, skipped: { ResourceDeleted: 1 }, problems: 0 });
    const [rds, bucket, sg, lambda, volume] = run.resources;
    expect(rds).toMatchObject({
      uid: "arn:aws:rds:eu-west-1:123456789012:db:orders-db",
      provider: "aws",
      account: { uid: "123456789012", type: "aws-account" },
      region: "eu-west-1",
      type: "AWS::RDS::DBInstance",
      typeSystem: "cloudformation",
      name: "orders-db",
      tags: { Environment: "production", CostCenter: "4711" },
      createdAt: "2023-11-14T10:02:51.112Z",
      source: { kind: "aws-config", file: fixture("snapshot.json"), ref: "configurationItems[0] (line 5)", collectedAt: "2024-05-02T08:14:22.318Z" },
    });
    // "Multiple Availability Zones" is not a zone.
    expect(rds!.zone).toBeUndefined();
    expect(rds!.attributes).toMatchObject({ storageEncrypted: true, publiclyAccessible: false, backupRetentionPeriod: 7, supplementaryConfiguration: {} });
    expect(bucket!.attributes).toMatchObject({
      name: "acme-invoices",
      supplementaryConfiguration: {
        PublicAccessBlockConfiguration: { blockPublicAcls: true, restrictPublicBuckets: true },
        BucketVersioningConfiguration: { status: "Enabled" },
        IsRequesterPaysEnabled: false,
        // A string value inside an object snapshot is still parsed.
        AccessControlList: { isRequesterCharged: false },
      },
    });
    expect(bucket!.type).toBe("AWS::S3::Bucket");
    expect(sg!.attributes).toMatchObject({ ipPermissions: [{ fromPort: 443, ipv4Ranges: [{ cidrIp: "0.0.0.0/0" }] }] });
    expect(sg!.createdAt).toBeUndefined();
    expect(lambda!.attributes).toMatchObject({ environment: { variables: { STAGE: "prod", DB_PASSWORD: "[redacted]", STRIPE_API_KEY: "[redacted]" } } });
    expect(volume).toMatchObject({ zone: "eu-west-1a", name: "vol-0fedcba9876543210", attributes: { encrypted: false } });
  });

  it("redacts secrets from configuration and never echoes them", async () => {
    const run = await runImport(importAwsConfig, fixture("snapshot.json"));
    const batch = await runImport(importAwsConfig, fixture("batch.json"));
    expectNoSecrets(run, ["Tr0ub4dor&3-lambda", "sk_live_51Hcanary0000"]);
    expectNoSecrets(batch, ["hunter2-batch"]);
    expect(batch.resources[0]!.attributes!.masterUserPassword).toBe("[redacted]");
  });

  it("reads gzip-compressed snapshots as delivered to S3", async () => {
    const dir = await tempTree({});
    const path = join(dir, "123456789012_Config_eu-west-1_ConfigSnapshot_20240502T081422Z.json.gz");
    await writeFile(path, gzipSync(await readFile(fixture("snapshot.json"))));
    const run = await runImport(importAwsConfig, path);
    expect(run.resources.map((r) => r.type)).toEqual(["AWS::RDS::DBInstance", "AWS::S3::Bucket", "AWS::EC2::SecurityGroup", "AWS::Lambda::Function", "AWS::EC2::Volume"]);
  });

  it("parses get-resource-config-history output, where configuration and supplementary values are JSON strings", async () => {
    const run = await runImport(importAwsConfig, fixture("history.json"));
    expect(run.problems).toEqual([]);
    expect(run.resources).toHaveLength(2);
    const [latest] = run.resources;
    expect(latest).toMatchObject({
      uid: "arn:aws:s3:::acme-logs",
      account: { uid: "123456789012" },
      region: "eu-west-1",
      tags: { DataClass: "internal" },
      createdAt: "2021-07-19T10:11:12.000Z",
      source: { collectedAt: "2024-05-03T09:00:12.511Z", ref: "configurationItems[0] (line 3)" },
      attributes: {
        name: "acme-logs",
        supplementaryConfiguration: {
          PublicAccessBlockConfiguration: { blockPublicAcls: false, blockPublicPolicy: true },
          BucketVersioningConfiguration: { status: "Off", isMfaDeleteEnabled: null },
          IsRequesterPaysEnabled: false,
          ServerSideEncryptionConfiguration: { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
        },
      },
    });
  });

  it("parses batch-get-resource-config output with epoch timestamps", async () => {
    const run = await runImport(importAwsConfig, fixture("batch.json"));
    expect(run.resources[0]).toMatchObject({
      type: "AWS::RDS::DBInstance",
      zone: "eu-west-1c",
      createdAt: "2023-07-22T04:26:40.000Z",
      source: { ref: "baseConfigurationItems[0] (line 3)", collectedAt: "2024-05-03T09:00:12.511Z" },
      attributes: { storageEncrypted: false, publiclyAccessible: true, backupRetentionPeriod: 0 },
    });
  });

  it("parses select-resource-config results (each a JSON string of the selected fields)", async () => {
    const run = await runImport(importAwsConfig, fixture("select.json"));
    expect(run.problems).toEqual([]);
    const [rds, sg] = run.resources;
    expect(rds).toMatchObject({ uid: "arn:aws:rds:eu-west-1:123456789012:db:orders-db", tags: { Environment: "production" }, attributes: { storageEncrypted: true } });
    // No ARN selected: a stable synthetic id, and the import time as collectedAt.
    expect(sg).toMatchObject({
      uid: "aws-config://210987654321/us-east-1/AWS::EC2::SecurityGroup/sg-0a1b2c3d4e5f60718",
      account: { uid: "210987654321" },
      region: "us-east-1",
      source: { collectedAt: FIXED_NOW.toISOString(), ref: "Results[1] (line 4)" },
    });
  });

  it("reads NDJSON change notifications, bare or in the SNS envelope, and skips other notifications", async () => {
    const run = await runImport(importAwsConfig, fixture("notifications.ndjson"));
    expect(run.resources.map((r) => r.name)).toEqual(["orders", "sessions", "i-0aaaabbbbccccdddd"]);
    expect(run.resources[0]).toMatchObject({
      type: "AWS::DynamoDB::Table",
      source: { ref: "line 1", collectedAt: "2024-05-04T11:22:33.444Z" },
      attributes: { sSEDescription: { status: "ENABLED" }, supplementaryConfiguration: { ContinuousBackupsDescription: { continuousBackupsStatus: "ENABLED" } } },
    });
    expect(run.resources[1]!.source.ref).toBe("line 2");
    expect(run.summary.skipped).toEqual({ "notification ConfigurationSnapshotDeliveryCompleted": 1 });
    // An oversized notification still yields the resource, and says why it has no configuration.
    expect(run.resources[2]!.attributes).toBeUndefined();
    expect(run.problems).toEqual([{ source: fixture("notifications.ndjson"), position: "line 4", message: expect.stringContaining("oversized") }]);
  });

  it("reads NDJSON of bare configuration items from stdin", async () => {
    const snapshot = JSON.parse(await readFile(fixture("snapshot.json"), "utf8")) as { configurationItems: unknown[] };
    const ndjson = snapshot.configurationItems.map((item) => JSON.stringify(item)).join("\r\n");
    const run = await runImport(importAwsConfig, "-", { stdin: byteStream(`\uFEFF${ndjson}`) });
    expect(run.resources).toHaveLength(5);
    expect(run.resources.every((r) => r.source.file === "-")).toBe(true);
    expect(run.resources.map((r) => r.source.ref)).toEqual(["line 1", "line 2", "line 3", "line 4", "line 5"]);
    expect(run.summary.skipped).toEqual({ ResourceDeleted: 1 });
  });

  it("reports bad records with their positions and imports the rest", async () => {
    const good = (id: string) => ({ resourceType: "AWS::SQS::Queue", resourceId: id, ARN: `arn:aws:sqs:eu-west-1:123456789012:${id}`, awsRegion: "eu-west-1", awsAccountId: "123456789012", configurationItemStatus: "OK", configuration: { queueName: id } });
    const lines = [
      JSON.stringify(good("q1")),
      '{"resourceType": "AWS::SQS::Queue", "resourceId": ',
      JSON.stringify({ ...good("q2"), resourceType: 42 }),
      JSON.stringify({ ...good("q3"), configuration: "{not json", tags: "oops", futureField: { anything: true } }),
      JSON.stringify({ id: "/subscriptions/x/resourceGroups/rg", type: "Microsoft.Resources/resourceGroups" }),
      JSON.stringify(good("q4")),
    ];
    const run = await runImport(importAwsConfig, { text: lines.join("\n"), name: "items.ndjson" });
    expect(run.resources.map((r) => r.name)).toEqual(["q1", "q3", "q4"]);
    expect(run.resources[1]!.attributes).toBeUndefined();
    expect(run.resources[1]!.tags).toEqual({});
    expect(run.problems.map((p) => [p.position, p.message])).toEqual([
      ["line 2", expect.stringMatching(/^invalid JSON/)],
      ["line 3", "resourceType must be a string (got number)"],
      ["line 4", "configuration is a string but not valid JSON; imported without it"],
      ["line 4", expect.stringMatching(/^tags must be a map/)],
      ["line 5", "not a configuration item: it has none of resourceType, resourceId, ARN"],
    ]);
    expect(run.problems.every((p) => p.source === "items.ndjson")).toBe(true);
  });

  it("salvages every complete record of a truncated snapshot and says where it was cut", async () => {
    const text = await readFile(fixture("snapshot.json"), "utf8");
    const cut = text.slice(0, text.indexOf('"AWS::Lambda::Function"'));
    const run = await runImport(importAwsConfig, { text: cut, name: "cut.json" });
    expect(run.resources.map((r) => r.type)).toEqual(["AWS::RDS::DBInstance", "AWS::S3::Bucket", "AWS::EC2::SecurityGroup"]);
    expect(run.problems).toHaveLength(1);
    expect(run.problems[0]!.message).toMatch(/record 3 is cut off.*truncated/);
    expect(run.problems[0]!.position).toMatch(/^line \d+$/);
  });

  it("does not echo the text of a broken record (it may hold a secret)", async () => {
    const text = ['{"resourceType":"AWS::SNS::Topic","ARN":"arn:aws:sns:eu-west-1:123456789012:a"}', '{"resourceType":"AWS::RDS::DBInstance","configuration":{"masterUserPassword": hunter2-unquoted}}', "hunter2-bare-line"].join("\n");
    const run = await runImport(importAwsConfig, { text, name: "x.ndjson" });
    expect(run.resources).toHaveLength(1);
    expect(run.problems.map((p) => p.position)).toEqual(["line 2", "line 3"]);
    expect(run.problems[0]!.message).toMatch(/^invalid JSON: unexpected character/);
    expectNoSecrets(run, ["hunter2"]);
    const pretty = await runImport(importAwsConfig, { text: '[\n{"resourceType": "AWS::SNS::Topic", "ARN": secret-in-array}\n]', name: "y.json" });
    expect(pretty.problems).toEqual([{ source: "y.json", position: "record 0 (line 2)", message: expect.stringMatching(/^invalid JSON/) }]);
    expectNoSecrets(pretty, ["secret-in-array"]);
  });

  it("says a truncated NDJSON file ends mid-record", async () => {
    const run = await runImport(importAwsConfig, { text: '{"resourceType":"AWS::SNS::Topic","ARN":"arn:aws:sns:eu-west-1:123456789012:alerts"}\n{"resourceType":"AWS::SNS::To', name: "x.ndjson" });
    expect(run.resources).toHaveLength(1);
    expect(run.problems).toEqual([{ source: "x.ndjson", position: "line 2", message: expect.stringMatching(/invalid JSON.*truncated/) }]);
  });

  it("gives one clear problem for input that is not an AWS Config export", async () => {
    const html = await runImport(importAwsConfig, { text: "<!DOCTYPE html>\n<html><body>Sign in</body></html>", name: "page.html" });
    expect(html.resources).toEqual([]);
    expect(html.problems).toEqual([{ source: "page.html", position: "line 1", message: expect.stringMatching(/^not JSON.*expected an AWS Config export/) }]);

    const azure = JSON.stringify(Array.from({ length: 50 }, (_, i) => ({ id: `/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/sa${i}`, type: "Microsoft.Storage/storageAccounts" })));
    const wrong = await runImport(importAwsConfig, { text: azure, name: "resources.json" });
    expect(wrong.resources).toEqual([]);
    expect(wrong.problems).toHaveLength(1);
    expect(wrong.problems[0]).toMatchObject({ position: "line 1, record 0", message: expect.stringMatching(/^this does not look like an AWS Config export/) });

    const empty = await runImport(importAwsConfig, { text: "  \n", name: "empty.json" });
    expect(empty.problems).toEqual([{ source: "empty.json", position: "line 1", message: "input is empty" }]);
  });

  it("streams 50,000 NDJSON items with flat memory", async () => {
    const dir = await tempTree({});
    const path = join(dir, "items.ndjson");
    const count = 50_000;
    const lines: string[] = [];
    for (let i = 0; i < count; i++) {
      lines.push(
        JSON.stringify({
          awsAccountId: "123456789012",
          configurationItemCaptureTime: "2024-05-02T08:14:22.318Z",
          configurationItemStatus: i % 10 === 0 ? "ResourceDeleted" : "OK",
          resourceType: "AWS::EC2::Instance",
          resourceId: `i-${i.toString(16).padStart(17, "0")}`,
          ARN: `arn:aws:ec2:eu-west-1:123456789012:instance/i-${i.toString(16).padStart(17, "0")}`,
          awsRegion: "eu-west-1",
          tags: { index: String(i) },
          configuration: { instanceType: "t3.micro", metadataOptions: { httpTokens: "required" }, userData: "x".repeat(200) },
        }),
      );
    }
    await writeFile(path, lines.join("\n"));
    const before = process.memoryUsage().heapUsed;
    let imported = 0;
    let peak = before;
    const iterator = importAwsConfig(path);
    let next = await iterator.next();
    for (; !next.done; next = await iterator.next()) {
      imported++;
      if (imported % 5000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
    expect(imported).toBe(45_000);
    expect(next.value).toEqual({ imported: 45_000, skipped: { ResourceDeleted: 5000 }, problems: 0 });
    // Streaming keeps far less than the ~25 MB file's worth of resources alive.
    expect(peak - before).toBeLessThan(150 * 1024 * 1024);
  });

  it("imports a 50,000-item snapshot document", async () => {
    const items = Array.from({ length: 50_000 }, (_, i) => ({ resourceType: "AWS::S3::Bucket", resourceId: `b${i}`, ARN: `arn:aws:s3:::b${i}`, awsAccountId: "123456789012", awsRegion: "us-east-1", configurationItemStatus: "OK", configuration: { name: `b${i}` } }));
    const text = JSON.stringify({ fileVersion: "1.0", configSnapshotId: "x", configurationItems: items }, null, 1);
    let count = 0;
    for await (const resource of importAwsConfig({ text, name: "big.json" })) if (resource.account.uid === "123456789012") count++;
    expect(count).toBe(50_000);
  });
});
