/**
 * Maps one Terraform resource instance to the normalized Resource: cloud id,
 * account, region, name and tags read from the attributes the provider
 * stored, with secrets redacted before anything is read from them.
 */
import type { Account, Resource } from "../../../types.js";
import { parseArn, type Arn } from "../../arn.js";
import { REDACTED, redactSecrets, redactTags, redactText } from "../../redact.js";
import { normalizeTags } from "../../tags.js";
import { isPlainObject, nonEmptyString, type AttributePath, type TerraformInstance } from "./instance.js";

/** What every resource of one input shares. */
export interface SourceContext {
  /** terraform-state, terraform-show or terraform-plan. */
  kind: string;
  file: string;
  collectedAt: string;
}

type Cloud = "aws" | "azure" | "gcp";

// Terraform infers a resource's provider from the type's prefix
// (https://developer.hashicorp.com/terraform/language/resources/syntax#default-provider).
// awscc (AWS Cloud Control) and azapi (Azure's ARM API provider) manage the
// same clouds as aws and azurerm; google-beta's types are google_* too.
const CLOUD_BY_PREFIX: Record<string, Cloud> = { aws: "aws", awscc: "aws", azurerm: "azure", azuread: "azure", azapi: "azure", google: "gcp" };

const ACCOUNT_TYPE = { aws: "aws-account", azure: "azure-subscription", gcp: "gcp-project" } as const;

/** aws, azure, gcp, or the type's prefix for other providers (github_repository -> github). */
export function providerOf(type: string): string {
  const prefix = type.split("_")[0] ?? type;
  return CLOUD_BY_PREFIX[prefix] ?? prefix;
}

// Resource-level name attributes, most specific first: aws_db_instance has
// `identifier` (the instance) and, in old provider versions, `name` (the
// initial database), so identifiers come before `name`.
const NAME_KEYS = ["identifier", "cluster_identifier", "bucket", "function_name", "name", "cluster_name", "domain_name", "display_name"];

const CREATED_KEYS = ["creation_timestamp", "create_time", "creation_time", "create_date", "created_at", "creation_date", "created_time"];

// Kept when the attributes must be withheld (sensitivity markings not
// understood): identifiers and placement, never configuration values.
const IDENTITY_KEYS = ["arn", "id", "self_link", "project", "region", "location", "availability_zone", "zone", "owner_id", "account_id", "subscription_id"];

export function toResource(instance: TerraformInstance, context: SourceContext): Resource {
  const provider = providerOf(instance.type);
  const cloud = CLOUD_BY_PREFIX[instance.type.split("_")[0] ?? ""];
  const attributes = instance.sensitivityUnreadable ? undefined : (redactSecrets(instance.attributes, instance.sensitivePaths, { resourceType: instance.type, typeSystem: "terraform" }) as Record<string, unknown>);
  const view = attributes ?? identityView(instance.type, instance.attributes, instance.sensitivePaths);
  const arn = cloud === "aws" ? arnOf(view.arn) : undefined;
  const placement = placementOf(cloud, view, arn);
  const tags = redactTags(tagsOf(cloud, view));

  const resource: Resource = {
    uid: cloudIdOf(cloud, view, arn) ?? instance.address,
    provider,
    account: accountOf(cloud, view, arn),
    type: instance.type,
    typeSystem: "terraform",
    name: redactText(nameOf(view, tags) ?? instance.resourceName),
    tags,
    source: { kind: context.kind, collectedAt: context.collectedAt, file: context.file, ref: instance.ref },
  };
  if (placement.region) resource.region = placement.region;
  if (placement.zone) resource.zone = placement.zone;
  const createdAt = firstString(view, CREATED_KEYS);
  if (createdAt) resource.createdAt = createdAt;
  if (attributes) resource.attributes = attributes;
  return resource;
}

function identityView(type: string, raw: Record<string, unknown>, sensitivePaths: AttributePath[]): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  for (const key of IDENTITY_KEYS) if (typeof raw[key] === "string") view[key] = raw[key];
  return redactSecrets(view, sensitivePaths, { resourceType: type, typeSystem: "terraform" }) as Record<string, unknown>;
}

function arnOf(value: unknown): Arn | undefined {
  return typeof value === "string" ? parseArn(value) : undefined;
}

/**
 * The id the cloud itself uses, so the resource joins with other inventories:
 * - AWS: the `arn` attribute.
 * - Azure: `id` when it is an ARM resource id (`/subscriptions/...`); azuread
 *   ids are bare object GUIDs and not used.
 * - GCP: `self_link` as given (the API URL, e.g.
 *   https://www.googleapis.com/compute/v1/projects/p/zones/z/instances/vm)
 *   because it is globally unique and stable; otherwise `id` when it is a
 *   relative resource name that includes its parent (`projects/p/...`,
 *   `organizations/...`, `folders/...`). Many google_* ids are bare names or
 *   provider-specific composites that are not unique across projects, so
 *   those fall back to the Terraform address.
 */
function cloudIdOf(cloud: Cloud | undefined, view: Record<string, unknown>, arn: Arn | undefined): string | undefined {
  if (cloud === "aws") return arn ? (view.arn as string) : undefined;
  const id = nonEmptyString(view.id);
  if (cloud === "azure") return id && /^\/subscriptions\/[^/]+/i.test(id) ? id : undefined;
  if (cloud === "gcp") {
    const selfLink = nonEmptyString(view.self_link);
    if (selfLink && /^https:\/\//.test(selfLink)) return selfLink;
    return id && /^(projects|organizations|folders|billingAccounts)\/[^/]+/.test(id) ? id : undefined;
  }
  return undefined;
}

function accountOf(cloud: Cloud | undefined, view: Record<string, unknown>, arn: Arn | undefined): Account {
  if (!cloud) return { uid: "unknown", type: "other" };
  const type = ACCOUNT_TYPE[cloud];
  return { uid: accountIdOf(cloud, view, arn) ?? "unknown", type };
}

function accountIdOf(cloud: Cloud, view: Record<string, unknown>, arn: Arn | undefined): string | undefined {
  if (cloud === "aws") {
    if (arn && /^\d{12}$/.test(arn.account)) return arn.account;
    return [view.owner_id, view.account_id].find((value): value is string => typeof value === "string" && /^\d{12}$/.test(value));
  }
  if (cloud === "azure") {
    const id = nonEmptyString(view.id);
    const match = id ? /^\/subscriptions\/([^/]+)/i.exec(id) : null;
    return match?.[1] ?? nonEmptyString(view.subscription_id);
  }
  const project = nonEmptyString(view.project);
  if (project) return project;
  for (const key of ["self_link", "id"]) {
    const value = nonEmptyString(view[key]);
    const match = value ? /(?:^|\/)projects\/([^/]+)/.exec(value) : null;
    if (match?.[1]) return match[1];
  }
  return undefined;
}

function placementOf(cloud: Cloud | undefined, view: Record<string, unknown>, arn: Arn | undefined): { region?: string; zone?: string } {
  const zone = nonEmptyString(view.availability_zone) ?? nonEmptyString(view.zone);
  // AWS `location` attributes are not regions (Direct Connect sites, for
  // example); Azure and GCP use `location` for the region.
  const region =
    nonEmptyString(view.region) ??
    (cloud === "aws" ? nonEmptyString(arn?.region) : nonEmptyString(view.location)) ??
    (zone ? regionOfZone(cloud, zone) : undefined);
  return { region, zone };
}

/** us-east-1a -> us-east-1 (AWS); europe-west1-b -> europe-west1 (GCP). */
function regionOfZone(cloud: Cloud | undefined, zone: string): string | undefined {
  if (cloud === "aws") return /^([a-z]{2}(?:-[a-z]+)+-\d+)[a-z]$/.exec(zone)?.[1];
  if (cloud === "gcp") return /^([a-z]+-[a-z]+\d+)-[a-z]$/.exec(zone)?.[1];
  return undefined;
}

/**
 * AWS: `tags_all` (the resource's tags including the provider's default_tags)
 * before `tags` (only those set on the resource). GCP: `effective_labels`
 * (every label on the resource, google provider 5+) before `labels` (only
 * those in the configuration); GCP `tags` are network tags, not labels.
 */
function tagsOf(cloud: Cloud | undefined, view: Record<string, unknown>): Record<string, string> {
  const keys = cloud === "aws" ? ["tags_all", "tags"] : cloud === "gcp" ? ["effective_labels", "labels"] : cloud === "azure" ? ["tags"] : ["tags", "labels"];
  for (const key of keys) if (isPlainObject(view[key])) return normalizeTags(view[key]);
  return {};
}

function nameOf(view: Record<string, unknown>, tags: Record<string, string>): string | undefined {
  return firstString(view, NAME_KEYS) ?? nonEmptyString(tags.Name);
}

function firstString(view: Record<string, unknown>, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = nonEmptyString(view[key]);
    if (value && value !== REDACTED) return value;
  }
  return undefined;
}
