/**
 * A Terraform state read as it arrives (streamJsonRecords): for states too
 * large to hold as one string. Each element of `resources` becomes its
 * instances as soon as it is read, exactly as readStateV4 makes them.
 * `terraform show -json` output is not streamed (its resources sit in nested
 * modules): a document that large is refused with its reason.
 */
import { streamJsonRecords } from "../../json-stream.js";
import { describeJsonError } from "./json-text.js";
import type { ReportProblem, TerraformInstance } from "./instance.js";
import { instancesOf } from "./state-v4.js";

const SHOW_JSON_MEMBERS = new Set(["format_version", "values", "planned_values", "resource_changes"]);

export async function* readStateV4Stream(chunks: AsyncIterable<string>, threshold: number, report: ReportProblem): AsyncGenerator<TerraformInstance> {
  let version: unknown;
  let found = false;
  for await (const event of streamJsonRecords(chunks, (key) => key === "resources")) {
    switch (event.kind) {
      case "member":
        if (SHOW_JSON_MEMBERS.has(event.key) && !found) {
          report("document", `\`terraform show -json\` output of more than ${Math.round(threshold / 2 ** 20)} MiB is not read record by record; import the state itself (\`terraform state pull > state.tfstate\`), which is`);
          return;
        }
        break;
      case "scalar":
        if (event.key === "version") {
          version = event.value;
          if (version !== 4) {
            report("line 1", `unsupported Terraform state version ${JSON.stringify(version)}; only version 4 (Terraform 0.12 and later) is read — run \`terraform show -json\` with a current Terraform and import that`);
            return;
          }
        }
        break;
      case "array":
        found = true;
        break;
      case "element":
        yield* instancesOf(event.value, `resources[${event.index}] (line ${event.line})`, report);
        break;
      case "element-error":
        report(`resources[${event.index}] (line ${event.line})`, describeJsonError(event.error).message);
        break;
      case "problem":
        report(`line ${event.line}`, event.message);
        break;
    }
  }
  if (version === undefined) report("document", 'no "version" member; reading it as a version 4 state');
  if (!found) report("document", 'no "resources" array; expected a Terraform state (terraform.tfstate)');
}
