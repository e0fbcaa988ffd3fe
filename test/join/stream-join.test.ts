import { createReadStream } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { builtinCatalog } from "../../src/catalog/builtin.js";
import { readLineBatches, readLines } from "../../src/inventory/ndjson.js";
import { readResourceBatches } from "../../src/inventory/read-resources.js";
import { Joiner } from "../../src/join/joiner.js";
import { joinBatchesToNdjson, joinToNdjson } from "../../src/join/stream-join.js";
import { JoinedRecordSchema } from "../../src/schema/index.js";
import type { Resource } from "../../src/types.js";
import { tempTree } from "../support/tmp.js";

const resource = (i: number): Resource => ({
  uid: `arn:aws:rds:us-east-1:111122223333:db:db-${i}`,
  provider: "aws",
  account: { uid: "111122223333", type: "aws-account" },
  region: "us-east-1",
  type: i % 5 === 4 ? "random_password" : "AWS::RDS::DBInstance",
  typeSystem: i % 5 === 4 ? "terraform" : "cloudformation",
  name: `db-${i} "quoted" \u2028`,
  tags: { env: "prod" },
  attributes: { storageEncrypted: i % 2 === 0, publiclyAccessible: i % 3 === 0 },
  source: { kind: "test" },
});

async function collect(out: PassThrough): Promise<string> {
  let text = "";
  out.setEncoding("utf8");
  out.on("data", (chunk: string) => (text += chunk));
  await new Promise((resolve) => out.on("end", resolve));
  return text;
}

describe("the batched NDJSON join", () => {
  it("reads lines in batches across chunk boundaries: same lines as one by one, CRLF and BOM handled", async () => {
    // 20,000 lines of varying length in 64 KiB chunks: many lines straddle two chunks.
    const lines = Array.from({ length: 20_000 }, (_, i) => `{"n":${i},"pad":"${"x".repeat(i % 97)}"}`);
    const dir = await tempTree({ "in.ndjson": `\uFEFF${lines.join("\r\n")}\n\n` });
    const file = join(dir, "in.ndjson");
    const batches: string[][] = [];
    for await (const batch of readLineBatches(createReadStream(file, { highWaterMark: 65536 }))) batches.push(batch.map((l) => l.text));
    expect(batches.length).toBeGreaterThan(10);
    expect(batches.flat()).toEqual(lines);
    const single: string[] = [];
    for await (const line of readLines(file)) single.push(line.text);
    expect(single).toEqual(lines);
  });

  it("writes the same records in batches as one at a time, valid against the v2 record schema, many chunks of output", async () => {
    const resources = Array.from({ length: 3000 }, (_, i) => resource(i));
    const dir = await tempTree({ "inv.ndjson": `${resources.map((r) => JSON.stringify(r)).join("\n")}\n{broken\n` });
    const problems: string[] = [];
    const batchedOut = new PassThrough();
    const batched = collect(batchedOut);
    const summary = await joinBatchesToNdjson(
      readResourceBatches(join(dir, "inv.ndjson"), { onProblem: (p) => problems.push(`${p.position}: ${p.message}`) }),
      new Joiner(builtinCatalog()),
      batchedOut,
    );
    batchedOut.end();
    const singleOut = new PassThrough();
    const single = collect(singleOut);
    await joinToNdjson(resources, new Joiner(builtinCatalog()), singleOut);
    singleOut.end();
    const text = await batched;
    expect(text).toBe(await single);
    expect(text.length).toBeGreaterThan(4 * 65536);
    expect(problems).toEqual([expect.stringMatching(/^line 3001: /)]);
    expect(summary).toMatchObject({ total: 3000, mapped: 2400, unmapped: [{ type: "random_password", count: 600 }] });
    const records = text.trimEnd().split("\n").map((line) => JoinedRecordSchema.parse(JSON.parse(line)));
    expect(records.map((r) => r.name)).toEqual(resources.map((r) => r.name));
    // db-0: encrypted, publicly accessible (i % 3 === 0): the encryption duty is met, exposure not met.
    expect(records[0]!.duties).toMatchObject({ "data.encryption-at-rest": "met" });
    expect(records[1]!.duties).toMatchObject({ "data.encryption-at-rest": "not-met" });
  });
});
