// Report documents at 100k, 300k and 1M resources: JSON, CSV, OCSF and the OSCAL SSP and
// component definition (see render-scale.mjs for the sizes, the baseline and the env vars).
import { renderScale } from "./render-scale.mjs";

export const run = () => renderScale(["json", "csv", "ocsf", "oscal-ssp", "oscal-component"]);
