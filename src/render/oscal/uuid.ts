import { createHash } from "node:crypto";

/**
 * Name-based UUIDs (version 5, SHA-1), RFC 9562 section 5.5
 * (https://www.rfc-editor.org/rfc/rfc9562#section-5.5). OSCAL asks that a
 * UUID "be consistently used to identify the same subject across revisions of
 * the document"; deriving every UUID from a stable name (service id, control
 * id, NIST id) gives exactly that, and the same input always gives the same
 * document. OSCAL's UUIDDatatype accepts versions 4 and 5 only.
 */

/** The RFC 9562 namespace for URLs (section 6.6), used to derive the project namespace. */
export const URL_NAMESPACE = "6ba7b811-9dad-11d1-80b4-00c04fd430c8";

/** The cloud-srm OSCAL namespace: uuidV5(URL_NAMESPACE, "https://cloud-srm.dev/ns/oscal"), fixed forever. */
export const CLOUD_SRM_UUID_NAMESPACE = "71e3ec22-02e2-5379-a3d4-7311a89c9758";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A version 5 UUID of `name` (UTF-8) in `namespace`. */
export function uuidV5(namespace: string, name: string): string {
  if (!UUID.test(namespace)) throw new TypeError(`not a UUID: ${namespace}`);
  const hash = createHash("sha1").update(Buffer.from(namespace.replace(/-/g, ""), "hex")).update(name, "utf8").digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50; // version 5
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // variant 10xx (RFC 9562)
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A UUID for one OSCAL object, named by a path of stable parts ("ssp", "provided", "aws.rds", "ac-6", ...). */
export function oscalUuid(...parts: readonly string[]): string {
  // JSON-encoding the parts keeps ("a/b", "c") and ("a", "b/c") apart.
  return uuidV5(CLOUD_SRM_UUID_NAMESPACE, JSON.stringify(parts));
}
