import { z } from "zod";
import { NonEmptyText, TypeSystemSchema } from "./common.js";

/**
 * The normalized resource every inventory source produces. Field names follow
 * OCSF "Cloud Resources Inventory Info" (class 5023) where they overlap.
 */
export const ACCOUNT_TYPES = ["aws-account", "azure-subscription", "gcp-project", "other"] as const;

export const AccountSchema = z
  .strictObject({
    uid: NonEmptyText.meta({ description: "AWS account id, Azure subscription id or GCP project id (or number); 'unknown' when the source does not say." }),
    name: NonEmptyText.optional(),
    type: z.enum(ACCOUNT_TYPES),
  })
  .meta({ description: "The account, subscription or project that holds the resource." });

export const OrgSchema = z.strictObject({ uid: NonEmptyText, name: NonEmptyText.optional() });

export const ResourceSourceSchema = z
  .strictObject({
    kind: NonEmptyText.meta({ description: "Which importer or adapter produced it, e.g. terraform-state, aws-config, azure-resource-graph, gcp-asset-export, aws-live." }),
    collectedAt: z.iso.datetime({ offset: true }).optional().meta({ description: "When the source observed the resource (ISO 8601)." }),
    file: NonEmptyText.optional().meta({ description: "File it was read from ('-' for stdin)." }),
    ref: NonEmptyText.optional().meta({ description: "Where in the source: a Terraform address, a line or record number." }),
  })
  .meta({ description: "Where the record came from." });

export const ResourceSchema = z
  .strictObject({
    uid: NonEmptyText.meta({ description: "ARN, Azure resource id, GCP full resource name or Terraform address." }),
    provider: NonEmptyText.meta({ description: "aws, azure, gcp, or the Terraform provider name for others (github, okta...)." }),
    account: AccountSchema,
    org: OrgSchema.optional(),
    region: NonEmptyText.optional(),
    zone: NonEmptyText.optional(),
    type: NonEmptyText.meta({ description: "Native type, e.g. AWS::RDS::DBInstance, Microsoft.Storage/storageAccounts, aws_db_instance." }),
    typeSystem: TypeSystemSchema,
    name: z.string().optional(),
    tags: z.record(z.string(), z.string()).meta({ description: "All tags or labels, always a string map." }),
    createdAt: z.string().optional(),
    attributes: z.record(z.string(), z.unknown()).optional().meta({ description: "Configuration as the source carries it, for evidence (secrets removed)." }),
    source: ResourceSourceSchema,
  })
  .meta({ title: "cloud-srm normalized resource" });
