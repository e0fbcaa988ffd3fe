/** The parts of an Amazon Resource Name. */
export interface Arn {
  partition: string;
  service: string;
  region: string;
  account: string;
  /** Everything after the account: "instance/i-0abc", "function:my-fn", "my-bucket". */
  resource: string;
  /** The ARN resource type as the catalog indexes it: "ec2:instance", "s3:bucket", "sqs:queue". */
  type: string;
}

// Services whose ARNs carry no resource type: the name alone identifies the
// only kind of resource (or the first segment is the name, not a type).
const TYPELESS: Record<string, string> = { s3: "bucket", sqs: "queue", sns: "topic" };

/** Parses an ARN; undefined when it is not one. */
export function parseArn(value: string): Arn | undefined {
  const match = /^arn:([a-z0-9-]+):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|aws|)?:(.+)$/.exec(value);
  if (!match) return undefined;
  const [, partition, service, region, account, resource] = match as unknown as [string, string, string, string, string | undefined, string];
  return { partition, service, region, account: account ?? "", resource, type: `${service}:${resourceType(service, resource)}` };
}

function resourceType(service: string, resource: string): string {
  const typeless = TYPELESS[service];
  if (typeless) {
    if (service === "s3" && resource.includes("/")) return "object";
    if (service === "sns" && resource.includes(":")) return "subscription";
    if (service === "s3" && resource.startsWith("accesspoint/")) return "accesspoint";
    return typeless;
  }
  const separator = resource.search(/[/:]/);
  return separator === -1 ? resource : resource.slice(0, separator);
}
