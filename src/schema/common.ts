import { z } from "zod";
import { FRAMEWORKS, OWNERS, SECURE_DEFAULTS, SERVICE_MODELS, TYPE_SYSTEMS } from "./constants.js";

export { FRAMEWORKS, OWNERS, SECURE_DEFAULTS, SERVICE_MODELS, TYPE_SYSTEMS };

/**
 * Shared building blocks of every catalog schema.
 *
 * These schemas are the single source of truth for data shapes: the TypeScript
 * types in `../types.ts` are inferred from them and the JSON Schemas shipped in
 * `dist/schemas/` are generated from them.
 */

export const OwnerSchema = z.enum(OWNERS).meta({
  description: "Who carries the duty: provider, customer, shared, not-applicable, or third-party (user overlays only).",
});

export const SecureDefaultSchema = z.enum(SECURE_DEFAULTS).meta({
  description: "Whether the secure setting is on by default for a configurable feature (on / off / n/a).",
});

export const ServiceModelIdSchema = z.enum(SERVICE_MODELS).meta({ description: "Service model id." });

export const TypeSystemSchema = z.enum(TYPE_SYSTEMS);

export const FrameworkSchema = z.enum(FRAMEWORKS);

export const ControlIdSchema = z
  .string()
  .regex(/^[a-z]+\.[a-z0-9-]+$/, "must look like domain.name (lower case), e.g. data.encryption-at-rest");

export const ServiceIdSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*\.[a-z0-9]+(?:-[a-z0-9]+)*$/, "must look like provider.service (lower case), e.g. aws.rds");

export const ProviderIdSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be a lower-case slug, e.g. aws, azure, gcp, saas, internal");

export const HttpsUrlSchema = z.url({ protocol: /^https$/, error: "must be an https URL" });

export const NonEmptyText = z.string().trim().min(1, "must not be empty");
