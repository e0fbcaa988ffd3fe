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

/**
 * Named tests for evidence that a single attribute comparison cannot express
 * (rule lists, policy documents). Each is implemented in src/evidence/checks/.
 */
export const EVIDENCE_TESTS = [
  "no-world-open-admin-ports",
  "no-wildcard-iam-action",
  "no-external-ip",
  "all-public-access-blocked",
  "no-secret-env-vars",
  "no-default-service-account-full-scope",
  "no-public-members",
  "no-world-open-cluster-endpoint",
  "automatic-rotation-policy",
  "s3-server-access-logging",
  "data-access-audit-logs",
  "no-default-service-account",
  "os-login-enabled",
  "no-world-open-authorized-networks",
  "listener-encrypted",
  "eks-audit-log",
  "no-public-trust-policy",
  "requires-secure-transport",
  "no-basic-roles",
  "no-privileged-containers",
] as const;

/** One check of an evidence rule: which native types it applies to, and what satisfies it. */
export const EvidenceCheckSchema = z
  .strictObject({
    types: z.array(NonEmptyText).min(1).meta({ description: "Native types this check applies to (any type system; ARM matched case-insensitively)." }),
    path: NonEmptyText.optional().meta({ description: "Dotted path into the resource's attributes." }),
    equals: z.union([z.string(), z.number(), z.boolean()]).optional(),
    oneOf: z.array(z.union([z.string(), z.number(), z.boolean()])).min(1).optional(),
    atLeast: z.number().optional(),
    present: z.literal(true).optional().meta({ description: "Satisfied when the attribute exists and is not null or empty." }),
    notEmpty: z
      .literal(true)
      .optional()
      .meta({ description: "Satisfied when the attribute is a non-empty list, object or string; an empty one is not met, an absent one unknown." }),
    includes: z
      .union([z.string(), z.number(), z.boolean()])
      .optional()
      .meta({ description: "Satisfied when the attribute is a list holding this value; a list without it is not met, an absent one unknown." }),
    test: z.enum(EVIDENCE_TESTS).optional().meta({ description: "A named test for shapes a comparison cannot express." }),
  })
  .superRefine((check, ctx) => {
    const operators = ["equals", "oneOf", "atLeast", "present", "notEmpty", "includes", "test"].filter((k) => check[k as keyof typeof check] !== undefined);
    if (operators.length !== 1) {
      ctx.addIssue({ code: "custom", path: [], message: `needs exactly one of equals, oneOf, atLeast, present, notEmpty, includes, test (has ${operators.join(", ") || "none"})` });
    }
    if (check.test === undefined && check.path === undefined) {
      ctx.addIssue({ code: "custom", path: ["path"], message: "is required unless a named test is used" });
    }
  })
  .meta({ description: "One evidence check." });

/**
 * What a resource's configuration must show for the customer's part of a
 * duty to be met. Evaluated per resource to met / not-met / unknown; "met" is
 * never claimed without data.
 */
export const EvidenceRuleSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9]+(?:[.-][a-z0-9]+)*$/, "must be a lower-case dotted id, e.g. aws.rds.storage-encrypted"),
    title: NonEmptyText.meta({ description: "What is checked, stated as the secure condition." }),
    checks: z.array(EvidenceCheckSchema).min(1),
    sources: z.array(NonEmptyText).min(1).optional().meta({ description: "Documentation of the setting the rule reads (https URLs in the built-in catalog)." }),
  })
  .meta({ description: "An evidence rule: per type, the attribute test that shows the duty is done." });

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
  evidence: z.array(EvidenceRuleSchema).optional().meta({ description: "Rules that evaluate a resource's configuration against this duty." }),
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
