import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const exec = promisify(execFile);

describe("the closing line", () => {
  it("counts a failed hook, a file that does not load and an unhandled error as failures", async () => {
    const result = await exec(process.execPath, ["node_modules/vitest/vitest.mjs", "run", "--config", "test/fixtures/reporter/vitest.config.ts"], {
      env: { ...process.env, NO_COLOR: "1" },
    }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code: number; stdout: string }) => error,
    );
    expect(result.code).not.toBe(0);
    const line = result.stdout.split("\n").find((l) => l.startsWith("Tests: "));
    // passes.case.ts: 1 passed, 1 skipped; hook-fails: its test skipped, the suite failed;
    // load-fails: the module failed; unhandled: 1 passed plus one unhandled error.
    expect(line).toBe("Tests: 2 passed, 3 failed, 2 skipped");
  }, 60_000);
});
