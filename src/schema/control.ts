import { z } from "zod";
import { ControlIdSchema, NonEmptyText } from "./common.js";

const ids = (pattern: RegExp, example: string) =>
  z.array(z.string().regex(pattern, `must look like ${example}`)).optional();

/**
 * Framework ids a control maps to. Copyrighted frameworks (ISO, SOC 2, PCI,
 * CIS) carry ids only, never their text.
 */
export const FrameworkMappingSchema = z
  .strictObject({
    "nist-800-53": ids(/^[a-z]{2}-\d+(\.\d+)?$/, "ac-6 or ac-6.5 (OSCAL id form)"),
    ccm: ids(/^[A-Z&]{3}-\d{2}$/, "IAM-16 (CSA CCM v4)"),
    cis: ids(/^\d{1,2}\.\d{1,2}$/, "6.5 (CIS Controls v8)"),
    iso27001: ids(/^A\.\d\.\d{1,2}$/, "A.8.24 (ISO/IEC 27001:2022 Annex A)"),
    soc2: ids(/^(CC\d\.\d|A1\.\d|C1\.\d|PI1\.\d|P\d\.\d)$/, "CC6.1 (SOC 2 TSC)"),
    pci: ids(/^\d{1,2}(\.\d{1,2}){1,3}$/, "8.4.2 (PCI DSS v4.0)"),
    mcsb: ids(/^[A-Z]{2}-\d{1,2}$/, "DP-4 (Microsoft cloud security benchmark)"),
  })
  .meta({ description: "Framework ids this control maps to." });

export const DOMAINS = [
  "physical",
  "infrastructure",
  "platform",
  "network",
  "identity",
  "data",
  "application",
  "logging",
  "governance",
  "resilience",
] as const;
export const DomainSchema = z.enum(DOMAINS);

export const ControlSchema = z
  .strictObject({
    id: ControlIdSchema,
    domain: DomainSchema,
    title: NonEmptyText,
    description: NonEmptyText,
    frameworks: FrameworkMappingSchema,
  })
  .superRefine((control, ctx) => {
    if (!control.id.startsWith(`${control.domain}.`)) {
      ctx.addIssue({ code: "custom", path: ["id"], message: `must start with its domain "${control.domain}."` });
    }
  })
  .meta({ description: "A security control in the fixed cloud-srm taxonomy." });

/** catalog/controls.yaml */
export const ControlsFileSchema = z
  .strictObject({ controls: z.array(ControlSchema).min(1) })
  .meta({ title: "cloud-srm controls file" });
