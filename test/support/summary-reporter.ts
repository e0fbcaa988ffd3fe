import type { Reporter, SerializedError, TestModule, TestRunEndReason } from "vitest/node";

/** The counts the closing line prints. */
export interface RunCounts {
  passed: number;
  failed: number;
  skipped: number;
}

/**
 * Counts a run honestly: a failed test, a suite or module whose hook failed (its tests then show
 * as skipped), a module that failed to load, and every unhandled error each count as a failure;
 * a run vitest calls failed never reads "0 failed".
 */
export function countRun(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>, reason: TestRunEndReason): RunCounts {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const module of testModules) {
    for (const test of module.children.allTests()) {
      const state = test.result().state;
      if (state === "passed") passed++;
      else if (state === "failed") failed++;
      else skipped++;
    }
    // A failed beforeAll/afterAll, or a file that failed to load, leaves its errors on the
    // suite or module rather than on a test.
    if (module.errors().length > 0 || (module.state() === "failed" && module.children.size === 0)) failed++;
    for (const suite of module.children.allSuites()) if (suite.errors().length > 0) failed++;
  }
  failed += unhandledErrors.length;
  if (reason === "failed" && failed === 0) failed = 1;
  return { passed, failed, skipped };
}

/**
 * Ends the run with one plain line, "Tests: N passed, N failed, N skipped",
 * the closing line CI reads in any language (vitest's own summary is
 * decorated and not recognised).
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>, reason: TestRunEndReason): void {
    const { passed, failed, skipped } = countRun(testModules, unhandledErrors, reason);
    process.stdout.write(`\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
