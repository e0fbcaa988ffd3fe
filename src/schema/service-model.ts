import { z } from "zod";
import { CellSchema } from "./cell.js";
import { ControlIdSchema, HttpsUrlSchema, NonEmptyText, ProviderIdSchema, ServiceModelIdSchema } from "./common.js";

/** A service model (IaaS, PaaS, FaaS, SaaS) and its default line for every control. */
export const ServiceModelSchema = z
  .strictObject({
    id: ServiceModelIdSchema,
    name: NonEmptyText,
    description: NonEmptyText,
    sources: z
      .record(z.union([ProviderIdSchema, z.literal("*")]), z.array(HttpsUrlSchema))
      .optional()
      .meta({
        description:
          "Documents behind the default line, per provider (aws, azure, gcp, ...) or '*' for all; a service's rows that keep the model default cite its provider's list.",
      }),
    cells: z.record(ControlIdSchema, CellSchema),
  })
  .meta({ title: "cloud-srm service model file" });
