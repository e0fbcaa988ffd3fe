/**
 * The progress line of `inventory import`: drawn on a terminal's stderr
 * only, throttled, cleared at the end; never in a pipe, and the NDJSON on
 * stdout is the same either way.
 */
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { run } from "../../src/cli/main.js";
import { importProgress } from "../../src/cli/import-progress.js";
import { tempTree } from "../support/tmp.js";

function snapshotLines(count: number): string {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    lines.push(JSON.stringify({ configurationItemStatus: "OK", resourceType: "AWS::S3::Bucket", resourceId: `b${i}`, ARN: `arn:aws:s3:::b${i}`, awsAccountId: "111122223333", awsRegion: "eu-west-1", tags: { n: String(i) }, configuration: { pad: "x".repeat(200) } }));
  }
  return `${lines.join("\n")}\n`;
}

async function cli(args: string[], tty: boolean, stdin?: NodeJS.ReadableStream) {
  let stdout = "";
  let stderr = "";
  const code = await run(args, {
    stdout: { write: (chunk: string | Uint8Array) => ((stdout += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8")), true) },
    stderr: { write: (chunk: string) => ((stderr += chunk), true), isTTY: tty },
    env: { SOURCE_DATE_EPOCH: "1700000000" },
    ...(stdin ? { stdin } : {}),
  });
  return { code, stdout, stderr };
}

describe("inventory import progress line", () => {
  it("a terminal gets bytes read of the file's size and records, redrawn in place and cleared; the output is unchanged", async () => {
    const dir = await tempTree({ "items.ndjson": snapshotLines(300) });
    const tty = await cli(["inventory", "import", "aws-config", `${dir}/items.ndjson`], true);
    const pipe = await cli(["inventory", "import", "aws-config", `${dir}/items.ndjson`], false);
    expect(tty.code).toBe(0);
    expect(tty.stdout).toBe(pipe.stdout);
    expect(tty.stdout.trim().split("\n")).toHaveLength(300);
    const ESC = "\u001b";
    expect(tty.stderr.startsWith(`\r${ESC}[Kimporting `)).toBe(true);
    expect(tty.stderr).toMatch(/importing .*items\.ndjson: \d+\.\d of \d+\.\d MiB \(\d+%\) read, \d+ record\(s\)/);
    // Cleared before the summary, which stays on a line of its own.
    expect(tty.stderr.endsWith(`\r${ESC}[Kimported 300 resource(s)\n`)).toBe(true);
    // A pipe or a CI log: not a single control character.
    expect(pipe.stderr).toBe("imported 300 resource(s)\n");
  });

  it("report --import and --inventory draw it too, per input, cleared before the problems; the document is unchanged", async () => {
    const dir = await tempTree({ "items.ndjson": snapshotLines(300) });
    const imported = await cli(["inventory", "import", "aws-config", `${dir}/items.ndjson`], false);
    const inv = await tempTree({ "inventory.ndjson": `${imported.stdout}not json\n` });
    const ESC = "\u001b";
    for (const format of ["json", "ndjson", "csv"]) {
      const args = ["report", "--import", `aws-config=${dir}/items.ndjson`, "--inventory", `${inv}/inventory.ndjson`, "--format", format];
      const tty = await cli(args, true);
      const pipe = await cli(args, false);
      expect(tty.code).toBe(3); // the bad line makes the run partial either way
      expect(pipe.code).toBe(3);
      expect(tty.stdout).toBe(pipe.stdout);
      expect(tty.stderr).toMatch(/importing .*items\.ndjson: \d+\.\d of \d+\.\d MiB \(\d+%\) read, \d+ record\(s\)/);
      expect(tty.stderr).toMatch(/importing .*inventory\.ndjson: \d+\.\d of \d+\.\d MiB \(\d+%\) read, \d+ record\(s\)/);
      // Every line drawn is cleared; what remains, once the redraws are taken out, is the pipe's stderr.
      const cleared = tty.stderr.replace(new RegExp(`\r${ESC}\\[K(importing [^\r]*)?`, "g"), "");
      expect(cleared).toBe(pipe.stderr);
      expect(pipe.stderr).not.toContain(ESC);
      expect(pipe.stderr).toContain("inventory.ndjson:line 301: invalid JSON");
    }
  });

  it("report --inventory - on a terminal: stdin counted without a total", async () => {
    const imported = await cli(["inventory", "import", "aws-config", "-"], false, Readable.from([Buffer.from(snapshotLines(5))]));
    const { code, stderr } = await cli(["report", "--inventory", "-", "--format", "json"], true, Readable.from([Buffer.from(imported.stdout)]));
    expect(code).toBe(0);
    expect(stderr).toMatch(/importing stdin: \d+\.\d MiB read, \d+ record\(s\)/);
  });

  it("an unreadable file fails the same way with or without the progress line", async () => {
    const tty = await cli(["inventory", "import", "terraform", "/nonexistent/state.tfstate"], true);
    const pipe = await cli(["inventory", "import", "terraform", "/nonexistent/state.tfstate"], false);
    expect(tty.code).toBe(pipe.code);
    expect(tty.stderr).toBe(pipe.stderr);
  });

  it("stdin on a terminal: bytes read without a total", async () => {
    const { stderr, stdout } = await cli(["inventory", "import", "aws-config", "-"], true, Readable.from([Buffer.from(snapshotLines(5))]));
    expect(stdout.trim().split("\n")).toHaveLength(5);
    expect(stderr).toMatch(/importing stdin: \d+\.\d MiB read, \d record\(s\)/);
  });

  it("TERM=dumb or a non-terminal stderr: no progress object at all", async () => {
    const io = { stdout: { write: () => true }, stderr: { write: () => true, isTTY: true }, env: { TERM: "dumb" } };
    expect(await importProgress(io, "-")).toBeUndefined();
    expect(await importProgress({ ...io, env: {}, stderr: { write: () => true } }, "-")).toBeUndefined();
  });

  it("redraws at most every 200 ms of its clock, and escapes control characters in the name", async () => {
    const writes: string[] = [];
    let time = 0;
    const stdin = Readable.from(["a", "b", "c", "d"].map((s) => Buffer.from(s)));
    const progress = (await importProgress({ stdout: { write: () => true }, stderr: { write: (s: string) => writes.push(s), isTTY: true }, env: {}, stdin }, "-", () => time))!;
    const chunks: string[] = [];
    for await (const chunk of (progress.input as { stream: Readable }).stream) {
      chunks.push(String(chunk));
      time += 150; // draws at 0, 300, ... : every other chunk
    }
    expect(chunks.join("")).toBe("abcd");
    expect(writes).toHaveLength(2);
    time += 1000;
    for await (const _ of progress.track(Readable.from([1, 2, 3]))) time += 0;
    expect(writes).toHaveLength(3);
    expect(writes.at(-1)).toMatch(/4 bytes|0\.0 MiB read, 1 record/);
    progress.clear();
    expect(writes.at(-1)).toBe("\r\x1b[K");

    const named = (await importProgress({ stdout: { write: () => true }, stderr: { write: (s: string) => writes.push(s), isTTY: true }, env: {} }, "/nonexistent/\u001b[2Jevil"))!;
    for await (const _ of named.track(Readable.from([1]))) break;
    expect(writes.at(-1)).toContain("\\u001b[2Jevil");
    expect(writes.at(-1)).not.toContain("\u001b[2J");
  });
});
