import { terraformKey } from "../keys.js";
import { at, isRecord, str, type Finding, type FindingVerdict, type ParsedFindings } from "../finding.js";

/**
 * Checkov JSON (`checkov -d . -o json` or `-f plan.json -o json`): one report
 * (or a list of them, one per framework) with `results.passed_checks` and
 * `results.failed_checks`; each check has `check_id` (CKV_AWS_20...) and the
 * resource as a Terraform address (`resource_address` when Checkov gives the
 * full one with module path, else `resource`).
 * https://www.checkov.io/2.Basics/Reviewing%20Scan%20Results.html
 */
export function parseCheckov(input: unknown, file: string): ParsedFindings {
  const out: ParsedFindings = { findings: [], problems: [], skipped: 0 };
  const reports = Array.isArray(input) ? input : [input];
  if (!reports.every((r) => isRecord(r) && isRecord(r.results))) {
    return { ...out, problems: [{ file, position: "$", message: "not Checkov JSON: expected { results: { passed_checks, failed_checks } }" }] };
  }
  reports.forEach((report, r) => {
    for (const [list, verdict] of [
      ["failed_checks", "fail"],
      ["passed_checks", "pass"],
      ["skipped_checks", "not-applicable"],
    ] as const) {
      const checks = at(report, `results.${list}`);
      if (!Array.isArray(checks)) continue;
      checks.forEach((check, i) => {
        const position = `${reports.length > 1 ? `[${r}].` : ""}results.${list}[${i}]`;
        if (verdict === "not-applicable") return void out.skipped++;
        const id = isRecord(check) ? str(check.check_id) : undefined;
        const address = isRecord(check) ? (str(check.resource_address) ?? str(check.resource)) : undefined;
        if (!id || !address) return void out.problems.push({ file, position, message: "needs check_id and resource" });
        const finding: Finding = { kind: "checkov", check: id, verdict, keys: [terraformKey(address)], resource: address, file, position };
        const title = str((check as Record<string, unknown>).check_name);
        if (title) finding.title = title;
        out.findings.push(finding);
      });
    }
  });
  return out;
}

const TRIVY: Record<string, FindingVerdict> = { PASS: "pass", FAIL: "fail", EXCEPTION: "not-applicable" };

/**
 * Trivy JSON for configuration (`trivy config -f json .`): `Results[]` with
 * `Misconfigurations[]`: `ID` (AWS-0086 in current releases, AVD-AWS-0086 in
 * older ones: both are accepted, the `AVD-` prefix is dropped), `Status`
 * (PASS / FAIL / EXCEPTION) and `CauseMetadata.Resource`, the Terraform address.
 * Vulnerability and secret results are skipped.
 * https://trivy.dev/latest/docs/configuration/reporting/
 */
export function parseTrivy(input: unknown, file: string): ParsedFindings {
  const out: ParsedFindings = { findings: [], problems: [], skipped: 0 };
  const results = isRecord(input) ? input.Results : undefined;
  if (!Array.isArray(results)) return { ...out, problems: [{ file, position: "$", message: "not Trivy JSON: expected { Results: [...] }" }] };
  results.forEach((result, r) => {
    const misconfigs = isRecord(result) ? result.Misconfigurations : undefined;
    if (!Array.isArray(misconfigs)) return;
    misconfigs.forEach((m, i) => {
      const position = `Results[${r}].Misconfigurations[${i}]`;
      if (!isRecord(m)) return void out.problems.push({ file, position, message: "not an object" });
      const rawId = str(m.ID) ?? str(m.AVDID);
      const verdict = TRIVY[str(m.Status)?.toUpperCase() ?? ""];
      const address = str(at(m, "CauseMetadata.Resource"));
      if (!rawId || !verdict) return void out.problems.push({ file, position, message: "needs ID and Status PASS, FAIL or EXCEPTION" });
      if (verdict === "not-applicable") return void out.skipped++;
      if (!address) return void out.problems.push({ file, position, message: "needs CauseMetadata.Resource (the Terraform address)" });
      const finding: Finding = { kind: "trivy", check: rawId.replace(/^AVD-/i, "").toUpperCase(), verdict, keys: [terraformKey(address)], resource: address, file, position };
      const title = str(m.Title);
      if (title) finding.title = title;
      out.findings.push(finding);
    });
  });
  return out;
}
