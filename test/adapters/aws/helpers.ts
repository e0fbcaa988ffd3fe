import { ConfiguredRetryStrategy } from "@smithy/util-retry";
import { awsInventory, type AwsInventoryOptions } from "../../../src/adapters/aws/index.js";
import type { Resource } from "../../../src/types.js";
import { BASE_ACCESS_KEY, BASE_SECRET_KEY, type FakeAws } from "../../support/fake-aws/server.js";

/** Options pointing every SDK client at the fake, with instant retries. */
export function fakeOptions(fake: FakeAws, extra: AwsInventoryOptions = {}): AwsInventoryOptions {
  return {
    region: "us-east-1",
    credentials: { accessKeyId: BASE_ACCESS_KEY, secretAccessKey: BASE_SECRET_KEY },
    now: () => new Date("2026-01-02T03:04:05Z"),
    ...extra,
    clientConfig: { endpoint: fake.url, retryStrategy: new ConfiguredRetryStrategy(3, 0), ...extra.clientConfig },
  };
}

export async function collect(options: AwsInventoryOptions) {
  const run = awsInventory(options);
  const resources: Resource[] = [];
  for await (const resource of run) resources.push(resource);
  return { resources, result: await run.result, run };
}
