import type { EvidenceCheck } from "../../types.js";
import { noWorldOpenAdminPorts } from "./admin-ports.js";
import { noExternalIp } from "./external-ip.js";
import { noWildcardIamAction } from "./iam-wildcard.js";
import { allPublicAccessBlocked } from "./public-access-block.js";
import type { TestResult } from "../result.js";

type NamedTest = NonNullable<EvidenceCheck["test"]>;

/** The named evidence tests a catalog check can use with `test:`. */
export const NAMED_TESTS: Record<NamedTest, (attributes: Record<string, unknown>) => TestResult> = {
  "no-world-open-admin-ports": noWorldOpenAdminPorts,
  "no-wildcard-iam-action": noWildcardIamAction,
  "no-external-ip": noExternalIp,
  "all-public-access-blocked": allPublicAccessBlocked,
};
