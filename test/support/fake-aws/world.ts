/** Generated AWS estates for the fake: accounts with regional and global resources. */
import type { FakeAccount, FakeResource } from "./server.js";

export const REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2"];

/** An account id for a number: 100000000000 + n. */
export function accountId(n: number): string {
  return String(100000000000 + n);
}

/** Resources of one account: `perRegion` buckets and instances per region, plus global IAM / CloudFront / Route 53. */
export function resourcesFor(account: string, regions: readonly string[], perRegion: number, withConfig = false): FakeResource[] {
  const out: FakeResource[] = [];
  for (const region of regions) {
    for (let i = 0; i < perRegion; i++) {
      const id = `i-${account.slice(-4)}${region.replace(/[^a-z0-9]/g, "")}${String(i).padStart(4, "0")}`;
      out.push({
        arn: `arn:aws:ec2:${region}:${account}:instance/${id}`,
        region,
        tags: { Name: `web-${i}`, env: i % 2 ? "prod" : "dev" },
        ...(withConfig && i % 3 === 0
          ? { config: { resourceType: "AWS::EC2::Instance", resourceId: id, configuration: { instanceId: id, imageId: "ami-1", metadataOptions: { httpTokens: "required" } } } }
          : {}),
      });
    }
    out.push({
      arn: `arn:aws:rds:${region}:${account}:db:db-${region}`,
      region,
      tags: {},
      ...(withConfig
        ? { config: { resourceType: "AWS::RDS::DBInstance", resourceId: `db-${region}`, configuration: { storageEncrypted: true, masterUserPassword: "hunter2-should-not-leak" } } }
        : {}),
    });
  }
  out.push(
    { arn: `arn:aws:iam::${account}:role/admin`, region: "global", tags: { team: "platform" } },
    { arn: `arn:aws:cloudfront::${account}:distribution/E${account.slice(-6)}`, region: "global", tags: {} },
    { arn: `arn:aws:route53:::hostedzone/Z${account}`, region: "global", tags: {} },
  );
  return out;
}

export function account(n: number, options: Partial<FakeAccount> & { perRegion?: number; regions?: readonly string[]; withConfig?: boolean } = {}): FakeAccount {
  const id = accountId(n);
  const { perRegion = 5, regions = REGIONS, withConfig = false, ...rest } = options;
  return { id, name: `acct-${n}`, resources: resourcesFor(id, regions, perRegion, withConfig), ...rest };
}
