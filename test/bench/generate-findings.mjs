// Writes Prowler JSON-OCSF findings (a JSON array, as `prowler -M json-ocsf` writes)
// for the inventory of generate-inventory.mjs: `perResource` findings on each
// resource, cycling through mapped check ids, PASS and FAIL mixed.
import { createWriteStream } from "node:fs";

// The uids generate-inventory.mjs gives resource i (same shapes, same order).
const UIDS = [
  (i) => `arn:aws:rds:us-east-1:111122223333:db:db-${i}`,
  (i) => `arn:aws:ec2:us-east-1:111122223333:security-group/sg-${i}`,
  (i) => `arn:aws:ec2:us-east-1:111122223333:instance/i-${i}`,
  (i) => `/subscriptions/7c9e6679-7425-40de-944b-e07fc1f90ae7/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/sa${i}`,
  (i) => `//storage.googleapis.com/bucket-${i}`,
  (i) => `random_password.p${i}`,
];
const CHECKS = ["rds_instance_storage_encrypted", "rds_instance_no_public_access", "rds_instance_backup_enabled", "ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22", "ec2_instance_imdsv2_enabled", "storage_ensure_minimum_tls_version_12"];

function finding(uid, check, pass, n) {
  return {
    message: `${check} on ${uid}`,
    metadata: { event_code: check, product: { name: "Prowler", uid: "prowler", vendor_name: "Prowler", version: "5.0.0" }, version: "1.3.0" },
    severity_id: 3,
    severity: "Medium",
    status: "New",
    status_code: pass ? "PASS" : "FAIL",
    status_id: 1,
    unmapped: { muted: false },
    finding_info: { created_time_dt: "2026-11-20T08:00:00.000000", title: check, uid: `prowler-${check}-${n}` },
    resources: [{ region: "us-east-1", name: uid.split("/").pop(), type: "Resource", uid }],
    class_uid: 2004,
    time_dt: "2026-11-20T08:00:00.000000",
  };
}

/** Writes count x perResource findings to `file`; resolves with { findings, bytes }. */
export async function generateFindings(file, count, perResource = 3) {
  const out = createWriteStream(file);
  let bytes = 0;
  let buffer = "[";
  let n = 0;
  for (let i = 0; i < count; i++) {
    const uid = UIDS[i % UIDS.length](i);
    for (let k = 0; k < perResource; k++) {
      buffer += `${n ? ",\n" : "\n"}${JSON.stringify(finding(uid, CHECKS[(i + k) % CHECKS.length], (i + k) % 4 !== 0, n))}`;
      n++;
    }
    if (buffer.length > 1 << 20) {
      bytes += buffer.length;
      if (!out.write(buffer)) await new Promise((r) => out.once("drain", r));
      buffer = "";
    }
  }
  buffer += "\n]\n";
  bytes += buffer.length;
  out.write(buffer);
  await new Promise((resolve) => out.end(resolve));
  return { findings: n, bytes };
}
