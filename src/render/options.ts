import type { Framework } from "../types.js";

/** Options every document renderer takes. */
export interface RenderOptions {
  /** The document's clock (generated-at, OSCAL last-modified). Inject it: same input, same bytes. */
  now: Date;
  /** Group rows by this framework's ids instead of by control (the auditor's view). */
  framework?: Framework;
  /** Document title; renderers have a sensible default. */
  title?: string;
  /**
   * The cloud-srm version writing the document (the CLI sets its own). When
   * set, OSCAL metadata (a generator-version prop), OCSF metadata.product.version,
   * the HTML header and the Markdown lead name it; left out, the bytes do not
   * depend on the release (golden files, reproducible builds).
   */
  toolVersion?: string;
  /** Which catalog the document comes from (the CLI's catalogVersion); named where toolVersion is. */
  catalogVersion?: string;
}

/** Human names of the frameworks, for headings. */
export const FRAMEWORK_NAMES: Record<Framework, string> = {
  "nist-800-53": "NIST SP 800-53 rev5",
  ccm: "CSA Cloud Controls Matrix v4",
  cis: "CIS Controls v8",
  iso27001: "ISO/IEC 27001:2022 Annex A",
  soc2: "SOC 2 Trust Services Criteria",
  pci: "PCI DSS v4.0",
  mcsb: "Microsoft cloud security benchmark",
};
