import { asList, asRecord, met, notMet, unknown, type TestResult } from "../result.js";

/**
 * S3 server access logging delivers a bucket's request records to a target bucket.
 *
 * - AWS Config item: `supplementaryConfiguration.BucketLoggingConfiguration` is recorded for every
 *   bucket; `destinationBucketName` set means on, null or missing inside the object means off.
 * - Terraform `aws_s3_bucket_logging`: the resource exists only when logging is on (`target_bucket`).
 * - Terraform `aws_s3_bucket`: the deprecated `logging` block; an empty one says nothing, because
 *   logging may be configured by a separate `aws_s3_bucket_logging` resource: unknown, never not met.
 */
export function s3ServerAccessLogging(attributes: Record<string, unknown>): TestResult {
  const supplementary = asRecord(attributes.supplementaryConfiguration);
  if (supplementary && "BucketLoggingConfiguration" in supplementary) {
    const config = asRecord(supplementary.BucketLoggingConfiguration);
    if (!config) return unknown("BucketLoggingConfiguration is not an object");
    return nonEmptyString(config.destinationBucketName)
      ? met("server access logs go to a target bucket")
      : notMet("server access logging is off (no destinationBucketName)");
  }
  if (nonEmptyString(attributes.target_bucket)) return met("server access logs go to a target bucket");
  const block = asList(attributes.logging).map(asRecord).find((b) => b && nonEmptyString(b.target_bucket));
  if (block) return met("server access logs go to a target bucket");
  return unknown("the source does not show server access logging for this bucket (it may be set by aws_s3_bucket_logging)");
}

function nonEmptyString(value: unknown): boolean {
  return typeof value === "string" && value.length > 0;
}
