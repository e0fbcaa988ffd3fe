/**
 * One Terraform resource instance as both input formats describe it, before
 * it becomes a normalized Resource.
 */

/** A path into an instance's attributes: attribute names and list indexes. */
export type AttributePath = readonly (string | number)[];

export interface TerraformInstance {
  /** The resource instance address: `module.a.aws_instance.web[0]`, `aws_s3_bucket.logs["blue"]`. */
  address: string;
  /** The address, plus the deposed key for an object awaiting destruction after create_before_destroy. */
  ref: string;
  /** Resource type, e.g. aws_db_instance. */
  type: string;
  /** The resource's name in the configuration (the `web` of aws_instance.web). */
  resourceName: string;
  /** Attribute values as the source holds them, secrets included: redact before use. */
  attributes: Record<string, unknown>;
  /** Paths the source itself marks sensitive. */
  sensitivePaths: AttributePath[];
  /**
   * True when the source marks something sensitive in a way this importer
   * cannot read: the attributes are then withheld rather than risk a leak.
   */
  sensitivityUnreadable: boolean;
}

/** Reports a record that cannot be understood: where it is and what is wrong (never attribute values). */
export type ReportProblem = (position: string, message: string) => void;

/**
 * The instance address Terraform prints: `[0]` for count, `["key"]` for
 * for_each (https://developer.hashicorp.com/terraform/cli/state/resource-addressing).
 */
export function instanceAddress(module: string | undefined, type: string, name: string, indexKey: string | number | undefined): string {
  const base = `${module ? `${module}.` : ""}${type}.${name}`;
  if (indexKey === undefined) return base;
  return typeof indexKey === "number" ? `${base}[${indexKey}]` : `${base}[${JSON.stringify(indexKey)}]`;
}

/** The `ref` of an instance: its address, marked when it is a deposed object. */
export function instanceRef(address: string, deposed: unknown): string {
  return typeof deposed === "string" && deposed !== "" ? `${address} (deposed ${deposed})` : address;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** A name-like string from a document: non-empty after trimming. */
export function nonEmptyString(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}
