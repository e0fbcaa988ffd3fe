import type { CellOverride, Matrix, MatrixRow, Service, ServiceModel } from "../types.js";
import type { Catalog } from "./catalog.js";

type Subject = { kind: "service"; service: Service } | { kind: "model"; model: ServiceModel };

/**
 * Layers model default -> service override -> overlays, field by field, for
 * every control. A row's `origin` is the last layer that set any field of it;
 * its `sources` list the most specific layer's documents first.
 */
export function resolveMatrix(catalog: Catalog, subject: Subject): Matrix {
  const model =
    subject.kind === "model" ? subject.model : (catalog.getModel(subject.service.model) as ServiceModel);
  const serviceCells = subject.kind === "service" ? (subject.service.cells ?? {}) : {};
  const overlayLayers = subject.kind === "service" ? catalog.overlayCells(subject.service.id) : [];

  const modelSources = defaultSources(model, subject.kind === "service" ? subject.service.provider : undefined);

  const rows: MatrixRow[] = catalog.controls.map((control) => {
    const base = model.cells[control.id];
    if (!base) throw new Error(`internal: model ${model.id} has no cell for ${control.id}`);
    let row: MatrixRow = {
      control: control.id,
      title: control.title,
      domain: control.domain,
      owner: base.owner,
      ...(base.party ? { party: base.party } : {}),
      provider: base.provider,
      customer: base.customer,
      ...(base.default ? { default: base.default } : {}),
      ...(base.verify ? { verify: base.verify } : {}),
      sources: [...(base.sources ?? modelSources)],
      ...(base.notes ? { notes: base.notes } : {}),
      origin: "model",
      frameworks: control.frameworks,
    };
    const serviceCell = serviceCells[control.id];
    // A service's citation replaces the model's generic ones; an overlay's is
    // added in front of what it refines.
    if (serviceCell) row = { ...layer(row, serviceCell, "service"), sources: [...(serviceCell.sources ?? [])] };
    for (const { overlay, cells } of overlayLayers) {
      const cell = cells[control.id];
      if (cell) row = { ...layer(row, cell, "overlay"), overlay: overlay.name };
    }
    return canonical(row);
  });

  const subjectInfo =
    subject.kind === "service"
      ? {
          kind: "service" as const,
          id: subject.service.id,
          name: subject.service.name,
          model: subject.service.model,
          provider: subject.service.provider,
        }
      : { kind: "model" as const, id: subject.model.id, name: subject.model.name, model: subject.model.id };
  return { subject: subjectInfo, rows };
}

function layer(row: MatrixRow, cell: CellOverride, origin: MatrixRow["origin"]): MatrixRow {
  const next: MatrixRow = { ...row, origin };
  if (cell.owner !== undefined) {
    next.owner = cell.owner;
    // A party only makes sense for the owner it was given with.
    if (cell.owner !== "third-party") delete next.party;
  }
  if (cell.party !== undefined) next.party = cell.party;
  if (cell.provider !== undefined) next.provider = cell.provider;
  if (cell.customer !== undefined) next.customer = cell.customer;
  if (cell.default !== undefined) next.default = cell.default;
  if (cell.verify !== undefined) next.verify = { ...row.verify, ...cell.verify };
  if (cell.notes !== undefined) next.notes = cell.notes;
  if (cell.mcsb !== undefined) next.mcsb = cell.mcsb;
  // Evidence rules accumulate: an overlay may add its own checks to a service's.
  if (cell.evidence !== undefined) next.evidence = [...(row.evidence ?? []), ...cell.evidence];
  if (cell.sources) next.sources = dedupe([...cell.sources, ...row.sources]);
  return next;
}

function dedupe(values: string[]): string[] {
  return [...new Set(values)];
}

/** The model's sources for one provider (or every provider's, for a model matrix). */
function defaultSources(model: ServiceModel, provider: string | undefined): string[] {
  const sources = model.sources ?? {};
  if (provider === undefined) return dedupe(Object.values(sources).flat());
  return [...(sources[provider] ?? sources["*"] ?? [])];
}

/** Every MatrixRow field, in output order (a test keeps it equal to MatrixRowSchema). */
export const ROW_KEYS: readonly (keyof MatrixRow)[] = [
  "control", "title", "domain", "owner", "party", "provider", "customer", "default", "verify",
  "sources", "notes", "mcsb", "evidence", "origin", "overlay", "frameworks",
];

/** The row with its keys in one fixed order, whichever layers set them (stable JSON for people and diffs). */
function canonical(row: MatrixRow): MatrixRow {
  const out: Record<string, unknown> = {};
  for (const key of ROW_KEYS) if (row[key] !== undefined) out[key] = row[key];
  return out as MatrixRow;
}
