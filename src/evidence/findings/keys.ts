import type { Resource } from "../../types.js";

// Join keys, all lower-cased: ARNs, ARM ids (case-insensitive by Azure's own
// rules: https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules)
// and GCP full resource names. A key has a prefix saying what it is.

/** A cloud id (ARN, ARM id, GCP full resource name, or a GCP API self link turned into one). */
export function idKey(id: string): string {
  return `id:${gcpFullName(id.trim()).toLowerCase()}`;
}

/** An AWS Config resource type + resource id. */
export function configKey(type: string, id: string): string {
  return `cfg:${type.toLowerCase()}|${id.toLowerCase()}`;
}

/**
 * A Terraform address with instance keys removed (`module.a["x"].aws_s3_bucket.b[0]`
 * -> `module.a.aws_s3_bucket.b`): static scanners report configuration blocks,
 * the state has instances of them; every instance of a block gets its findings.
 */
export function terraformKey(address: string): string {
  return `tf:${stripInstanceKeys(address).toLowerCase()}`;
}

export function stripInstanceKeys(address: string): string {
  return address.replace(/\[(?:"(?:[^"\\]|\\.)*"|\d+)\]/g, "").replace(/ \(deposed [^)]*\)$/, "");
}

/** https://www.googleapis.com/compute/v1/projects/p/... -> //compute.googleapis.com/projects/p/... */
function gcpFullName(id: string): string {
  const m = /^https:\/\/(?:www\.)?(?:googleapis\.com|([a-z0-9-]+)\.googleapis\.com)\/(?:([a-z0-9]+)\/)?v[0-9a-z.]+\/(.*)$/i.exec(id);
  if (!m) return id;
  const service = m[1] ?? m[2];
  return service ? `//${service}.googleapis.com/${m[3]}` : id;
}

/** The last part of an ARN's resource (`instance/i-1` -> `i-1`, `arn:aws:s3:::b` -> `b`). */
function arnTail(arn: string): string | undefined {
  if (!arn.startsWith("arn:")) return undefined;
  const resource = arn.split(":").slice(5).join(":");
  const tail = resource.split(/[/:]/).pop();
  return tail || undefined;
}

/** Every key a resource can be found by. */
export function resourceKeys(resource: Resource): string[] {
  const keys = [idKey(resource.uid)];
  const attrs = resource.attributes;
  const arn = typeof attrs?.arn === "string" ? attrs.arn : typeof attrs?.ARN === "string" ? attrs.ARN : undefined;
  if (arn && arn !== resource.uid) keys.push(idKey(arn));
  const id = typeof attrs?.id === "string" ? attrs.id : undefined;
  if (id && id !== resource.uid && /^(\/subscriptions\/|arn:|\/\/|projects\/)/i.test(id)) keys.push(idKey(id));
  if (resource.typeSystem === "cloudformation") {
    const ids = new Set<string>();
    const tail = arnTail(resource.uid);
    if (tail) ids.add(tail);
    if (resource.name) ids.add(resource.name);
    if (typeof attrs?.resourceId === "string") ids.add(attrs.resourceId);
    const dbi = (attrs?.configuration as Record<string, unknown> | undefined)?.dbiResourceId ?? attrs?.dbiResourceId;
    if (typeof dbi === "string") ids.add(dbi);
    for (const value of ids) keys.push(configKey(resource.type, value));
  }
  if (resource.typeSystem === "terraform") keys.push(terraformKey(resource.source.ref ?? resource.uid));
  return keys;
}
