import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const { version } = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };

export default defineConfig({
  define: { __CLOUD_SRM_VERSION__: JSON.stringify(version) },
  resolve: {
    alias: [
      // From source, the built-in catalog is the one globalSetup compiles from catalog/ for this run.
      { find: /^\.\/builtin-location\.js$/, replacement: fileURLToPath(new URL("test/support/builtin-location.ts", import.meta.url)) },
      { find: /^\.\/examples-location\.js$/, replacement: fileURLToPath(new URL("test/support/examples-location.ts", import.meta.url)) },
    ],
  },
  test: {
    globalSetup: ["test/support/global-setup.ts"],
    // Refuses every non-loopback connection and DNS lookup: no test can reach a real cloud.
    setupFiles: ["test/support/no-network.mjs"],
    include: ["test/**/*.test.ts"],
    reporters: ["default", "./test/support/summary-reporter.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
