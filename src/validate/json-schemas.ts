import { z } from "zod";
import {
  CompiledCatalogSchema,
  ControlsFileSchema,
  JoinedRecordSchema,
  ReportSchema,
  RunRecordSchema,
  ResourceSchema,
  MatrixSchema,
  OverlaySchema,
  ServiceModelSchema,
  ServiceSchema,
} from "../schema/index.js";

/**
 * JSON Schemas generated from the zod schemas, keyed by the file name they
 * ship under (`cloud-srm/schemas/<name>`). Point an editor's YAML language
 * server at them to validate catalog and overlay files while typing.
 */
export function jsonSchemas(): Record<string, unknown> {
  const entries: [string, z.ZodType][] = [
    ["catalog.schema.json", CompiledCatalogSchema],
    ["controls.schema.json", ControlsFileSchema],
    ["service-model.schema.json", ServiceModelSchema],
    ["service.schema.json", ServiceSchema],
    ["overlay.schema.json", OverlaySchema],
    ["matrix.schema.json", MatrixSchema],
    ["resource.schema.json", ResourceSchema],
    ["report.schema.json", ReportSchema],
    ["joined-resource.schema.json", JoinedRecordSchema],
    ["run.schema.json", RunRecordSchema],
  ];
  return Object.fromEntries(
    entries.map(([name, schema]) => [
      name,
      { $id: `https://unpkg.com/cloud-srm/dist/schemas/${name}`, ...z.toJSONSchema(schema, { io: "input" }) },
    ]),
  );
}
