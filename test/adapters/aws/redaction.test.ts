import { afterEach, describe, expect, it } from "vitest";
import { FakeAws, type FakeAwsOptions } from "../../support/fake-aws/server.js";
import { account, accountId, REGIONS } from "../../support/fake-aws/world.js";
import { collect, fakeOptions } from "./helpers.js";

// Planted secrets in tags and names: what a live listing carries besides configuration.
const STRIPE = "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc";
const URL_PASSWORD = "s3cr3t-pw-in-url";
const TAG_PASSWORD = "tag-password-value-9931";
const GITHUB = "ghp_" + "A".repeat(36);

function plantedAccount() {
  const base = account(0, { perRegion: 2, withConfig: true, aggregatorRegion: undefined });
  const [first] = base.resources;
  first!.tags = { ...first!.tags, db_password: TAG_PASSWORD, note: `postgres://app:${URL_PASSWORD}@db.internal:5432/app`, deploy: STRIPE };
  // A bucket named with a token (names come from the ARN): the name is redacted, the uid stays the id.
  base.resources.push({ arn: `arn:aws:s3:::backup-${GITHUB}`, region: "global", tags: { owner: GITHUB } });
  return base;
}

const fakes: FakeAws[] = [];
async function start(options: FakeAwsOptions): Promise<FakeAws> {
  const fake = new FakeAws(options);
  fakes.push(fake);
  await fake.start();
  return fake;
}
afterEach(async () => {
  for (const fake of fakes.splice(0)) await fake.stop();
});

describe("the live AWS adapter redacts tags and names, not only attributes", () => {
  for (const discovery of ["tagging-api", "resource-explorer"] as const) {
    it(`through ${discovery}, with AWS Config configuration`, async () => {
      const planted = plantedAccount();
      if (discovery === "resource-explorer") planted.aggregatorRegion = "us-east-1";
      const fake = await start({ management: accountId(0), accounts: [planted], pageSize: 5 });
      const { resources, result } = await collect(fakeOptions(fake, { regions: REGIONS, config: true }));
      expect(result.errors).toEqual([]);
      expect(result.accounts[0]).toMatchObject({ discovery });
      // Everything but the uid, which is the ARN itself (an identifier, kept as the provider gives it).
      const text = JSON.stringify(resources.map(({ uid: _uid, ...rest }) => rest));
      for (const secret of [STRIPE, URL_PASSWORD, TAG_PASSWORD, GITHUB, "hunter2-should-not-leak"]) expect(text).not.toContain(secret);

      const first = resources.find((r) => r.uid === planted.resources[0]!.arn)!;
      // The configured record (Config, CloudFormation type) and its tags.
      expect(first.tags).toMatchObject({ db_password: "[redacted]", note: "postgres://app:[redacted]@db.internal:5432/app", deploy: "[redacted]", env: "dev" });
      const bucket = resources.find((r) => r.uid.startsWith("arn:aws:s3:::backup-"))!;
      expect(bucket.name).toBe("backup-[redacted]");
      expect(bucket.tags).toEqual({ owner: "[redacted]" });
    });
  }
});
