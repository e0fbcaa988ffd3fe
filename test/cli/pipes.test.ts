/**
 * A closed pipe or a full disk ends the command with one line at most, never
 * Node's "Unhandled 'error' event" stack. Real child processes and real pipes:
 * the built CLI (npm test builds before the tests run).
 */
import { spawn } from "node:child_process";
import { existsSync, openSync, closeSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { EPIPE_EXIT } from "../../src/cli/pipe.js";

const CLI = "dist/cli.js";

/** Runs the CLI with stdout into a pipe that the reader closes after its first chunk. */
function runAndCloseEarly(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    // Like `| head -c 1`: read one chunk, then close the read end.
    child.stdout.once("data", () => child.stdout.destroy());
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr }));
  });
}

function runToFile(args: string[], path: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const fd = openSync(path, "w");
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", fd, "pipe"] });
    closeSync(fd);
    let stderr = "";
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr }));
  });
}

describe.skipIf(!existsSync(CLI))("closed pipes and full disks (built CLI)", () => {
  for (const args of [
    ["matrix", "--all", "--format", "json"],
    ["catalog", "sources"],
    ["report", "--example", "--format", "json"],
    ["report", "--example", "--format", "ndjson"],
  ]) {
    it(`${args.join(" ")} | (reader closes): quiet, status ${EPIPE_EXIT} or 0`, async () => {
      const { code, stderr } = await runAndCloseEarly(args);
      expect(stderr).not.toMatch(/Unhandled|EPIPE|at .*\(node:/);
      // 0 when everything fitted in the pipe before the reader left.
      expect([EPIPE_EXIT, 0]).toContain(code);
    });
  }

  it.skipIf(!existsSync("/dev/full"))("> /dev/full: one line naming the problem, exit 1", async () => {
    const { code, stderr } = await runToFile(["matrix", "--all", "--format", "json"], "/dev/full");
    expect(code).toBe(1);
    expect(stderr.trim().split("\n")).toEqual(["cloud-srm: cannot write to standard output: no space left on device (ENOSPC)"]);
  });

  it.skipIf(!existsSync("/dev/full"))("--output /dev/full: one line naming the path, exit 1", async () => {
    for (const format of ["json", "html", "ndjson"]) {
      const { code, stderr } = await runToFile(["report", "--example", "--format", format, "--output", "/dev/full"], "/dev/null");
      expect(code, format).toBe(1);
      expect(stderr.trim().split("\n"), format).toEqual(["cloud-srm: cannot write /dev/full: no space left on device (ENOSPC)"]);
    }
  });
});
