/** The GCP adapter against the fake Cloud Asset API (an organization: one scope per project). */
import { gcpInventory } from "../../../src/adapters/gcp/index.js";
import { fakeClientOptions } from "../gcp/helpers.js";
import { FakeGcp } from "../../support/fake-gcp/server.js";
import { ORG, project, projectId } from "../../support/fake-gcp/world.js";
import { HOSTILE_TAGS, type Fake, type Harness, type World } from "./harness.js";

const PRIVATE_KEY = "-----BEGIN PRIVATE KEY-----\nMIIEconformanceSECRETkeyMATERIAL0000\n-----END PRIVATE KEY-----\n";
const TOKEN = "ya29.conformance-secret-access-token";

export const gcpHarness: Harness = {
  name: "gcp",
  async start(world: World): Promise<Fake> {
    const projects = Array.from({ length: world.scopes }, (_, n) => {
      const p = project(n, { perProject: world.perScope });
      if (world.hostileTags) p.assets[0]!.labels = { ...HOSTILE_TAGS };
      return p;
    });
    const fake = new FakeGcp({
      organization: ORG,
      projects,
      pageSize: world.pageSize,
      throttle: world.throttle ?? false,
      ...(world.latencyMs ? { latencyMs: world.latencyMs } : {}),
      // A server error that does not go away; its message carries secrets the adapter must scrub.
      ...(world.failing !== undefined ? { failures: [{ scope: `projects/${projectId(world.failing)}`, kind: "unavailable" as const, message: `token ${TOKEN} key ${PRIVATE_KEY}` }] } : {}),
    });
    await fake.start();
    return {
      run(options = {}) {
        const run = gcpInventory({
          scope: `organizations/${ORG}`,
          credentials: { client_email: "reader@conformance.iam.gserviceaccount.com", private_key: PRIVATE_KEY },
          requestsPerMinute: 0,
          retry: { baseDelayMs: 0, attempts: 3 },
          now: () => new Date("2026-01-02T03:04:05Z"),
          clientOptions: fakeClientOptions(fake),
          ...options,
        });
        return { stream: run, result: run.result };
      },
      expectedUids(exceptScope) {
        return projects.filter((_, n) => n !== exceptScope).flatMap((p) => p.assets.map((a) => a.name));
      },
      scopeId: (index) => `projects/${projectId(index)}`,
      calls: () => fake.calls.length,
      throttled: () => fake.throttled,
      writes: () => fake.writes,
      async probeWrite() {
        const { AssetServiceClient } = await import("@google-cloud/asset");
        const client = new AssetServiceClient(fakeClientOptions(fake) as never);
        try {
          await client.createFeed({ parent: `projects/${projectId(0)}`, feedId: "attacker", feed: {} }, { retry: null } as never);
          return 200;
        } catch (error) {
          return (error as { code?: number }).code ?? "error";
        } finally {
          await client.close();
        }
      },
      secrets: () => [TOKEN, "MIIEconformanceSECRETkeyMATERIAL0000"],
      stop: () => fake.stop(),
    };
  },
};
