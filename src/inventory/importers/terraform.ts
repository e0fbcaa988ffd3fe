/**
 * Imports Terraform's view of a customer's infrastructure: a state file
 * (format version 4) or `terraform show -json` output of a state or a saved
 * plan. Which one is told from the document itself. Every managed resource
 * instance (count and for_each expanded, data sources left out) becomes one
 * Resource typed in the "terraform" type system, its attributes kept as
 * evidence with secrets redacted.
 */
import type { Importer, ImportOptions } from "../importer.js";
import { STREAM_THRESHOLD } from "../importer.js";
import { inputName, type InputSource } from "../input.js";
import { textChunks } from "./cloud-export/decode.js";
import { readStateV4Stream } from "./terraform/state-stream.js";
import type { Resource } from "../../types.js";
import { detectTerraformFormat } from "./terraform/detect.js";
import type { ReportProblem, TerraformInstance } from "./terraform/instance.js";
import { readShowJson } from "./terraform/show-json.js";
import { readStateV4 } from "./terraform/state-v4.js";
import { toResource, type SourceContext } from "./terraform/to-resource.js";
import { recordError } from "../record-error.js";

export const importTerraform: Importer = async function* (input: InputSource, options: ImportOptions = {}): AsyncGenerator<Resource> {
  const file = inputName(input);
  const report: ReportProblem = (position, message) => options.onProblem?.({ source: file, position, message });
  const now = () => (options.now ?? (() => new Date()))().toISOString();

  const threshold = options.streamThreshold ?? STREAM_THRESHOLD;
  let document: { text: string } | { chunks: AsyncGenerator<string> };
  try {
    document = await readOrStream(input, options.stdin, threshold);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    report("file", `cannot read the input${code ? ` (${code})` : ""}`);
    return;
  }
  if ("chunks" in document) {
    // Too long to hold: each resource is converted and emitted as it is read.
    yield* streamedResources(readStateV4Stream(document.chunks, threshold, report), { kind: "terraform-state", file, collectedAt: now() }, report);
    return;
  }
  const text = document.text;

  const format = detectTerraformFormat(text);
  let instances: Iterable<TerraformInstance>;
  let context: SourceContext;
  switch (format.kind) {
    case "invalid":
      report(`line ${format.line}`, format.message);
      return;
    case "state":
      if (format.version !== 4) {
        if (format.version !== undefined) {
          report("line 1", `unsupported Terraform state version ${JSON.stringify(format.version)}; only version 4 (Terraform 0.12 and later) is read — run \`terraform show -json\` with a current Terraform and import that`);
          return;
        }
        report("document", 'no "version" member; reading it as a version 4 state');
      }
      // A state file carries no time of its own (only a serial number).
      context = { kind: "terraform-state", file, collectedAt: now() };
      instances = readStateV4(text, report);
      break;
    case "show-state":
      if (!readableFormatVersion(format.formatVersion, report)) return;
      context = { kind: "terraform-show", file, collectedAt: now() };
      instances = readShowJson(text, "values", report);
      break;
    case "show-plan":
      if (!readableFormatVersion(format.formatVersion, report)) return;
      // Plans from Terraform 1.5 on carry `timestamp`, when the plan was made.
      context = { kind: "terraform-plan", file, collectedAt: isoTime(format.timestamp) ?? now() };
      instances = readShowJson(text, "planned_values", report);
      break;
  }
  const resources: Resource[] = [];
  for (const instance of instances) {
    // One record that cannot be converted (nested too deep, say) is reported; the others import.
    try {
      resources.push(toResource(instance, context));
    } catch (error) {
      report(instance.ref, recordError(error));
    }
  }
  yield* withInferredAccounts(resources);
};

/**
 * The whole input as text when it is at most `threshold` characters long;
 * otherwise the chunks (those already read first), to be read as a stream.
 */
async function readOrStream(input: InputSource, stdin: ImportOptions["stdin"], threshold: number): Promise<{ text: string } | { chunks: AsyncGenerator<string> }> {
  const chunks = textChunks(input, stdin);
  const parts: string[] = [];
  let length = 0;
  for (;;) {
    const next = await chunks.next();
    if (next.done) return { text: parts.join("") };
    parts.push(next.value);
    length += next.value.length;
    if (length > threshold) return { chunks: prepend(parts, chunks) };
  }
}

async function* prepend(parts: string[], rest: AsyncGenerator<string>): AsyncGenerator<string> {
  yield* parts.splice(0);
  yield* rest;
}

/**
 * Resources of a streamed state, emitted as they are read. Those without an
 * account wait for the end, when the accounts the others named are known
 * (withInferredAccounts' rule); only they are held in memory, at most
 * MAX_WAITING of them (then they are attributed with what is known so far).
 */
async function* streamedResources(instances: AsyncIterable<TerraformInstance>, context: SourceContext, report: ReportProblem): AsyncGenerator<Resource> {
  const accounts = new Map<string, Set<string>>();
  const waiting: Resource[] = [];
  for await (const instance of instances) {
    let resource: Resource;
    try {
      resource = toResource(instance, context);
    } catch (error) {
      report(instance.ref, recordError(error));
      continue;
    }
    if (resource.account.uid === "unknown") {
      waiting.push(resource);
      // Bounded: past MAX_WAITING they leave with what is known so far.
      if (waiting.length >= MAX_WAITING) yield* attributed(waiting.splice(0), accounts);
      continue;
    }
    const set = accounts.get(resource.provider) ?? new Set<string>();
    set.add(resource.account.uid);
    accounts.set(resource.provider, set);
    yield resource;
  }
  yield* attributed(waiting, accounts);
}

/** At most this many resources wait for their account in a streamed state. */
const MAX_WAITING = 10_000;

function* attributed(resources: Resource[], accounts: ReadonlyMap<string, ReadonlySet<string>>): Generator<Resource> {
  for (const resource of resources) {
    const known = accounts.get(resource.provider);
    yield known?.size === 1 ? { ...resource, account: { ...resource.account, uid: [...known][0]! } } : resource;
  }
}

/**
 * Many resources carry no account of their own (S3 bucket ARNs have none,
 * sub-resources have no ARN). When every resource of a provider in the same
 * state that does name an account names the same one, the others are in it
 * too: a state's provider configuration points at one account. With two or
 * more accounts in play nothing is guessed.
 */
function withInferredAccounts(resources: Resource[]): Resource[] {
  const accounts = new Map<string, Set<string>>();
  for (const r of resources) {
    if (r.account.uid === "unknown") continue;
    const set = accounts.get(r.provider) ?? new Set<string>();
    set.add(r.account.uid);
    accounts.set(r.provider, set);
  }
  return resources.map((r) => {
    const known = accounts.get(r.provider);
    if (r.account.uid !== "unknown" || !known || known.size !== 1) return r;
    return { ...r, account: { ...r.account, uid: [...known][0]! } };
  });
}

/**
 * `terraform show -json` promises backward-compatible additions within a
 * major format_version and asks consumers to reject other majors
 * (https://developer.hashicorp.com/terraform/internals/json-format).
 */
function readableFormatVersion(version: unknown, report: ReportProblem): boolean {
  if (version === undefined || (typeof version === "string" && /^(0|1)\./.test(version))) return true;
  report("line 1", `unsupported terraform show -json format_version ${JSON.stringify(version)}; versions 0.x and 1.x are read`);
  return false;
}

function isoTime(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? undefined : time.toISOString();
}
