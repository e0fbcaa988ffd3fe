import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { importAwsResources } from "../../src/inventory/importers/aws-resources.js";
import { tempTree } from "../support/tmp.js";
import { byteStream, FIXED_NOW, runImport } from "./cloud-export-support.js";

const fixture = (name: string) => join("test/fixtures/aws-resources", name);

describe("importAwsResources", () => {
  it("imports resource-explorer-2 search output with ARN types, accounts and tags", async () => {
    const run = await runImport(importAwsResources, fixture("explorer-search.json"));
    expect(run.problems).toEqual([]);
    const [instance, bucket, alb, role] = run.resources;
    expect(instance).toEqual({
      uid: "arn:aws:ec2:us-east-1:123456789012:instance/i-0b22a22eec53b9321",
      provider: "aws",
      account: { uid: "123456789012", type: "aws-account" },
      region: "us-east-1",
      type: "ec2:instance",
      typeSystem: "arn",
      name: "i-0b22a22eec53b9321",
      tags: { Name: "build-runner", Environment: "ci" },
      source: { kind: "aws-resource-explorer", file: fixture("explorer-search.json"), ref: "Resources[0] (line 3)", collectedAt: "2024-05-02T14:05:19.000Z" },
    });
    // S3 ARNs carry no account: OwningAccountId says it.
    expect(bucket).toMatchObject({ type: "s3:bucket", name: "acme-artifacts", account: { uid: "123456789012" }, tags: {} });
    // The ARN type is what the catalog indexes, not Explorer's sub-typed "loadbalancer/app".
    expect(alb!.type).toBe("elasticloadbalancing:loadbalancer");
    expect(role).toMatchObject({ type: "iam:role", region: "global", tags: { owner: "platform" } });
    expect(run.resources.every((r) => r.attributes === undefined)).toBe(true);
  });

  it("imports resourcegroupstaggingapi get-resources output", async () => {
    const run = await runImport(importAwsResources, fixture("tagging.json"));
    expect(run.problems).toEqual([]);
    expect(run.resources.map((r) => [r.type, r.name, r.account.uid, r.region])).toEqual([
      ["lambda:function", "thumbnailer", "210987654321", "eu-central-1"],
      ["sqs:queue", "thumbnail-jobs", "210987654321", "eu-central-1"],
      ["rds:db", "media-db", "210987654321", "eu-central-1"],
    ]);
    expect(run.resources[0]).toMatchObject({
      tags: { team: "media", "aws:cloudformation:stack-name": "media-prod" },
      source: { kind: "aws-tagging-api", collectedAt: FIXED_NOW.toISOString() },
    });
  });

  it("reads NDJSON of either record, and of whole pages, from stdin", async () => {
    const explorer = JSON.parse(await readFile(fixture("explorer-search.json"), "utf8")) as { Resources: unknown[] };
    const tagging = JSON.parse(await readFile(fixture("tagging.json"), "utf8")) as { ResourceTagMappingList: unknown[] };
    const text = [JSON.stringify(explorer.Resources[0]), JSON.stringify(tagging.ResourceTagMappingList[0]), JSON.stringify(tagging)].join("\n");
    const run = await runImport(importAwsResources, "-", { stdin: byteStream(text) });
    expect(run.problems).toEqual([]);
    expect(run.resources.map((r) => r.source.ref)).toEqual(["line 1", "line 2", "line 3, ResourceTagMappingList[0]", "line 3, ResourceTagMappingList[1]", "line 3, ResourceTagMappingList[2]"]);
    expect(run.resources.map((r) => r.source.kind)).toEqual(["aws-resource-explorer", "aws-tagging-api", "aws-tagging-api", "aws-tagging-api", "aws-tagging-api"]);
    expect(run.resources.every((r) => r.source.file === "-")).toBe(true);
  });

  it("reports bad records with their positions and imports the rest", async () => {
    const text = `{
  "ResourceTagMappingList": [
    { "ResourceARN": "arn:aws:sns:us-west-2:123456789012:alerts", "Tags": [{ "Key": "team", "Value": "ops" }] },
    { "ResourceARN": "not-an-arn", "Tags": [] },
    { "ResourceARN": 17, "Tags": [] },
    { "ResourceARN": "arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", "Tags": "team=ops", "Unknown": [1, 2] },
    { "InstanceId": "i-0123" },
    { "ResourceARN": "arn:aws:dynamodb:us-west-2:123456789012:table/events" , }
  ]
}`;
    const run = await runImport(importAwsResources, { text, name: "tags.json" });
    expect(run.resources.map((r) => r.type)).toEqual(["sns:topic", "kms:key"]);
    expect(run.resources[1]!.tags).toEqual({});
    expect(run.problems.map((p) => [p.position, p.message])).toEqual([
      ["ResourceTagMappingList[1] (line 4)", "ResourceARN is not an ARN and the record has no ResourceType"],
      ["ResourceTagMappingList[2] (line 5)", "ResourceARN must be a string (got number)"],
      ["ResourceTagMappingList[3] (line 6)", expect.stringMatching(/^Tags must be a map or a list/)],
      ["ResourceTagMappingList[4] (line 7)", "not a Resource Explorer resource or tag mapping: it has neither Arn nor ResourceARN"],
      ["ResourceTagMappingList[5] (line 8)", expect.stringMatching(/^invalid JSON/)],
    ]);
  });

  it("salvages a truncated listing", async () => {
    const text = await readFile(fixture("explorer-search.json"), "utf8");
    const run = await runImport(importAwsResources, { text: text.slice(0, text.indexOf("elasticloadbalancing:us-east-1")), name: "cut.json" });
    expect(run.resources).toHaveLength(2);
    expect(run.problems).toEqual([{ source: "cut.json", position: expect.stringMatching(/^line \d+$/), message: expect.stringMatching(/record 2 is cut off.*truncated/) }]);
  });

  it("gives one clear problem for the wrong export", async () => {
    const run = await runImport(importAwsResources, "test/fixtures/aws-config/snapshot.json");
    expect(run.resources).toEqual([]);
    expect(run.problems).toHaveLength(1);
    expect(run.problems[0]!.message).toMatch(/^this does not look like an AWS resource listing/);
  });

  it("imports 50,000 tag mappings", async () => {
    const dir = await tempTree({});
    const path = join(dir, "tags.json");
    const list = Array.from({ length: 50_000 }, (_, i) => ({ ResourceARN: `arn:aws:ec2:us-east-1:123456789012:volume/vol-${i.toString(16).padStart(17, "0")}`, Tags: [{ Key: "n", Value: String(i) }] }));
    await writeFile(path, JSON.stringify({ ResourceTagMappingList: list }, null, 2));
    const before = process.memoryUsage().heapUsed;
    let count = 0;
    for await (const resource of importAwsResources(path)) if (resource.type === "ec2:volume") count++;
    expect(count).toBe(50_000);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(300 * 1024 * 1024);
  });
});
