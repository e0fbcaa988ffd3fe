/**
 * The scanners and policy engines whose findings `report --findings KIND=FILE`
 * reads (no zod here: the CLI loads this on every report). The mapping of
 * each tool's check ids to control ids is data: catalog/findings/<tool>.yaml.
 */
export const FINDING_KINDS = [
  "securityhub",
  "securityhub-ocsf",
  "aws-config-rules",
  "prowler",
  "prowler-csv",
  "azure-policy",
  "defender",
  "scc",
  "checkov",
  "trivy",
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

/** The tool whose mapping file a kind uses (two formats of one tool share one mapping). */
export const MAPPING_TOOL: Record<FindingKind, string> = {
  securityhub: "securityhub",
  "securityhub-ocsf": "securityhub",
  "aws-config-rules": "aws-config-rules",
  prowler: "prowler",
  "prowler-csv": "prowler",
  "azure-policy": "azure-policy",
  defender: "defender",
  scc: "scc",
  checkov: "checkov",
  trivy: "trivy",
};

/** The tools that have one mapping file each under catalog/findings/. */
export const FINDING_TOOLS = ["securityhub", "aws-config-rules", "prowler", "azure-policy", "defender", "scc", "checkov", "trivy"] as const;

export function isFindingKind(value: string): value is FindingKind {
  return (FINDING_KINDS as readonly string[]).includes(value);
}
