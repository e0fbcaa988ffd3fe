/**
 * The Cloud Asset client, imported on first use: `@google-cloud/asset` is an
 * optional peer dependency (it loads gRPC and google-gax, a few hundred
 * milliseconds), so `import "cloud-srm"` and `import "cloud-srm/gcp"` load
 * none of it until an inventory runs. A missing package is one line naming
 * the command that installs it.
 */
import { createRequire } from "node:module";
import { CloudSrmError } from "../../errors.js";
import type { GcpAssetClientLike } from "./types.js";

export const GCP_PACKAGES = { asset: "@google-cloud/asset" } as const;

export type AssetClientConstructor = new (options: Record<string, unknown>) => GcpAssetClientLike;

export async function loadAssetClient(): Promise<AssetClientConstructor> {
  let mod: { AssetServiceClient?: AssetClientConstructor; default?: { AssetServiceClient?: AssetClientConstructor } };
  try {
    // A literal specifier, so bundlers see it and keep it external.
    mod = (await import("@google-cloud/asset")) as unknown as typeof mod;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ERR_MODULE_NOT_FOUND" && code !== "MODULE_NOT_FOUND") throw error;
    throw new CloudSrmError("MISSING_PEER_DEPENDENCY", `the GCP adapter needs ${GCP_PACKAGES.asset} (optional peer dependency): npm install ${GCP_PACKAGES.asset}`);
  }
  const client = mod.AssetServiceClient ?? mod.default?.AssetServiceClient;
  if (!client) throw new CloudSrmError("MISSING_PEER_DEPENDENCY", `${GCP_PACKAGES.asset} has no AssetServiceClient: npm install ${GCP_PACKAGES.asset}@6`);
  return client;
}

/**
 * Client options for an `endpoint`. `https://host[:port]` (or `host[:port]`) is
 * a TLS endpoint, such as a Private Service Connect one. `http://` is plain-text
 * gRPC, accepted only on loopback (an emulator or a test fake): it takes the
 * insecure channel credentials and a pass-through auth client from the
 * google-gax that @google-cloud/asset itself loads, so no token is fetched
 * and the GCE metadata server is never probed.
 */
export function endpointOptions(endpoint: string): Record<string, unknown> {
  const { host, port, plain } = parseEndpoint(endpoint);
  if (!plain) return { apiEndpoint: host, ...(port ? { port } : {}) };
  const gax = loadGax();
  return { servicePath: host, port: port ?? 80, sslCreds: gax.grpc.credentials.createInsecure(), authClient: new gax.googleAuthLibrary.PassThroughClient() };
}

/** Checks an endpoint without loading anything (the CLI calls it for its usage errors). */
export function parseEndpoint(endpoint: string): { host: string; port?: number; plain: boolean } {
  let url: URL;
  try {
    url = new URL(/^[a-z]+:\/\//i.test(endpoint) ? endpoint : `https://${endpoint}`);
  } catch {
    throw new CloudSrmError("GCP_ENDPOINT", `GCP endpoint "${endpoint}" is not a host[:port] or URL`);
  }
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const port = url.port ? Number(url.port) : undefined;
  if (url.protocol === "https:") return { host, ...(port ? { port } : {}), plain: false };
  if (url.protocol !== "http:") throw new CloudSrmError("GCP_ENDPOINT", `GCP endpoint "${endpoint}" must be https:// (or http:// on loopback)`);
  if (!/^(127\.\d+\.\d+\.\d+|localhost|::1)$/.test(host)) throw new CloudSrmError("GCP_ENDPOINT", `GCP endpoint "${endpoint}": plain-text http:// is only for a local emulator on loopback; use https://`);
  return { host, ...(port ? { port } : {}), plain: true };
}

interface Gax {
  grpc: { credentials: { createInsecure(): unknown } };
  googleAuthLibrary: { PassThroughClient: new () => unknown };
}

function loadGax(): Gax {
  const require = createRequire(import.meta.url);
  try {
    return createRequire(require.resolve("@google-cloud/asset"))("google-gax") as Gax;
  } catch {
    throw new CloudSrmError("MISSING_PEER_DEPENDENCY", `the GCP adapter needs ${GCP_PACKAGES.asset} (optional peer dependency): npm install ${GCP_PACKAGES.asset}`);
  }
}
