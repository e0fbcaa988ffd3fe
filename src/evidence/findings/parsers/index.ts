import type { FindingParser, RecordFormat } from "../finding.js";
import type { FindingKind } from "../tools.js";
import { awsConfigRules, parseAwsConfigRules } from "./aws-config-rules.js";
import { azurePolicy, defender, parseAzurePolicy, parseDefender } from "./azure.js";
import { parseCheckov, parseTrivy } from "./iac.js";
import { parseProwlerCsv, parseProwlerOcsf, prowlerOcsf } from "./prowler.js";
import { parseScc, scc } from "./scc.js";
import { parseSecurityHub, parseSecurityHubOcsf, securityHub, securityHubOcsf } from "./securityhub.js";

/** One parser per kind. All but prowler-csv read JSON. */
export const PARSERS: Record<FindingKind, FindingParser> = {
  securityhub: parseSecurityHub,
  "securityhub-ocsf": parseSecurityHubOcsf,
  "aws-config-rules": parseAwsConfigRules,
  prowler: parseProwlerOcsf,
  "prowler-csv": parseProwlerCsv,
  "azure-policy": parseAzurePolicy,
  defender: parseDefender,
  scc: parseScc,
  checkov: parseCheckov,
  trivy: parseTrivy,
};

/**
 * The kinds whose files are one list of records, read record by record
 * whatever their size. Prowler CSV is read row by row (read.ts); Checkov and
 * Trivy nest their checks inside reports and results, and are read whole
 * (they scan code, so their files stay small).
 */
export const RECORD_FORMATS: Partial<Record<FindingKind, RecordFormat>> = {
  securityhub: securityHub,
  "securityhub-ocsf": securityHubOcsf,
  "aws-config-rules": awsConfigRules,
  prowler: prowlerOcsf,
  "azure-policy": azurePolicy,
  defender,
  scc,
};
