import type { z } from "zod";
import type {
  CellOverrideSchema,
  CellSchema,
  CompiledCatalogSchema,
  ControlSchema,
  FrameworkMappingSchema,
  MatrixRowSchema,
  MatrixSchema,
  MatrixSubjectSchema,
  NativeTypesSchema,
  OverlaySchema,
  TagPolicySchema,
  TagConditionSchema,
  ServiceModelSchema,
  ServicePatchSchema,
  ServiceSchema,
  VerifySchema,
  EvidenceRuleSchema,
  EvidenceCheckSchema,
  ResourceSchema,
  ReportSchema,
  ReportResourceSchema,
  CoverageSchema,
  EvidenceResultSchema,
  EvidenceCountsSchema,
  FindingsSummarySchema,
  DriftSchema,
  FindingMappingSchema,
  DutyStateSchema,
  EvidenceCoverageSchema,
  ImportProblemSchema,
  JoinedRecordSchema,
  RunRecordSchema,
  AccountSchema,
  ResourceSourceSchema,
} from "./schema/index.js";
import type { DOMAINS } from "./schema/control.js";
import type { FRAMEWORKS, OWNERS, SECURE_DEFAULTS, SERVICE_MODELS, TYPE_SYSTEMS } from "./schema/common.js";

// Types are inferred from the zod schemas (type-only imports: no runtime cost).

/** provider | customer | shared | not-applicable | third-party */
export type Owner = (typeof OWNERS)[number];
/** on | off | n/a */
export type SecureDefault = (typeof SECURE_DEFAULTS)[number];
/** iaas | paas | faas | saas */
export type ServiceModelId = (typeof SERVICE_MODELS)[number];
/** cloudformation | arn | terraform | arm | gcp-asset */
export type TypeSystem = (typeof TYPE_SYSTEMS)[number];
/** nist-800-53 | ccm | cis | iso27001 | soc2 | pci | mcsb */
export type Framework = (typeof FRAMEWORKS)[number];
export type Domain = (typeof DOMAINS)[number];

export type Verify = z.infer<typeof VerifySchema>;
export type Cell = z.infer<typeof CellSchema>;
export type CellOverride = z.infer<typeof CellOverrideSchema>;
export type FrameworkMapping = z.infer<typeof FrameworkMappingSchema>;
export type Control = z.infer<typeof ControlSchema>;
export type ServiceModel = z.infer<typeof ServiceModelSchema>;
export type NativeTypes = z.infer<typeof NativeTypesSchema>;
export type Service = z.infer<typeof ServiceSchema>;
export type ServicePatch = z.infer<typeof ServicePatchSchema>;
export type Overlay = z.infer<typeof OverlaySchema>;
/** A policy from tags in an overlay (raises a duty or requires tags on matching resources). */
export type TagPolicy = z.infer<typeof TagPolicySchema>;
export type TagCondition = z.infer<typeof TagConditionSchema>;
export type MatrixRow = z.infer<typeof MatrixRowSchema>;
export type MatrixSubject = z.infer<typeof MatrixSubjectSchema>;
export type Matrix = z.infer<typeof MatrixSchema>;
export type CompiledCatalog = z.infer<typeof CompiledCatalogSchema>;
export type Resource = z.infer<typeof ResourceSchema>;
export type Account = z.infer<typeof AccountSchema>;
export type ResourceSource = z.infer<typeof ResourceSourceSchema>;
export type EvidenceRule = z.infer<typeof EvidenceRuleSchema>;
export type EvidenceCheck = z.infer<typeof EvidenceCheckSchema>;
export type Report = z.infer<typeof ReportSchema>;
export type ReportResource = z.infer<typeof ReportResourceSchema>;
export type Coverage = z.infer<typeof CoverageSchema>;
export type EvidenceResult = z.infer<typeof EvidenceResultSchema>;
export type EvidenceCounts = z.infer<typeof EvidenceCountsSchema>;
export type EvidenceStatus = EvidenceResult["status"];
/** met | not-met | unknown | unchecked */
export type DutyState = z.infer<typeof DutyStateSchema>;
export type EvidenceCoverage = z.infer<typeof EvidenceCoverageSchema>;
export type FindingsSummary = z.infer<typeof FindingsSummarySchema>;
/** What changed since a baseline report (`report --baseline`). */
export type Drift = z.infer<typeof DriftSchema>;
export type FindingMapping = z.infer<typeof FindingMappingSchema>;
export type ImportProblem = z.infer<typeof ImportProblemSchema>;
export type JoinedRecord = z.infer<typeof JoinedRecordSchema>;
/** What `--meta FILE` writes: the tool and catalog versions and the run's completeness. */
export type RunRecord = z.infer<typeof RunRecordSchema>;
export type ServiceSummary = Report["byService"][number];
export type AccountSummary = Report["byAccount"][number];
export type ControlSummary = Report["byControl"][number];
