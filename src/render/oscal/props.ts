import type { Domain, MatrixRow, Owner } from "../../types.js";
import { oscalString } from "./text.js";

/** cloud-srm's own OSCAL property namespace (OSCAL props outside the core set must carry an ns). */
export const CLOUD_SRM_NS = "https://cloud-srm.dev/ns/oscal";
/** FedRAMP's namespace, for `control-origination` (GSA/fedramp-automation fedramp_values.json). */
export const FEDRAMP_NS = "https://fedramp.gov/ns/oscal";

export interface OscalProp {
  name: string;
  ns?: string;
  value: string;
  class?: string;
  remarks?: string;
}

/** A property in the cloud-srm namespace; the value is made a valid OSCAL string. */
export function prop(name: string, value: string, extra: { class?: string } = {}): OscalProp {
  return { name, ns: CLOUD_SRM_NS, value: oscalString(value), ...extra };
}

/**
 * FedRAMP control-origination values, in the order fedramp_values.json lists
 * them. FedRAMP binds the prop to implemented-requirement
 * (`implemented-requirement/prop[@name='control-origination']`), one prop per
 * origination, so a hybrid control carries several.
 */
export const CONTROL_ORIGINATIONS = ["sp-corporate", "sp-system", "customer-configured", "customer-provided", "inherited"] as const;
export type ControlOrigination = (typeof CONTROL_ORIGINATIONS)[number];

/**
 * Whose view the document takes. "provider": the cloud provider's SSP or component
 * definition, which exports to customers. "leveraging": the customer's SSP,
 * which inherits the provider's part.
 */
export type Perspective = "provider" | "leveraging";

/**
 * Provider work that is a company-wide programme rather than something each
 * service does: data centres and hardware (physical), and the audit and
 * incident-response programmes (governance). FedRAMP: "Service Provider (Corporate)".
 */
const CORPORATE_DOMAINS: ReadonlySet<Domain> = new Set(["physical", "governance"]);

/**
 * Customer duties the customer builds or runs itself ("Provided by Customer"),
 * as opposed to settings of the service it turns on ("Configured by Customer").
 */
const CUSTOMER_PROVIDED_DOMAINS: ReadonlySet<Domain> = new Set(["physical", "infrastructure", "platform", "application", "governance", "resilience"]);
const CUSTOMER_PROVIDED_CONTROLS: ReadonlySet<string> = new Set(["data.classification"]);
const CUSTOMER_CONFIGURED_CONTROLS: ReadonlySet<string> = new Set(["application.configuration", "application.integrations"]);

/** The provider's part of a row as a FedRAMP origination. */
function providerOrigination(row: Pick<MatrixRow, "domain">, perspective: Perspective): ControlOrigination {
  if (perspective === "leveraging") return "inherited"; // "Inherited from pre-existing FedRAMP Authorization"
  return CORPORATE_DOMAINS.has(row.domain) ? "sp-corporate" : "sp-system";
}

/** The customer's part of a row: configured when it is a setting of the service, provided when the customer supplies it. */
function customerOrigination(row: Pick<MatrixRow, "control" | "domain" | "default">): ControlOrigination {
  // A secure-by-default flag means the duty is a setting the service has.
  if (row.default === "on" || row.default === "off") return "customer-configured";
  if (CUSTOMER_CONFIGURED_CONTROLS.has(row.control)) return "customer-configured";
  if (CUSTOMER_PROVIDED_CONTROLS.has(row.control) || CUSTOMER_PROVIDED_DOMAINS.has(row.domain)) return "customer-provided";
  return "customer-configured";
}

/**
 * FedRAMP control-origination values of one row. A third party (an MSP in an
 * overlay) works for the customer, so from the provider's side its part is
 * "Provided by Customer"; not-applicable rows originate nowhere.
 */
export function controlOriginations(row: Pick<MatrixRow, "control" | "domain" | "default" | "owner">, perspective: Perspective): ControlOrigination[] {
  switch (row.owner) {
    case "provider":
      return [providerOrigination(row, perspective)];
    case "customer":
      return [customerOrigination(row)];
    case "shared":
      return [providerOrigination(row, perspective), customerOrigination(row)];
    case "third-party":
      return ["customer-provided"];
    case "not-applicable":
      return [];
  }
}

/** The control-origination props for a set of rows, one per distinct value, in FedRAMP's order. */
export function originationProps(rows: readonly Pick<MatrixRow, "control" | "domain" | "default" | "owner">[], perspective: Perspective): OscalProp[] {
  const seen = new Set(rows.flatMap((row) => controlOriginations(row, perspective)));
  return CONTROL_ORIGINATIONS.filter((o) => seen.has(o)).map((value) => ({ name: "control-origination", ns: FEDRAMP_NS, value }));
}

/**
 * Props that identify a cloud-srm control. Ids of other frameworks are left
 * out: the NIST id is the document's axis, and the control id joins to the
 * catalog's other mappings (repeating them under every NIST id would triple
 * the document).
 */
export function controlProps(row: Pick<MatrixRow, "control" | "domain">): OscalProp[] {
  return [prop("control", row.control), prop("domain", row.domain)];
}

/** Props that say who carries a row for a service and which catalog layer decided it. */
export function responsibilityProps(row: Pick<MatrixRow, "owner" | "party" | "origin" | "overlay" | "default">): OscalProp[] {
  const props = [prop("owner", row.owner)];
  if (row.party !== undefined) props.push(prop("party", row.party));
  props.push(prop("origin", row.origin));
  if (row.overlay !== undefined) props.push(prop("overlay", row.overlay));
  if (row.default !== undefined) props.push(prop("default", row.default));
  return props;
}

/** Owners whose rows have a provider part that can be exported / inherited. */
export function providerCarries(owner: Owner): boolean {
  return owner === "provider" || owner === "shared";
}

/** Owners whose rows leave a duty on the customer's side (the customer or its third party). */
export function customerCarries(owner: Owner): boolean {
  return owner === "customer" || owner === "shared" || owner === "third-party";
}
