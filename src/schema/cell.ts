import { z } from "zod";
import { NonEmptyText, OwnerSchema, SecureDefaultSchema } from "./common.js";

/** How a person checks a duty: a CLI command and/or a console path. */
export const VerifySchema = z
  .strictObject({
    cli: NonEmptyText.optional().meta({ description: "A read-only CLI command that shows the setting." }),
    console: NonEmptyText.optional().meta({ description: "Where to look in the provider's console." }),
  })
  .meta({ description: "How a person verifies the duty." });

/**
 * A row of Microsoft's Azure security baselines backing an Azure cell
 * (Microsoft Cloud Security Benchmark, Azure security baselines, CC-BY-4.0).
 */
export const BaselineFeatureSchema = z
  .strictObject({
    control: z.string().regex(/^[A-Z]{2}-\d{1,2}$/, "must be an MCSB control id like DP-4"),
    feature: NonEmptyText.meta({ description: "The baseline's feature name, verbatim." }),
    responsibility: z.enum(["Customer", "Microsoft", "Shared", "Not Applicable"]),
    supported: z.boolean().optional(),
    enabledByDefault: z.boolean().optional(),
  })
  .meta({ description: "An Azure security baseline feature row used as evidence for this cell." });

const cellFields = {
  owner: OwnerSchema,
  party: NonEmptyText.optional().meta({
    description: "Name of the third party carrying the duty; required when owner is third-party.",
  }),
  provider: NonEmptyText.optional().meta({ description: "What the provider does for this control." }),
  customer: NonEmptyText.optional().meta({ description: "What the customer must do for this control." }),
  default: SecureDefaultSchema.optional(),
  verify: VerifySchema.optional(),
  sources: z
    .array(NonEmptyText)
    .optional()
    .meta({ description: "Documents that support this cell (URLs for the built-in catalog)." }),
  notes: NonEmptyText.optional(),
  mcsb: z
    .array(BaselineFeatureSchema)
    .optional()
    .meta({ description: "Azure security baseline rows (MCSB) that support this cell." }),
};

function requirePartyForThirdParty(cell: { owner?: string; party?: string | undefined }, ctx: z.RefinementCtx) {
  if (cell.owner === "third-party" && !cell.party) {
    ctx.addIssue({ code: "custom", path: ["party"], message: "is required when owner is third-party (name who carries the duty)" });
  }
}

/** A complete cell: what a service model says for one control. */
export const CellSchema = z
  .strictObject({ ...cellFields, provider: NonEmptyText, customer: NonEmptyText })
  .superRefine(requirePartyForThirdParty)
  .meta({ description: "One control's split of duties." });

/**
 * A partial cell layered over a model default (service file or overlay). Every
 * field is optional except that something must be said, and a layer must cite
 * where its departure comes from.
 */
export const CellOverrideSchema = z
  .strictObject({ ...cellFields, owner: OwnerSchema.optional() })
  .superRefine(requirePartyForThirdParty)
  .superRefine((cell, ctx) => {
    if (!cell.sources || cell.sources.length === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["sources"],
        message: "is required: a cell that departs from its model default must cite a document",
      });
    }
  })
  .meta({ description: "A cell that refines the service model default; it must cite its sources." });
