/** The AWS adapter against the fake AWS (an organization: one scope per account). */
import { ConfiguredRetryStrategy } from "@smithy/util-retry";
import { awsInventory } from "../../../src/adapters/aws/index.js";
import { BASE_ACCESS_KEY, BASE_SECRET_KEY, FakeAws } from "../../support/fake-aws/server.js";
import { account, accountId, REGIONS } from "../../support/fake-aws/world.js";
import { HOSTILE_TAGS, type Fake, type Harness, type World } from "./harness.js";

const ROLE = "ConformanceReadOnly";
const EXTERNAL_ID = "conformance-external-id-secret";

export const awsHarness: Harness = {
  name: "aws",
  async start(world: World): Promise<Fake> {
    // resourcesFor() makes perRegion instances + 1 database per region + 3 global resources.
    const perRegion = Math.max(1, Math.round((world.perScope - 3) / REGIONS.length) - 1);
    const accounts = Array.from({ length: world.scopes }, (_, n) => {
      const a = account(n, { perRegion });
      if (world.hostileTags) a.resources[0]!.tags = { ...HOSTILE_TAGS };
      return a;
    });
    const fake = new FakeAws({
      management: accountId(0),
      orgId: "o-conform0001",
      role: ROLE,
      externalId: EXTERNAL_ID,
      accounts,
      pageSize: world.pageSize,
      throttle: world.throttle ?? false,
      ...(world.latencyMs ? { latencyMs: world.latencyMs } : {}),
      ...(world.failing !== undefined ? { failures: REGIONS.map((region) => ({ account: accountId(world.failing!), region, kind: "500" as const })) } : {}),
    });
    await fake.start();
    return {
      run(options = {}) {
        const run = awsInventory({
          region: "us-east-1",
          regions: REGIONS,
          credentials: { accessKeyId: BASE_ACCESS_KEY, secretAccessKey: BASE_SECRET_KEY },
          organization: { role: ROLE, externalId: EXTERNAL_ID },
          resourceExplorer: false,
          now: () => new Date("2026-01-02T03:04:05Z"),
          clientConfig: { endpoint: fake.url, retryStrategy: new ConfiguredRetryStrategy(3, 0) },
          ...options,
        });
        return { stream: run, result: run.result };
      },
      expectedUids(exceptScope) {
        return accounts.filter((_, n) => n !== exceptScope).flatMap((a) => a.resources.map((r) => r.arn));
      },
      scopeId: (index) => accountId(index),
      calls: () => fake.calls.length,
      throttled: () => fake.throttled,
      writes: () => fake.writes,
      async probeWrite() {
        const { ResourceGroupsTaggingAPIClient, TagResourcesCommand } = await import("@aws-sdk/client-resource-groups-tagging-api");
        const client = new ResourceGroupsTaggingAPIClient({ region: "us-east-1", endpoint: fake.url, credentials: { accessKeyId: BASE_ACCESS_KEY, secretAccessKey: BASE_SECRET_KEY }, maxAttempts: 1 });
        try {
          await client.send(new TagResourcesCommand({ ResourceARNList: [accounts[0]!.resources[0]!.arn], Tags: { owner: "attacker" } }));
          return 200;
        } catch (error) {
          return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? "error";
        } finally {
          client.destroy();
        }
      },
      secrets: () => [...fake.issuedSecrets, BASE_SECRET_KEY, EXTERNAL_ID],
      stop: () => fake.stop(),
    };
  },
};
