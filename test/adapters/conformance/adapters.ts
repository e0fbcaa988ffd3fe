/** Every adapter the conformance suite runs against: add one entry per adapter. */
import { awsHarness } from "./aws.js";
import { gcpHarness } from "./gcp.js";
import type { Harness } from "./harness.js";

export const HARNESSES: Harness[] = [awsHarness, gcpHarness];
