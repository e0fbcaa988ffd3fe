import { asRecord, met, notMet, unknown, type TestResult } from "../result.js";

const SETTINGS = ["blockPublicAcls", "ignorePublicAcls", "blockPublicPolicy", "restrictPublicBuckets"] as const;
const SNAKE: Record<(typeof SETTINGS)[number], string> = {
  blockPublicAcls: "block_public_acls",
  ignorePublicAcls: "ignore_public_acls",
  blockPublicPolicy: "block_public_policy",
  restrictPublicBuckets: "restrict_public_buckets",
};

/**
 * All four S3 Block Public Access settings are on. Reads AWS Config's
 * supplementaryConfiguration.PublicAccessBlockConfiguration and Terraform's
 * aws_s3_bucket_public_access_block / aws_s3_account_public_access_block.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
 */
export function allPublicAccessBlocked(attributes: Record<string, unknown>): TestResult {
  const supplementary = asRecord(attributes.supplementaryConfiguration);
  const config = asRecord(supplementary?.PublicAccessBlockConfiguration) ?? asRecord(attributes.PublicAccessBlockConfiguration);
  const read = (key: (typeof SETTINGS)[number]) => (config ? config[key] : attributes[SNAKE[key]]);
  const values = SETTINGS.map((key) => [key, read(key)] as const);
  if (values.every(([, v]) => v === undefined || v === null)) return unknown("no Block Public Access settings in the source data");
  const off = values.filter(([, v]) => v !== true).map(([k]) => k);
  return off.length === 0 ? met("all four settings on") : notMet(`off: ${off.join(", ")}`);
}
