import { z } from "zod";
import { CellOverrideSchema } from "./cell.js";
import {
  ControlIdSchema,
  HttpsUrlSchema,
  NonEmptyText,
  ProviderIdSchema,
  ServiceIdSchema,
  ServiceModelIdSchema,
} from "./common.js";

const typeList = (description: string) => z.array(NonEmptyText).optional().meta({ description });

/** The native resource types that belong to a service, per type system. */
export const NativeTypesSchema = z
  .strictObject({
    cloudformation: typeList("CloudFormation types, e.g. AWS::RDS::DBInstance"),
    arn: typeList("ARN service:resource-type, e.g. rds:db"),
    terraform: typeList("Terraform resource types, e.g. aws_db_instance"),
    arm: typeList("Azure ARM types, e.g. Microsoft.Compute/virtualMachines (matched case-insensitively)"),
    "gcp-asset": typeList("Cloud Asset Inventory types, e.g. compute.googleapis.com/Instance"),
  })
  .meta({ description: "Native resource types that map to this service." });

/** One attribute test on a resource's configuration; a dotted path into `attributes`. */
export const AttributeMatchSchema = z
  .strictObject({
    path: NonEmptyText.meta({ description: "Dotted path into the resource's attributes, e.g. LaunchType or autopilot.enabled" }),
    equals: z.union([z.string(), z.number(), z.boolean()]),
  })
  .meta({ description: "Matches when the attribute at path equals the value." });

/**
 * Declares this service a variant of another whose native types it shares
 * (ECS on Fargate vs ECS on EC2, GKE Autopilot vs Standard): a resource of the
 * base service's types maps here when any `when` test matches its attributes.
 */
export const VariantOfSchema = z
  .strictObject({
    service: ServiceIdSchema,
    when: z.array(AttributeMatchSchema).min(1),
  })
  .meta({ description: "This service refines another service's resources that match any of the attribute tests." });

const serviceFields = {
  id: ServiceIdSchema,
  name: NonEmptyText,
  provider: ProviderIdSchema.meta({ description: "aws, azure, gcp, saas, or an organization's own (overlays)." }),
  vendor: NonEmptyText.optional().meta({ description: "Vendor name, for SaaS services." }),
  model: ServiceModelIdSchema,
  description: NonEmptyText,
  docs: HttpsUrlSchema.optional().meta({ description: "The provider's security documentation for the service." }),
  types: NativeTypesSchema.optional(),
  variantOf: VariantOfSchema.optional(),
  cells: z.record(ControlIdSchema, CellOverrideSchema).optional(),
  confirmed: z
    .array(ControlIdSchema)
    .optional()
    .meta({
      description:
        "Controls whose model cell was examined for this service and holds as the model states it: inherited on purpose, not by oversight. A control is either here or under cells, never both.",
    }),
};

/** One file in catalog/services/<provider>/<name>.yaml. */
export const ServiceSchema = z.strictObject(serviceFields).meta({ title: "cloud-srm service file" });

/**
 * A service entry in a user overlay: either a patch to an existing service
 * (only `cells`, maybe `types`) or a new service (then name, provider, model and
 * description are required; checked when the overlay is applied).
 */
export const ServicePatchSchema = z
  .strictObject({
    name: serviceFields.name.optional(),
    provider: serviceFields.provider.optional(),
    vendor: serviceFields.vendor,
    model: serviceFields.model.optional(),
    description: serviceFields.description.optional(),
    docs: z.string().optional(),
    types: serviceFields.types,
    cells: serviceFields.cells,
  })
  .meta({ description: "Overrides for an existing service, or a new service." });
