/** OSCAL documents: SSP fragments (provider and leveraging side) and component definitions. */
export { matricesSsp, reportSsp, reportSspChunks, providedUuid, responsibilityUuid } from "./ssp.js";
export { componentDefinition } from "./component-definition.js";
export { OSCAL_VERSIONS, NIST_800_53_CATALOG, type OscalOptions, type OscalVersion } from "./common.js";
export { CLOUD_SRM_NS, FEDRAMP_NS, CONTROL_ORIGINATIONS, controlOriginations, type ControlOrigination, type Perspective } from "./props.js";
export { uuidV5, oscalUuid, CLOUD_SRM_UUID_NAMESPACE } from "./uuid.js";
export { assessmentResults, assessmentResultsChunks, assessmentResultsUuid, reportAssessmentResults, RELATED_OBSERVATIONS_PER_FINDING } from "./assessment-results.js";
export { inventoryItemUuid, observationUuid, OBSERVATIONS_CITED_PER_STATE } from "./evidence-links.js";
