// Report documents at 100k, 300k and 1M resources: Markdown, HTML, XLSX and OSCAL assessment
// results, measured the same way as render.bench.mjs (see render-scale.mjs).
import { renderScale } from "./render-scale.mjs";

export const run = () => renderScale(["md", "html", "xlsx", "oscal-ar"]);
