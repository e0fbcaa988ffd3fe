import type { FindingParser } from "../finding.js";
import type { FindingKind } from "../tools.js";
import { parseAwsConfigRules } from "./aws-config-rules.js";
import { parseAzurePolicy, parseDefender } from "./azure.js";
import { parseCheckov, parseTrivy } from "./iac.js";
import { parseProwlerCsv, parseProwlerOcsf } from "./prowler.js";
import { parseScc } from "./scc.js";
import { parseSecurityHub, parseSecurityHubOcsf } from "./securityhub.js";

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
