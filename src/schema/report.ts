import { z } from "zod";
import { ControlIdSchema, NonEmptyText, OwnerSchema, ServiceModelIdSchema, TypeSystemSchema } from "./common.js";
import { MatrixSchema } from "./matrix.js";
import { ResourceSourceSchema } from "./resource.js";

/** met / not-met / unknown: "met" is never claimed without data. */
export const EvidenceStatusSchema = z.enum(["met", "not-met", "unknown"]);

/**
 * The state of one (resource, customer or shared duty) row: the worst of the
 * evidence covering it, or `unchecked` when nothing covers it (never "fine").
 */
export const DutyStateSchema = z.enum(["met", "not-met", "unknown", "unchecked"]);

export const EvidenceResultSchema = z
  .strictObject({
    control: ControlIdSchema,
    rule: NonEmptyText,
    title: NonEmptyText,
    status: EvidenceStatusSchema,
    detail: z.string().optional(),
    source: z.string().optional().meta({ description: "The tool of an imported finding (securityhub, prowler, ...); absent for configuration rules." }),
    check: z.string().optional().meta({ description: "The tool's own check id (S3.1, CKV_AWS_20, ...)." }),
    observedAt: z.string().optional().meta({ description: "When the tool observed it (ISO 8601)." }),
    stale: z.literal(true).optional().meta({ description: "Older than the chosen age: shown, decides nothing (status unknown)." }),
  })
  .meta({ description: "One evidence rule or imported finding evaluated on one resource." });

const FindingVerdictSchema = z.enum(["pass", "fail", "manual", "not-applicable"]);

const DriftResourceSchema = z.strictObject({ uid: z.string(), type: z.string(), service: z.string().nullable(), account: z.string(), provider: z.string().optional() });

export const DriftSchema = z
  .strictObject({
    baseline: z.string().meta({ description: "When the baseline report was generated." }),
    added: z.array(DriftResourceSchema),
    removed: z.array(DriftResourceSchema),
    unknown: z.array(DriftResourceSchema.extend({ reason: z.string() })).meta({ description: "Missing now, but in a scope that failed this run: never counted as removed." }),
    flipped: z.array(z.strictObject({ uid: z.string(), control: ControlIdSchema, from: DutyStateSchema, to: DutyStateSchema })),
    untagged: z.array(z.strictObject({ uid: z.string(), missing: z.array(z.string()) })).meta({ description: "New resources without a required tag." }),
  })
  .meta({ description: "What changed since a baseline report (report --baseline)." });

export const FindingsSummarySchema = z
  .strictObject({
    staleAfterDays: z.number().optional(),
    sources: z.array(
      z.strictObject({
        kind: z.string(),
        file: z.string(),
        findings: z.number().int(),
        matched: z.number().int(),
        unmatched: z.number().int(),
        unmapped: z.number().int(),
        stale: z.number().int(),
        muted: z.number().int(),
        skipped: z.number().int(),
        problems: z.number().int(),
      }),
    ),
    unmatchedTotal: z.number().int(),
    unmatched: z
      .array(z.strictObject({ kind: z.string(), file: z.string(), position: z.string(), check: z.string(), resource: z.string(), verdict: FindingVerdictSchema }))
      .meta({ description: "Findings whose resource is not in the inventory (first 1000): reported, never dropped." }),
    unmappedChecks: z.array(z.strictObject({ kind: z.string(), check: z.string(), count: z.number().int() })).meta({ description: "Check ids no mapping file covers." }),
    disagreementTotal: z.number().int(),
    disagreements: z
      .array(z.strictObject({ uid: z.string(), control: ControlIdSchema, met: z.array(z.string()), notMet: z.array(z.string()) }))
      .meta({ description: "Duties where one source says met and another not met (first 1000); both results stay on the resource." }),
  })
  .meta({ description: "Imported findings: what was read, matched, and what could not be used." });

export const EvidenceCountsSchema = z
  .strictObject({ met: z.number().int(), notMet: z.number().int(), unknown: z.number().int(), unchecked: z.number().int() })
  .meta({ description: "Duties (resource x customer or shared control) per state; unchecked ones are counted, never folded into met." });

export const EvidenceCoverageSchema = z
  .strictObject({
    duties: z.number().int().meta({ description: "Customer and shared duties over the mapped resources." }),
    covered: z.number().int().meta({ description: "Duties some rule or imported finding covers (met, not met or unknown)." }),
    ratio: z.number().meta({ description: "covered / duties (1 when there are no duties)." }),
  })
  .meta({ description: "Evidence coverage: how much of what the customer owes is checked at all." });

export const ImportProblemSchema = z
  .strictObject({ source: z.string(), position: z.string(), message: z.string() })
  .meta({ description: "A record an importer could not understand (skipped; the rest imported)." });

export const CoverageSchema = z
  .strictObject({
    total: z.number().int(),
    mapped: z.number().int(),
    ratio: z.number(),
    unmapped: z.array(z.strictObject({ type: z.string(), typeSystem: TypeSystemSchema, count: z.number().int() })),
    mappedTypes: z.array(z.strictObject({ type: z.string(), typeSystem: TypeSystemSchema, service: z.string(), count: z.number().int() })),
    evidence: EvidenceCoverageSchema,
  })
  .meta({ description: "Which native types mapped to which service, and which did not: never a silent drop." });

export const ReportResourceSchema = z.strictObject({
  uid: z.string(),
  name: z.string().optional(),
  type: z.string(),
  typeSystem: TypeSystemSchema,
  provider: z.string(),
  account: z.string(),
  region: z.string().optional(),
  tags: z.record(z.string(), z.string()),
  source: ResourceSourceSchema,
  service: z.string().nullable(),
  model: ServiceModelIdSchema.nullable(),
  controls: z.array(
    z.strictObject({
      control: ControlIdSchema,
      owner: OwnerSchema,
      state: DutyStateSchema.optional().meta({ description: "Set on customer and shared duties only." }),
      evidence: z.array(EvidenceResultSchema).optional(),
    }),
  ),
});

export const ReportSchema = z
  .strictObject({
    generatedAt: z.string(),
    summary: z.strictObject({
      resources: z.number().int(),
      mapped: z.number().int(),
      services: z.number().int(),
      accounts: z.number().int(),
      evidence: EvidenceCountsSchema,
      problems: z.number().int(),
    }),
    coverage: CoverageSchema,
    byService: z.array(
      z.strictObject({
        service: z.string(),
        name: z.string(),
        model: ServiceModelIdSchema,
        provider: z.string(),
        resources: z.number().int(),
        customerControls: z.number().int(),
        sharedControls: z.number().int(),
        evidence: EvidenceCountsSchema,
      }),
    ),
    byAccount: z.array(
      z.strictObject({ provider: z.string(), account: z.string(), resources: z.number().int(), mapped: z.number().int(), evidence: EvidenceCountsSchema }),
    ),
    byControl: z.array(
      z.strictObject({ control: ControlIdSchema, title: z.string(), owners: z.partialRecord(OwnerSchema, z.number().int()), evidence: EvidenceCountsSchema }),
    ),
    services: z.record(z.string(), MatrixSchema),
    resources: z.array(ReportResourceSchema),
    problems: z.array(ImportProblemSchema),
    findings: FindingsSummarySchema.optional(),
    drift: DriftSchema.optional(),
    generator: z
      .strictObject({
        tool: z.string().meta({ description: "The cloud-srm version that wrote the report." }),
        catalog: z.string().meta({ description: 'The catalog joined against: "built-in" or "custom", "+ N overlay(s)", and a SHA-256 over the compiled catalog and overlay files.' }),
      })
      .optional()
      .meta({ description: "Which tool and catalog produced the report (set by the CLI)." }),
  })
  .meta({ title: "cloud-srm report" });

/**
 * One line of `cloud-srm report --format ndjson`, version 2: a resource, its
 * service and model, and the state of its duties. The service's control lists
 * are not repeated per resource (`cloud-srm matrix <service>` gives them once);
 * duties nothing covers are counted in `unchecked`, never dropped.
 */
export const JoinedRecordSchema = z
  .strictObject({
    v: z.literal(2).meta({ description: "Record version (2). Version 1 had no `v` and carried customer/shared control lists." }),
    uid: z.string(),
    type: z.string(),
    typeSystem: TypeSystemSchema,
    provider: z.string(),
    account: z.string(),
    region: z.string().optional(),
    name: z.string().optional(),
    service: z.string().nullable().meta({ description: "Catalog service id; null when the type maps to no service." }),
    model: ServiceModelIdSchema.nullable(),
    duties: z
      .record(ControlIdSchema, z.enum(["met", "not-met", "unknown"]))
      .meta({ description: "State of each customer or shared duty that some evidence covers (worst result wins)." }),
    unchecked: z.number().int().min(0).meta({ description: "How many of the service's customer and shared duties no evidence covers; their ids are in the service's matrix." }),
    evidence: z.array(
      z.strictObject({ control: ControlIdSchema, rule: NonEmptyText, status: EvidenceStatusSchema, detail: z.string().optional() }).meta({
        description: "One evidence rule evaluated on this resource (its title is in the service's matrix).",
      }),
    ),
  })
  .meta({ title: "cloud-srm joined resource (NDJSON), version 2" });
