import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { checkResource } from "../../src/inventory/check-resource.js";
import { readLines, writeNdjson } from "../../src/inventory/ndjson.js";
import { jsonErrorMessage } from "../../src/inventory/json-error.js";
import { ResourceSchema } from "../../src/schema/index.js";

const valid = {
  uid: "arn:aws:s3:::b",
  provider: "aws",
  account: { uid: "111122223333", type: "aws-account" },
  type: "AWS::S3::Bucket",
  typeSystem: "cloudformation",
  tags: { env: "prod" },
  source: { kind: "aws-config" },
};

describe("checkResource (the fast NDJSON check) agrees with ResourceSchema", () => {
  const cases: [string, unknown][] = [
    ["valid", valid],
    ["with optionals", { ...valid, region: "us-east-1", zone: "us-east-1a", name: "b", createdAt: "2024-01-01", attributes: { a: 1 } }],
    ["not an object", [valid]],
    ["null", null],
    ["empty uid", { ...valid, uid: "" }],
    ["numeric type", { ...valid, type: 3 }],
    ["bad type system", { ...valid, typeSystem: "pulumi" }],
    ["missing account", { ...valid, account: undefined }],
    ["bad account type", { ...valid, account: { uid: "1", type: "tenant" } }],
    ["tags as list", { ...valid, tags: [{ Key: "a", Value: "b" }] }],
    ["non-string tag", { ...valid, tags: { a: 1 } }],
    ["missing source", { ...valid, source: undefined }],
    ["array attributes", { ...valid, attributes: [] }],
    ["numeric region", { ...valid, region: 5 }],
  ];
  for (const [name, value] of cases) {
    it(name, () => {
      const fast = checkResource(value) === undefined;
      expect(fast).toBe(ResourceSchema.safeParse(value).success);
    });
  }
});

describe("NDJSON streams", () => {
  it("splits lines across chunk boundaries, with CRLF, a BOM and no final newline", async () => {
    const text = '\uFEFF{"a":1}\r\n\n{"b":\r\n2}\n{"c":"x\\ny"}';
    const chunks = text.match(/[\s\S]{1,3}/g)!;
    const lines = [];
    for await (const line of readLines(Readable.from(chunks))) lines.push(line);
    expect(lines).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 3, text: '{"b":' },
      { line: 4, text: "2}" },
      { line: 5, text: '{"c":"x\\ny"}' },
    ]);
  });

  it("keeps memory flat however many lines pass through", async () => {
    const count = 300_000;
    async function* source() {
      for (let i = 0; i < count; i += 1000) {
        let chunk = "";
        for (let j = i; j < i + 1000; j++) chunk += `{"uid":"r${j}","padding":"${"x".repeat(200)}"}\n`;
        yield chunk;
      }
    }
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    let seen = 0;
    let peak = 0;
    for await (const _line of readLines(Readable.from(source()))) {
      if (++seen % 50_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed - before);
    }
    expect(seen).toBe(count);
    // ~66 MB of input went through; the heap must not have grown with it.
    expect(peak).toBeLessThan(40 * 2 ** 20);
  });

  it("writes NDJSON honouring backpressure", async () => {
    const written: string[] = [];
    const { Writable } = await import("node:stream");
    const out = new Writable({
      highWaterMark: 1024,
      write(chunk, _encoding, callback) {
        written.push(String(chunk));
        setImmediate(callback);
      },
    });
    const count = await writeNdjson((function* () { for (let i = 0; i < 20_000; i++) yield { i }; })(), out);
    await new Promise((resolve) => out.end(resolve));
    expect(count).toBe(20_000);
    const lines = written.join("").trimEnd().split("\n");
    expect(lines).toHaveLength(20_000);
    expect(JSON.parse(lines[19_999]!)).toEqual({ i: 19_999 });
  });

  it("never quotes the input in JSON error messages", () => {
    let error: unknown;
    try {
      JSON.parse('{"password": hunter2}');
    } catch (e) {
      error = e;
    }
    expect(String((error as Error).message)).toContain("hunter2"); // what V8 would have leaked
    expect(jsonErrorMessage(error)).not.toContain("hunter2");
    expect(jsonErrorMessage(error)).toMatch(/^invalid JSON/);
  });
});
