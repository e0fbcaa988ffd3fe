import { azureInventory, type AzureInventoryOptions } from "../../../src/adapters/azure/index.js";
import type { Resource } from "../../../src/types.js";
import type { FakeAzure } from "../../support/fake-azure/server.js";
import { fakeCredential } from "../../support/fake-azure/world.js";

/**
 * Options pointing the real SDK clients at the fake: its endpoint, its
 * certificate, a fake credential, and retries that do not wait (the fake's
 * 429s carry retry-after-ms: 1).
 */
export function fakeOptions(fake: FakeAzure, extra: AzureInventoryOptions = {}): AzureInventoryOptions {
  return {
    credential: fakeCredential(),
    endpoint: fake.url,
    now: () => new Date("2026-01-02T03:04:05Z"),
    retry: { attempts: 4, baseDelayMs: 1, maxDelayMs: 4 },
    ...extra,
    clientOptions: { tlsOptions: { ca: fake.ca }, retryOptions: { maxRetries: 3, retryDelayInMs: 1, maxRetryDelayInMs: 4 }, ...extra.clientOptions },
  };
}

export async function collect(options: AzureInventoryOptions) {
  const run = azureInventory(options);
  const resources: Resource[] = [];
  for await (const resource of run) resources.push(resource);
  return { resources, result: await run.result, run };
}
