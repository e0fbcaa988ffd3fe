import { z } from "zod";
import { NonEmptyText, ServiceIdSchema } from "./common.js";
import { ServicePatchSchema } from "./service.js";

/**
 * An organization's own catalog layer: reassign cells (to a managed service
 * provider as `third-party`, say) or add internal services. Applied after the
 * built-in catalog; every layer is validated.
 */
export const OverlaySchema = z
  .strictObject({
    overlay: NonEmptyText.meta({ description: "Name of this overlay, shown as the provenance of the cells it sets." }),
    description: NonEmptyText.optional(),
    services: z.record(ServiceIdSchema, ServicePatchSchema),
  })
  .meta({ title: "cloud-srm overlay file" });
