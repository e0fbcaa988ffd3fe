import { FindingMappingSchema } from "./findings.js";
import { z } from "zod";
import { ControlSchema } from "./control.js";
import { ServiceSchema } from "./service.js";
import { ServiceModelSchema } from "./service-model.js";

/** The compiled catalog the package ships as `cloud-srm/catalog.json`. */
export const CompiledCatalogSchema = z
  .strictObject({
    schemaVersion: z.literal(1),
    controls: z.array(ControlSchema),
    models: z.array(ServiceModelSchema),
    services: z.array(ServiceSchema),
    findingMappings: z.array(FindingMappingSchema).optional().meta({ description: "Each tool's check ids mapped to control ids (catalog/findings/)." }),
  })
  .meta({ title: "cloud-srm compiled catalog" });
