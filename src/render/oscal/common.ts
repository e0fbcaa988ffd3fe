import type { Matrix, MatrixRow } from "../../types.js";
import { groupByFramework } from "../framework-view.js";
import type { RenderOptions } from "../options.js";
import { prop, type OscalProp } from "./props.js";
import { citationHref, markupLine, markupMultiline, oscalString } from "./text.js";
import { oscalUuid } from "./uuid.js";

/** OSCAL releases the documents are validated against (schemas in test/reference/oscal). */
export const OSCAL_VERSIONS = ["1.1.3", "1.2.1"] as const;
export type OscalVersion = (typeof OSCAL_VERSIONS)[number];

export interface OscalOptions extends RenderOptions {
  /** The OSCAL release to declare in metadata.oscal-version (default 1.2.1). */
  oscalVersion?: OscalVersion;
  /**
   * Input records rejected or scopes failed in the run the document describes
   * (a report's problems). Above 0, metadata carries a `partial-inventory`
   * prop with the count: the document says it is incomplete where every
   * reader looks first. The report renderers set it from the report.
   */
  partialInventory?: number;
}

/**
 * The NIST SP 800-53 rev5 catalog in OSCAL: control-ids ("ac-6", "ia-2.1") are
 * its ids, so the documents import it. OSCAL is NIST-only here; `options.framework`
 * does not apply (other frameworks' ids ride along as props).
 */
export const NIST_800_53_CATALOG = "https://raw.githubusercontent.com/usnistgov/oscal-content/main/nist.gov/SP800-53/rev5/json/NIST_SP-800-53_rev5_catalog.json";

export interface OscalRole {
  id: string;
  title: string;
  description?: string;
}

/** The three sides of the shared-responsibility model, as OSCAL roles. */
export const ROLES: readonly OscalRole[] = [
  { id: "provider", title: "Cloud service provider", description: "Operates the cloud service and carries the provider's part of each control." },
  { id: "customer", title: "Cloud customer", description: "Uses the cloud service and carries the customer's part of each control." },
  { id: "third-party", title: "Third party", description: "An organization the customer engages (e.g. a managed service provider) to carry a control." },
];

const PROVIDER_NAMES: Record<string, string> = {
  aws: "Amazon Web Services",
  azure: "Microsoft Azure",
  gcp: "Google Cloud",
  saas: "SaaS provider",
};

export interface OscalParty {
  uuid: string;
  type: "organization";
  name: string;
  "short-name"?: string;
  props?: OscalProp[];
}

/** Key of a subject's provider party; service models have no provider, so one generic party stands in. */
function providerKey(matrix: Matrix): string {
  return matrix.subject.provider ?? "cloud-provider";
}

export function providerPartyUuid(matrix: Matrix): string {
  return oscalUuid("party", "provider", providerKey(matrix));
}

export function thirdPartyUuid(name: string): string {
  return oscalUuid("party", "third-party", oscalString(name));
}

/** Parties: every provider of the matrices, then every third party an overlay names; sorted. */
export function parties(matrices: readonly Matrix[]): OscalParty[] {
  const providers = [...new Set(matrices.map(providerKey))].sort(compare);
  const thirdParties = [...new Set(matrices.flatMap((m) => m.rows.filter((r) => r.owner === "third-party" && r.party).map((r) => oscalString(r.party!))))].sort(compare);
  return [
    ...providers.map((key) => ({
      uuid: oscalUuid("party", "provider", key),
      type: "organization" as const,
      name: oscalString(PROVIDER_NAMES[key] ?? (key === "cloud-provider" ? "Cloud service provider" : key)),
      "short-name": oscalString(key),
      props: [prop("party-role", "provider")],
    })),
    ...thirdParties.map((name) => ({
      uuid: thirdPartyUuid(name),
      type: "organization" as const,
      name,
      props: [prop("party-role", "third-party")],
    })),
  ];
}

export interface ResponsibleRole {
  "role-id": string;
  "party-uuids"?: string[];
}

/** Who carries a row's provider part. */
export function providerRole(matrix: Matrix): ResponsibleRole {
  return { "role-id": "provider", "party-uuids": [providerPartyUuid(matrix)] };
}

/** Who carries a row's customer part: the customer, and for third-party rows the named party too. */
export function customerRoles(row: MatrixRow): ResponsibleRole[] {
  if (row.owner === "third-party" && row.party) return [{ "role-id": "third-party", "party-uuids": [thirdPartyUuid(row.party)] }, { "role-id": "customer" }];
  return [{ "role-id": "customer" }];
}

/** Every role that carries part of a row (none for not-applicable). */
export function rolesFor(matrix: Matrix, row: MatrixRow): ResponsibleRole[] {
  switch (row.owner) {
    case "provider":
      return [providerRole(matrix)];
    case "shared":
      return [providerRole(matrix), ...customerRoles(row)];
    case "customer":
    case "third-party":
      return customerRoles(row);
    case "not-applicable":
      return [];
  }
}

export interface OscalMetadata {
  title: string;
  "last-modified": string;
  version: string;
  "oscal-version": OscalVersion;
  roles: OscalRole[];
  parties?: OscalParty[];
  props?: OscalProp[];
  remarks?: string;
}

/** The options of a document about a run with `problems` input problems (unchanged for a complete run). */
export function withPartialInventory(options: OscalOptions, problems: number): OscalOptions {
  return problems > 0 ? { ...options, partialInventory: problems } : options;
}

/** Document metadata; the clock comes from options.now only. */
export function metadata(title: string, options: OscalOptions, matrices: readonly Matrix[], remarks: string): OscalMetadata {
  const now = options.now.toISOString();
  const list = parties(matrices);
  return {
    title: markupLine(options.title ?? title),
    "last-modified": now,
    // The document's own revision: one per generation, from the injected clock.
    version: now,
    "oscal-version": options.oscalVersion ?? "1.2.1",
    roles: ROLES.map((r) => ({ ...r })),
    ...(list.length ? { parties: list } : {}),
    props: [
      prop("generator", "cloud-srm"),
      ...(options.toolVersion ? [prop("generator-version", options.toolVersion)] : []),
      ...(options.catalogVersion ? [prop("catalog-version", options.catalogVersion)] : []),
      ...(options.partialInventory ? [prop("partial-inventory", String(options.partialInventory))] : []),
    ],
    remarks: markupMultiline(remarks),
  };
}

/** Matrices sorted by subject id, duplicates dropped; two different matrices for one subject are an error. */
export function uniqueMatrices(matrices: readonly Matrix[]): Matrix[] {
  const byId = new Map<string, Matrix>();
  for (const matrix of matrices) {
    const seen = byId.get(matrix.subject.id);
    if (seen && JSON.stringify(seen) !== JSON.stringify(matrix)) throw new Error(`two different matrices for ${matrix.subject.id}`);
    byId.set(matrix.subject.id, seen ?? matrix);
  }
  return [...byId.values()].sort((a, b) => compare(a.subject.id, b.subject.id));
}

export function componentUuid(matrix: Matrix): string {
  return oscalUuid("component", matrix.subject.kind, matrix.subject.id);
}

/** A subject as an OSCAL component (shared by SSP system-components and defined-components). */
export function componentCore(matrix: Matrix): { uuid: string; type: "service"; title: string; description: string; props: OscalProp[] } {
  const { subject } = matrix;
  const who = subject.provider ? (PROVIDER_NAMES[subject.provider] ?? subject.provider) : "any provider";
  const what = subject.kind === "model" ? `The default ${subject.model.toUpperCase()} responsibility line` : `${subject.name}, a ${subject.model.toUpperCase()} service`;
  const props = [prop("subject-kind", subject.kind), prop(subject.kind === "model" ? "model-id" : "service-id", subject.id), prop("service-model", subject.model)];
  if (subject.provider) props.push(prop("cloud-provider", subject.provider));
  return {
    uuid: componentUuid(matrix),
    type: "service",
    title: markupLine(subject.name),
    description: markupMultiline(`${what} of ${who} (cloud-srm id ${subject.id}).`),
    props,
  };
}

/** One cloud-srm control of one subject, placed under one NIST control. */
export interface Placement {
  matrix: Matrix;
  row: MatrixRow;
}

/** A NIST control and, per cloud-srm control mapped to it, the subjects' rows. */
export interface NistRequirement {
  nist: string;
  statements: { control: string; placements: Placement[] }[];
}

/**
 * Regroups rows under their NIST SP 800-53 ids (one implemented-requirement per
 * NIST control, one statement per cloud-srm control). The catalog maps every
 * control to a NIST id; a row without one cannot be placed in an OSCAL
 * document that imports the NIST catalog, so it is an error, not a silent drop.
 */
export function byNistControl(matrices: readonly Matrix[]): NistRequirement[] {
  const placements = matrices.flatMap((matrix) => matrix.rows.map((row) => ({ matrix, row, frameworks: row.frameworks })));
  return groupByFramework(placements, "nist-800-53").map((group) => {
    if (group.id === "(unmapped)") {
      const names = group.rows.map((p) => `${p.matrix.subject.id}/${p.row.control}`).join(", ");
      throw new Error(`no NIST SP 800-53 id for ${names}: OSCAL control-ids must be NIST ids`);
    }
    const statements = new Map<string, Placement[]>();
    for (const { matrix, row } of group.rows) {
      const list = statements.get(row.control) ?? [];
      list.push({ matrix, row });
      statements.set(row.control, list);
    }
    return { nist: group.id, statements: [...statements.entries()].map(([control, list]) => ({ control, placements: list })) };
  });
}

/**
 * The statement-id of a cloud-srm control within a NIST control. NIST's own
 * statement parts are "<id>_smt[.<item>]"; cloud-srm controls are not items of
 * the NIST text, so they sit under the statement with their own id:
 * "ac-6_smt.identity.privileged-access" (an OSCAL token).
 */
export function statementId(nist: string, control: string): string {
  return `${nist}_smt.${control}`;
}

export interface OscalLink {
  href: string;
  rel: string;
}

/** A row's citations: URLs as links, everything else (contract clauses, wiki page names) returned for remarks. */
export function citations(row: MatrixRow): { links: OscalLink[]; other: string[] } {
  const links: OscalLink[] = [];
  const other: string[] = [];
  for (const source of row.sources) {
    const href = citationHref(source);
    if (href && !links.some((l) => l.href === href)) links.push({ href, rel: "reference" });
    else if (!href) other.push(source);
  }
  return { links, other };
}

/** Remarks for a row beyond its duty texts: notes and non-URL citations. Undefined when there are none. */
export function rowRemarks(row: MatrixRow, extra: readonly string[] = []): string | undefined {
  const parts = [...extra];
  if (row.notes) parts.push(`Notes: ${row.notes}`);
  const { other } = citations(row);
  if (other.length) parts.push(`Sources: ${other.join("; ")}`);
  return parts.length ? markupMultiline(parts.join("\n\n")) : undefined;
}

/** A full description of who does what for a row (component definitions, which have no export to carry the texts). */
export function rowDescription(matrix: Matrix, row: MatrixRow): string {
  const subject = matrix.subject.name;
  switch (row.owner) {
    case "provider":
      return markupMultiline(`${row.title} on ${subject} is the provider's.\n\nProvider: ${row.provider}`);
    case "customer":
      return markupMultiline(`${row.title} on ${subject} is the customer's.\n\nCustomer: ${row.customer}`);
    case "shared":
      return markupMultiline(`${row.title} on ${subject} is shared.\n\nProvider: ${row.provider}\n\nCustomer: ${row.customer}`);
    case "third-party":
      return markupMultiline(`${row.title} on ${subject} is carried by a third party: ${oscalString(row.party ?? "unnamed")}.\n\nCustomer: ${row.customer}`);
    case "not-applicable":
      return markupMultiline(`${row.title} does not apply to ${subject}.`);
  }
}

/** A one-line summary for an SSP by-component, whose provided/responsibility (or inherited/satisfied) items carry the texts. */
export function rowSummary(matrix: Matrix, row: MatrixRow): string {
  const who: Record<MatrixRow["owner"], string> = {
    provider: "the provider's",
    customer: "the customer's",
    shared: "shared between provider and customer",
    "third-party": `carried by a third party, ${oscalString(row.party ?? "unnamed")}`,
    "not-applicable": "not applicable",
  };
  return markupMultiline(`${row.title} on ${matrix.subject.name}: ${who[row.owner]}.`);
}

/** Code-point order: the same in every locale. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
