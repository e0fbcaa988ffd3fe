import { z } from "zod";
import { FINDING_TOOLS } from "../evidence/findings/tools.js";
import { ControlIdSchema, NonEmptyText } from "./common.js";

/** One tool check mapped to the controls whose customer duty it evidences. */
export const FindingCheckMappingSchema = z
  .strictObject({
    controls: z.array(ControlIdSchema).min(1).meta({ description: "Control ids whose customer or shared duty this check evidences." }),
    title: NonEmptyText.optional().meta({ description: "What the check verifies, in a few words (our wording)." }),
  })
  .meta({ description: "A tool's check id mapped to control ids." });

/**
 * The mapping of one tool's check ids to control ids (catalog/findings/<tool>.yaml),
 * reviewed like catalog cells: every file cites where its check ids and their
 * meaning come from, and says under which terms any vendor metadata was used.
 */
export const FindingMappingSchema = z
  .strictObject({
    tool: z.enum(FINDING_TOOLS),
    title: NonEmptyText.meta({ description: "The tool, as its vendor names it." }),
    sources: z.array(z.url({ protocol: /^https$/ })).min(1).meta({ description: "The documents the check ids and their meaning come from." }),
    license: NonEmptyText.meta({ description: "Mapped by hand from public documentation, or the license of vendor metadata used (attribution kept)." }),
    notes: NonEmptyText.optional(),
    checks: z.record(NonEmptyText, FindingCheckMappingSchema),
  })
  .meta({ title: "cloud-srm finding mapping", description: "A tool's check ids mapped to cloud-srm control ids." });
