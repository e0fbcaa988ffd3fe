import { z } from "zod";

/**
 * Shared building blocks of every catalog schema.
 *
 * These schemas are the single source of truth for data shapes: the TypeScript
 * types in `../types.ts` are inferred from them and the JSON Schemas shipped in
 * `dist/schemas/` are generated from them.
 */

/** Who carries a duty. `third-party` is only for user overlays (an MSP, an auditor...). */
export const OWNERS = ["provider", "customer", "shared", "not-applicable", "third-party"] as const;
export const OwnerSchema = z.enum(OWNERS).meta({
  description: "Who carries the duty: provider, customer, shared, not-applicable, or third-party (user overlays only).",
});

/** Whether the secure setting for a configurable feature is on when the resource is created. */
export const SECURE_DEFAULTS = ["on", "off", "n/a"] as const;
export const SecureDefaultSchema = z.enum(SECURE_DEFAULTS).meta({
  description: "Whether the secure setting is on by default for a configurable feature (on / off / n/a).",
});

export const SERVICE_MODELS = ["iaas", "paas", "faas", "saas"] as const;
export const ServiceModelIdSchema = z.enum(SERVICE_MODELS).meta({ description: "Service model id." });

/** Native resource type systems the catalog maps from (see DESIGN.md, "Normalized resource"). */
export const TYPE_SYSTEMS = ["cloudformation", "arn", "terraform", "arm", "gcp-asset"] as const;
export const TypeSystemSchema = z.enum(TYPE_SYSTEMS);

/** Framework keys used in control mappings and `--framework` views. */
export const FRAMEWORKS = ["nist-800-53", "ccm", "cis", "iso27001", "soc2", "pci", "mcsb"] as const;
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
