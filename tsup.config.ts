import { readFileSync } from "node:fs";
import { defineConfig } from "tsup";

const { version } = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };
const define = { __CLOUD_SRM_VERSION__: JSON.stringify(version) };

// Cloud SDKs must stay external: they are optional peer dependencies that
// adapters import lazily, and bundling them would break `import "cloud-srm"`'s
// promise to load no SDK.
const external = [/^@duckdb\//, /^@aws-sdk\//, /^@smithy\//, /^@azure\//, /^@google-cloud\//, /^google-gax/, /^@grpc\//];

export default defineConfig([
  {
    // cloud-srm/aws and cloud-srm/gcp are entries of their own: importing the core never reaches an adapter.
    entry: { index: "src/index.ts", aws: "src/adapters/aws/index.ts", gcp: "src/adapters/gcp/index.ts" },
    format: ["esm", "cjs"],
    dts: true,
    // Splitting keeps lazily imported modules (YAML loader, zod schemas) out of
    // the entry chunk in both formats, so importing the core stays cheap.
    splitting: true,
    shims: true,
    sourcemap: false,
    clean: true,
    target: "node20",
    external,
    define,
  },
  {
    entry: { cli: "src/cli/bin.ts" },
    format: ["esm"],
    splitting: true,
    shims: true,
    target: "node20",
    banner: { js: "#!/usr/bin/env node" },
    external,
    define,
  },
]);
