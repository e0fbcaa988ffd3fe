/**
 * Generated Google Cloud estates for the fake Cloud Asset API: an
 * organization with folders and projects holding instances, buckets and
 * Cloud SQL instances whose configuration carries evidence (and, for the
 * secret tests, fields that must be redacted).
 */
import type { FakeGcpAsset, FakeGcpFolder, FakeGcpOptions, FakeGcpProject } from "./server.js";

export const ORG = "100000000001";

export function projectId(i: number): string {
  return `proj-${String(i).padStart(4, "0")}`;
}

export function projectNumber(i: number): string {
  return String(500000000000 + i);
}

/** `perProject` assets in project i: instances, buckets, SQL instances in turn. */
export function project(i: number, options: { perProject?: number; folder?: string; state?: FakeGcpProject["state"]; labels?: Record<string, string> } = {}): FakeGcpProject {
  const id = projectId(i);
  const assets: FakeGcpAsset[] = [];
  for (let n = 0; n < (options.perProject ?? 6); n++) {
    const kind = n % 3;
    if (kind === 0) {
      assets.push({
        name: `//compute.googleapis.com/projects/${id}/zones/europe-west1-b/instances/vm-${n}`,
        assetType: "compute.googleapis.com/Instance",
        location: "europe-west1-b",
        labels: { env: n % 2 ? "prod" : "dev", team: "web" },
        data: { name: `vm-${n}`, status: "RUNNING", creationTimestamp: "2024-05-01T10:00:00.000-07:00", networkInterfaces: [{ network: "default", accessConfigs: [{ natIP: "34.1.2.3" }] }] },
      });
    } else if (kind === 1) {
      assets.push({
        name: `//storage.googleapis.com/${id}-bucket-${n}`,
        assetType: "storage.googleapis.com/Bucket",
        location: "EU",
        labels: { env: "prod" },
        data: { name: `${id}-bucket-${n}`, timeCreated: "2024-01-01T00:00:00Z", iamConfiguration: { uniformBucketLevelAccess: { enabled: n % 2 === 0 }, publicAccessPrevention: "enforced" } },
      });
    } else {
      assets.push({
        name: `//cloudsql.googleapis.com/projects/${id}/instances/db-${n}`,
        assetType: "sqladmin.googleapis.com/Instance",
        location: "europe-west1",
        data: { name: `db-${n}`, settings: { ipConfiguration: { requireSsl: true } }, rootPassword: "hunter2-root-password", serverCaCert: { cert: "public" } },
      });
    }
  }
  return { id, number: projectNumber(i), assets, ...(options.folder ? { folder: options.folder } : {}), ...(options.state ? { state: options.state } : {}), ...(options.labels ? { labels: options.labels } : {}) };
}

/** An organization of `count` projects spread over two folders (one nested) and the organization itself. */
export function organization(count: number, perProject = 6, extra: Partial<FakeGcpOptions> = {}): FakeGcpOptions {
  const folders: FakeGcpFolder[] = [
    { number: "300000000001", displayName: "engineering" },
    { number: "300000000002", displayName: "data", parent: "300000000001" },
  ];
  const projects = Array.from({ length: count }, (_, i) => project(i, { perProject, ...(i % 3 === 1 ? { folder: folders[0]!.number } : i % 3 === 2 ? { folder: folders[1]!.number } : {}) }));
  return { organization: ORG, folders, projects, pageSize: 4, ...extra };
}
