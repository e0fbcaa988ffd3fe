/**
 * The fixed value lists behind the enum schemas in ./common.ts, kept in a
 * module without zod so that the CLI can name them in help text and check
 * option values without loading the schema library (see docs/performance.md).
 */

/** Who carries a duty. `third-party` is only for user overlays (an MSP, an auditor...). */
export const OWNERS = ["provider", "customer", "shared", "not-applicable", "third-party"] as const;

/** Whether the secure setting for a configurable feature is on when the resource is created. */
export const SECURE_DEFAULTS = ["on", "off", "n/a"] as const;

export const SERVICE_MODELS = ["iaas", "paas", "faas", "saas"] as const;

/** Native resource type systems the catalog maps from (see DESIGN.md, "Normalized resource"). */
export const TYPE_SYSTEMS = ["cloudformation", "arn", "terraform", "arm", "gcp-asset"] as const;

/** Framework keys used in control mappings and `--framework` views. */
export const FRAMEWORKS = ["nist-800-53", "ccm", "cis", "iso27001", "soc2", "pci", "mcsb"] as const;
