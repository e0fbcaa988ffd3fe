import { z } from "zod";
import { EvidenceRuleSchema } from "./cell.js";
import { ControlIdSchema, NonEmptyText, ServiceIdSchema } from "./common.js";
import { ServicePatchSchema } from "./service.js";

const RuleIdSchema = z.string().regex(/^[a-z0-9]+(?:[.-][a-z0-9]+)*$/, "must be a lower-case dotted id, e.g. acme.confidential-cmk");

/** A condition on one tag of a resource: the key compared case-insensitively (Azure tag names are), the value exactly. */
export const TagConditionSchema = z
  .strictObject({
    tag: NonEmptyText.meta({ description: "Tag key (compared case-insensitively)." }),
    equals: z.string().optional().meta({ description: "The tag has exactly this value." }),
    oneOf: z.array(z.string()).min(1).optional().meta({ description: "The tag has one of these values." }),
    present: z.literal(true).optional().meta({ description: "The tag is set, whatever its value." }),
  })
  .superRefine((c, ctx) => {
    const operators = ["equals", "oneOf", "present"].filter((k) => c[k as keyof typeof c] !== undefined);
    if (operators.length !== 1) ctx.addIssue({ code: "custom", path: [], message: `needs exactly one of equals, oneOf, present (has ${operators.join(", ") || "none"})` });
  })
  .meta({ description: "A condition on a resource's tag." });

/**
 * A policy from tags (issue 12, item 4): teams classify resources with tags,
 * and the classification raises what the customer must show. A policy applies
 * to every resource whose tags match `when` (every condition; no `when` means
 * every resource) and either requires a duty to be evidenced by rules
 * (`require`) or requires tags to be present (`requireTags`, a governance duty).
 */
export const TagPolicySchema = z
  .strictObject({
    id: RuleIdSchema.meta({ description: "The policy's id; results carry it as their rule id." }),
    title: NonEmptyText.meta({ description: "What the policy requires, stated as the secure condition." }),
    when: z
      .union([TagConditionSchema, z.array(TagConditionSchema).min(1)])
      .optional()
      .meta({ description: "Tag conditions that must all hold; without it the policy applies to every resource." }),
    require: z
      .strictObject({
        control: ControlIdSchema.meta({ description: "The duty the policy raises (must be a customer or shared control of the resource's service to count)." }),
        rules: z.array(EvidenceRuleSchema).min(1).optional().meta({ description: "Rules written in the overlay, as in catalog cells." }),
        use: z.array(RuleIdSchema).min(1).optional().meta({ description: "Ids of evidence rules of the catalog (any service or control), e.g. aws.rds.backup-retention." }),
      })
      .superRefine((r, ctx) => {
        if (!r.rules && !r.use) ctx.addIssue({ code: "custom", path: [], message: "needs rules or use (or both): what shows the duty is done" });
      })
      .optional(),
    requireTags: z.array(NonEmptyText).min(1).optional().meta({ description: "Tag keys every matching resource must carry; a missing one makes governance.configuration-compliance not met." }),
    sources: z.array(NonEmptyText).optional().meta({ description: "The internal policy or standard this comes from." }),
    notes: NonEmptyText.optional(),
  })
  .superRefine((p, ctx) => {
    if (!p.require && !p.requireTags) ctx.addIssue({ code: "custom", path: [], message: "needs require or requireTags (or both)" });
  })
  .meta({ description: "A policy that raises duties by tag or requires tags." });

/**
 * An organization's own catalog layer: reassign cells (to a managed service
 * provider as `third-party`, say), add internal services, and raise duties by
 * tag with policies. Applied after the built-in catalog; every layer is validated.
 */
export const OverlaySchema = z
  .strictObject({
    overlay: NonEmptyText.meta({ description: "Name of this overlay, shown as the provenance of the cells it sets." }),
    description: NonEmptyText.optional(),
    services: z.record(ServiceIdSchema, ServicePatchSchema).optional().meta({ description: "Cells and types per service id; new services with name, provider, model and description." }),
    policies: z.array(TagPolicySchema).optional().meta({ description: "Policies from tags: duties raised by a resource's tags, and tags every resource must carry." }),
  })
  .superRefine((o, ctx) => {
    if (!o.services && !o.policies) ctx.addIssue({ code: "custom", path: [], message: "an overlay needs services or policies" });
  })
  .meta({ title: "cloud-srm overlay file" });
