import { z } from "zod";
import { BaselineFeatureSchema, CellSchema, EvidenceRuleSchema, VerifySchema } from "./cell.js";
import {
  ControlIdSchema,
  NonEmptyText,
  OwnerSchema,
  ProviderIdSchema,
  SecureDefaultSchema,
  ServiceModelIdSchema,
} from "./common.js";
import { DomainSchema, FrameworkMappingSchema } from "./control.js";

/** Which layer decided a row: the service model default, the service file, or a user overlay. */
export const OriginSchema = z.enum(["model", "service", "overlay"]);

export const MatrixRowSchema = z
  .strictObject({
    control: ControlIdSchema,
    title: NonEmptyText,
    domain: DomainSchema,
    owner: OwnerSchema,
    party: NonEmptyText.optional(),
    provider: NonEmptyText.meta({ description: "What the provider does." }),
    customer: NonEmptyText.meta({ description: "What the customer must do." }),
    default: SecureDefaultSchema.optional(),
    verify: VerifySchema.optional(),
    sources: z.array(NonEmptyText),
    notes: NonEmptyText.optional(),
    mcsb: z.array(BaselineFeatureSchema).optional(),
    evidence: z.array(EvidenceRuleSchema).optional(),
    origin: OriginSchema,
    overlay: NonEmptyText.optional().meta({ description: "Name of the overlay that last set this row." }),
    frameworks: FrameworkMappingSchema,
  })
  .meta({ description: "One control's resolved responsibility for a service or model." });

export const MatrixSubjectSchema = z.strictObject({
  kind: z.enum(["service", "model"]),
  id: NonEmptyText,
  name: NonEmptyText,
  model: ServiceModelIdSchema,
  provider: ProviderIdSchema.optional(),
});

export const MatrixSchema = z
  .strictObject({ subject: MatrixSubjectSchema, rows: z.array(MatrixRowSchema) })
  .meta({ title: "cloud-srm responsibility matrix" });

// Re-exported so the compiled-catalog schema below can reuse it.
export { CellSchema };
