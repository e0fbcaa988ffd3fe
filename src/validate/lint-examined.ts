import type { Problem } from "../errors.js";
import type { Service, ServiceModel } from "../types.js";
import type { SourceFile } from "./source-file.js";

/** The two kinds of unexamined cell the lints look for. */
export type PendingKind = "noDefault" | "inherited";
export const PENDING_KINDS: readonly PendingKind[] = ["noDefault", "inherited"];

/** Pairs waiting to be examined: kind -> service id -> control ids. */
export type Backlog = Partial<Record<PendingKind, Record<string, string[]>>>;

/** How many pairs the backlog lets through, per kind, and over how many services. */
export interface BacklogCounts {
  noDefault: number;
  inherited: number;
  services: number;
}

/**
 * What a service still leaves unexamined, before any backlog is applied:
 *
 * - `noDefault`: a cell whose resolved owner is customer or shared states no
 *   `default` (on, off, or n/a where nothing is configurable). The customer's
 *   first question about a duty is "is it already done for me?";
 * - `inherited`: a cell the service takes from its model without listing it
 *   under `confirmed` or overriding it with a citation. A model line is a
 *   starting point, and silent inheritance is how false cells got in.
 */
export function pendingPairs(
  service: Pick<Service, "cells" | "confirmed">,
  model: Pick<ServiceModel, "cells">,
  controlIds: Iterable<string>,
): Record<PendingKind, string[]> {
  const confirmed = new Set(service.confirmed ?? []);
  const noDefault: string[] = [];
  const inherited: string[] = [];
  for (const id of controlIds) {
    const own = service.cells?.[id];
    const base = model.cells[id];
    const owner = own?.owner ?? base?.owner;
    const stated = own?.default ?? base?.default;
    if ((owner === "customer" || owner === "shared") && stated === undefined) noDefault.push(id);
    if (!own && !confirmed.has(id)) inherited.push(id);
  }
  return { noDefault, inherited };
}

const FIX: Record<PendingKind, (control: string, model: string) => string> = {
  noDefault: (control) =>
    `control "${control}" is customer or shared but states no default: add default: "on" | "off" (or "n/a" where nothing is configurable) under cells.${control}, with a citation`,
  inherited: (control, model) =>
    `control "${control}" is inherited from the ${model} model unexamined: list it under confirmed if the model cell holds for this service, or override it under cells with a citation`,
};

/**
 * Reports a service's pending pairs that its backlog entries do not cover.
 * Returns the problems and the backlog entries that were used, so the caller
 * can report stale ones. A pair is located at its cell, its confirmed entry,
 * or else the service id.
 */
export function lintExamined(
  service: Pick<Service, "id" | "model" | "cells" | "confirmed">,
  model: Pick<ServiceModel, "cells">,
  controlIds: Iterable<string>,
  source: SourceFile,
  backlog: Backlog,
): { problems: Problem[]; used: Record<PendingKind, Set<string>> } {
  const pending = pendingPairs(service, model, controlIds);
  const problems: Problem[] = [];
  const used = { noDefault: new Set<string>(), inherited: new Set<string>() };
  for (const kind of PENDING_KINDS) {
    const allowed = new Set(backlog[kind]?.[service.id] ?? []);
    for (const control of pending[kind]) {
      if (allowed.has(control)) {
        used[kind].add(control);
        continue;
      }
      const confirmedAt = (service.confirmed ?? []).indexOf(control);
      const path = service.cells?.[control] ? ["cells", control] : confirmedAt >= 0 ? ["confirmed", confirmedAt] : ["id"];
      problems.push(source.problemAt(path, FIX[kind](control, service.model), { key: path[0] === "cells" }));
    }
  }
  return { problems, used };
}

/**
 * Backlog entries that name no service or control of the catalog, or that no
 * longer violate (the cell was fixed): both must be removed, so the backlog only
 * shrinks. `used` holds, per kind, "service control" strings that did violate.
 */
export function lintBacklogEntries(
  backlog: Backlog,
  source: SourceFile,
  serviceIds: ReadonlySet<string>,
  controlIds: ReadonlySet<string>,
  used: Record<PendingKind, Set<string>>,
): Problem[] {
  const problems: Problem[] = [];
  for (const kind of PENDING_KINDS) {
    for (const [service, controls] of Object.entries(backlog[kind] ?? {})) {
      if (!serviceIds.has(service)) {
        problems.push(source.problemAt([kind, service], `unknown service "${service}"; remove it from the backlog`, { key: true }));
        continue;
      }
      controls.forEach((control, index) => {
        const at = [kind, service, index];
        if (!controlIds.has(control)) problems.push(source.problemAt(at, `unknown control id "${control}"`));
        else if (!used[kind].has(`${service} ${control}`)) {
          problems.push(source.problemAt(at, `${service} ${control} no longer needs this entry (fixed): remove it; the backlog may only shrink (cloud-srm catalog lint --prune)`));
        }
      });
    }
  }
  return problems;
}

/** Pairs in a backlog, per kind, and the number of services with any. */
export function countBacklog(backlog: Backlog): BacklogCounts {
  const services = new Set<string>();
  const count = (kind: PendingKind) =>
    Object.entries(backlog[kind] ?? {}).reduce((n, [service, list]) => {
      if (list.length) services.add(service);
      return n + list.length;
    }, 0);
  const noDefault = count("noDefault");
  const inherited = count("inherited");
  return { noDefault, inherited, services: services.size };
}

/** The backlog as YAML: sorted, one flow list per service, with its header. */
export function formatBacklog(backlog: Backlog): string {
  let out =
    "# The (service, control) pairs of the built-in catalog not yet examined: customer or shared\n" +
    "# cells that state no default (noDefault), and cells inherited from the model that are neither\n" +
    "# confirmed nor overridden with a citation (inherited). The catalog lints let these pass and\n" +
    "# fail every other violation. This file may only shrink: an entry whose cell was fixed is a\n" +
    "# problem until it is removed (cloud-srm catalog lint --prune removes them). New services never\n" +
    "# go here. See docs/catalog.md.\n";
  for (const kind of PENDING_KINDS) {
    const entries = Object.entries(backlog[kind] ?? {})
      .filter(([, list]) => list.length > 0)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    out += `${kind}:${entries.length ? "" : " {}"}\n`;
    for (const [service, list] of entries) out += `  ${service}: [${[...list].sort().join(", ")}]\n`;
  }
  return out;
}
