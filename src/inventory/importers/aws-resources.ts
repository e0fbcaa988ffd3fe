/**
 * AWS resource listings that carry identity and tags but no configuration:
 *
 * - `aws resource-explorer-2 search` / `list-resources`
 *   (`{ Resources: [{ Arn, OwningAccountId, Region, ResourceType, Service,
 *   LastReportedAt, Properties: [{ Name: "tags", Data: [{Key, Value}] }] }] }`):
 *   https://docs.aws.amazon.com/resource-explorer/latest/apireference/API_Resource.html
 * - `aws resourcegroupstaggingapi get-resources`
 *   (`{ ResourceTagMappingList: [{ ResourceARN, Tags: [{Key, Value}] }] }`):
 *   https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/API_GetResources.html
 * - NDJSON of either record (or of whole pages).
 *
 * The type is the ARN type ("ec2:instance"), which is what the catalog
 * indexes; Resource Explorer's ResourceType is used only when the ARN does not
 * parse (it sometimes adds a sub-type, "elasticloadbalancing:loadbalancer/app").
 */
import type { Resource } from "../../types.js";
import { parseArn } from "../arn.js";
import type { ImportOptions } from "../importer.js";
import type { InputSource } from "../input.js";
import { normalizeTags } from "../tags.js";
import { importExport, redacting, type Conversion, type ConvertContext, type ExportFormat, type ImportSummary } from "./cloud-export/driver.js";
import { FieldReader, isObject, isoNow, toIsoTime, typeName } from "./cloud-export/fields.js";

export const AWS_RESOURCES_FORMAT: ExportFormat = {
  description: "an AWS resource listing (resource-explorer-2 search / list-resources or resourcegroupstaggingapi get-resources output)",
  wrapperKeys: ["Resources", "ResourceTagMappingList"],
  convert: redacting(convertListedResource),
};

export async function* importAwsResources(input: InputSource, options: ImportOptions = {}): AsyncGenerator<Resource, ImportSummary> {
  return yield* importExport(input, options, AWS_RESOURCES_FORMAT);
}

function convertListedResource(record: unknown, context: ConvertContext): Conversion {
  if (!isObject(record)) return { problem: `expected a resource object (got ${typeName(record)})`, foreign: true };
  const fields = new FieldReader(record);
  const explorer = "Arn" in record;
  if (!explorer && !("ResourceARN" in record)) {
    return { problem: "not a Resource Explorer resource or tag mapping: it has neither Arn nor ResourceARN", foreign: true };
  }
  const arn = fields.text(explorer ? "Arn" : "ResourceARN");
  if (!arn) return { problem: fields.problems[0] ?? `${explorer ? "Arn" : "ResourceARN"} is empty` };
  const parsed = parseArn(arn);
  const type = parsed?.type ?? fields.text("ResourceType");
  if (!type) return { problem: `${explorer ? "Arn" : "ResourceARN"} is not an ARN and the record has no ResourceType` };
  const account = fields.id("OwningAccountId") ?? (parsed?.account || undefined);
  const region = fields.text("Region") ?? (parsed?.region || undefined);
  const name = parsed ? nameFromArn(parsed.service, parsed.resource) : undefined;

  const resource: Resource = {
    uid: arn,
    provider: "aws",
    account: { uid: account ?? "unknown", type: "aws-account" },
    ...(region ? { region } : {}),
    type,
    typeSystem: "arn",
    ...(name ? { name } : {}),
    tags: normalizeTags(explorer ? explorerTags(record.Properties, fields) : fields.tags("Tags")),
    source: {
      kind: explorer ? "aws-resource-explorer" : "aws-tagging-api",
      file: context.file,
      ref: context.ref,
      collectedAt: toIsoTime(fields.raw("LastReportedAt")) ?? isoNow(context),
    },
  };
  return { resource, problems: fields.problems };
}

/** Resource Explorer puts tags in the "tags" property: `{ Name: "tags", Data: [{Key, Value}] }`. */
function explorerTags(properties: unknown, fields: FieldReader): unknown {
  if (properties === undefined || properties === null) return undefined;
  if (!Array.isArray(properties)) {
    fields.problems.push(`Properties must be a list (got ${typeName(properties)}); tags ignored`);
    return undefined;
  }
  const tags = properties.find((property) => isObject(property) && typeof property.Name === "string" && property.Name.toLowerCase() === "tags");
  return isObject(tags) ? tags.Data : undefined;
}

// Services whose ARN resource part is the name itself (no type prefix).
const NAME_IS_RESOURCE = new Set(["s3", "sqs", "sns"]);

/** "instance/i-0abc" -> "i-0abc", "function:my-fn" -> "my-fn", an S3 bucket ARN -> the bucket. */
function nameFromArn(service: string, resource: string): string | undefined {
  if (NAME_IS_RESOURCE.has(service)) return resource;
  const separator = resource.search(/[/:]/);
  return separator === -1 ? undefined : resource.slice(separator + 1) || undefined;
}
