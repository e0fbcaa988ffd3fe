import { z } from "zod";
import { ImportProblemSchema } from "./report.js";

/**
 * The record of one CLI run that `--meta FILE` writes beside the output
 * (issue 11): which cloud-srm and catalog wrote it and whether the run was
 * complete, with every problem. It exists for the outputs that have no
 * place for it: CSV (RFC 4180 has no comment or metadata line), joined and
 * inventory NDJSON (every line is one record of one schema), matrix JSON (a
 * Matrix, or an array of them). Written after the output, so it knows how
 * complete the output is; see docs/outputs.md ("Which cloud-srm wrote it").
 */
export const RunRecordSchema = z
  .strictObject({
    v: z.literal(1).meta({ description: "The record's version." }),
    command: z
      .enum(["report", "matrix", "inventory import", "inventory aws", "inventory azure", "inventory gcp"])
      .meta({ description: "The command that wrote the output." }),
    format: z.string().meta({ description: "The output's format (ndjson for inventory commands)." }),
    generatedAt: z.string().meta({ description: "The run's clock (SOURCE_DATE_EPOCH when set), ISO 8601: the same as in the document." }),
    generator: z
      .strictObject({
        tool: z.string().meta({ description: "The cloud-srm version." }),
        catalog: z
          .string()
          .optional()
          .meta({ description: 'The catalog (report, matrix): "built-in" or "custom", "+ N overlay(s)", and a SHA-256 over the compiled catalog and overlay files. Inventory commands use no catalog.' }),
      })
      .meta({ description: "Which tool and catalog produced the output." }),
    complete: z.boolean().meta({ description: "True when nothing was rejected, no input was empty or of the wrong kind and no live scope failed or was invisible; --allow-partial does not change it." }),
    resources: z.number().int().optional().meta({ description: "Resources written (inventory) or joined (report); absent for matrix." }),
    problems: z.array(ImportProblemSchema).meta({ description: "Every rejected record, empty input and failed or invisible scope, as on stderr." }),
  })
  .meta({ title: "cloud-srm run record (--meta)" });
