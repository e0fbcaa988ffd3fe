import { createRequire } from "node:module";
import { gcpInventory, type GcpInventoryOptions } from "../../../src/adapters/gcp/index.js";
import type { Resource } from "../../../src/types.js";
import type { FakeGcp } from "../../support/fake-gcp/server.js";

const require = createRequire(import.meta.url);
// The google-gax that @google-cloud/asset itself loads (a newer top-level one may sit beside it).
const gax = require(require.resolve("google-gax", { paths: [require.resolve("@google-cloud/asset")] })) as {
  grpc: { credentials: { createInsecure(): unknown } };
  googleAuthLibrary: { PassThroughClient: new () => unknown };
};

/** Client options that reach the fake over plain gRPC, with an auth client that never probes the metadata server. */
export function fakeClientOptions(fake: FakeGcp): Record<string, unknown> {
  return { servicePath: "127.0.0.1", port: fake.port, sslCreds: gax.grpc.credentials.createInsecure(), authClient: new gax.googleAuthLibrary.PassThroughClient() };
}

export function fakeOptions(fake: FakeGcp, extra: Partial<GcpInventoryOptions> = {}): GcpInventoryOptions {
  return {
    now: () => new Date("2026-01-02T03:04:05Z"),
    requestsPerMinute: 0,
    retry: { baseDelayMs: 0 },
    ...extra,
    clientOptions: { ...fakeClientOptions(fake), ...extra.clientOptions },
  };
}

export async function collect(options: GcpInventoryOptions) {
  const run = gcpInventory(options);
  const resources: Resource[] = [];
  for await (const resource of run) resources.push(resource);
  return { resources, result: await run.result, run };
}
