/** The Azure adapter against the fake ARM + Resource Graph (one scope per subscription). */
import { azureInventory } from "../../../src/adapters/azure/index.js";
import { FakeAzure } from "../../support/fake-azure/server.js";
import { fakeCredential, STORAGE_KEY, subscription, subscriptionId, TENANT, TOKEN } from "../../support/fake-azure/world.js";
import { fakeOptions } from "../azure/helpers.js";
import { HOSTILE_TAGS, type Fake, type Harness, type World } from "./harness.js";

export const azureHarness: Harness = {
  name: "azure",
  async start(world: World): Promise<Fake> {
    const subscriptions = Array.from({ length: world.scopes }, (_, n) => {
      const s = subscription(n, world.perScope);
      if (world.hostileTags) s.resources[0]!.tags = { ...HOSTILE_TAGS };
      return s;
    });
    const fake = new FakeAzure({
      tenantId: TENANT,
      token: TOKEN,
      subscriptions,
      pageSize: world.pageSize,
      throttle: world.throttle ?? false,
      ...(world.latencyMs ? { latencyMs: world.latencyMs } : {}),
      ...(world.failing !== undefined ? { failing: [subscriptionId(world.failing)] } : {}),
    });
    await fake.start();
    return {
      run(options = {}) {
        const run = azureInventory(fakeOptions(fake, options));
        return { stream: run, result: run.result };
      },
      expectedUids(exceptScope) {
        return subscriptions.filter((_, n) => n !== exceptScope).flatMap((s) => [`/subscriptions/${s.id}`, ...s.groups.map((g) => g.id), ...s.resources.map((r) => r.id)]);
      },
      scopeId: (index) => subscriptionId(index),
      calls: () => fake.calls.length,
      throttled: () => fake.throttled,
      writes: () => fake.writes,
      async probeWrite() {
        const { ResourceManagementClient } = await import("@azure/arm-resources");
        const client = new ResourceManagementClient(fakeCredential(), subscriptionId(0), { endpoint: fake.url, tlsOptions: { ca: fake.ca }, retryOptions: { maxRetries: 0 } });
        try {
          await client.resourceGroups.createOrUpdate("rg-attacker", { location: "westeurope" });
          return 200;
        } catch (error) {
          return (error as { statusCode?: number }).statusCode ?? "error";
        }
      },
      secrets: () => [TOKEN, STORAGE_KEY, "Hunter2-must-not-leak!"],
      stop: () => fake.stop(),
    };
  },
};
