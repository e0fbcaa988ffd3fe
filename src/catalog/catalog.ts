import { CloudSrmError } from "../errors.js";
import { configTypeAliases } from "./config-types.js";
import type {
  CellOverride,
  CompiledCatalog,
  Control,
  FindingMapping,
  Matrix,
  Service,
  ServiceModel,
  ServiceModelId,
  TagPolicy,
  TypeSystem,
} from "../types.js";
import { resolveMatrix } from "./resolve.js";
import { suggest } from "./suggest.js";
import { detectTypeSystem, typeKey } from "./type-system.js";
import { TYPE_SYSTEM_LIST } from "./type-systems.js";

/** Cells an overlay sets on one service, kept apart so rows can say which layer decided them. */
export interface OverlayLayer {
  /** The overlay's name (its `overlay:` field). */
  name: string;
  /** The file it was read from, when it came from a file. */
  file?: string;
  /** Cells per service id. */
  cells: ReadonlyMap<string, Readonly<Record<string, CellOverride>>>;
  /** Policies from tags the overlay declares (in file order). */
  policies?: readonly TagPolicy[];
}

/** A policy from tags and the overlay that declared it. */
export interface OverlayPolicy {
  overlay: string;
  policy: TagPolicy;
}

/**
 * The responsibility catalog: controls, service models, services and the
 * native type index, with any user overlays layered on top. Immutable; build
 * one with `builtinCatalog()` or `loadCatalog()`.
 */
export class Catalog {
  /** Every control, in taxonomy order (physical first, resilience last). */
  readonly controls: readonly Control[];
  /** The four service models, in iaas, paas, faas, saas order. */
  readonly models: readonly ServiceModel[];
  /** Every service (built-in and overlay-added), sorted by id. */
  readonly services: readonly Service[];
  /** Overlay layers in the order they apply. */
  readonly overlays: readonly OverlayLayer[];
  /** Every overlay's policies from tags, in overlay order (evaluated by the join). */
  readonly policies: readonly OverlayPolicy[];
  /** Each tool's check ids mapped to control ids (catalog/findings/), for imported findings. */
  readonly findingMappings: readonly FindingMapping[];

  readonly #controls: Map<string, Control>;
  readonly #models: Map<string, ServiceModel>;
  readonly #services: Map<string, Service>;
  readonly #types = new Map<string, Service>();
  readonly #variants = new Map<string, Service[]>();

  constructor(data: CompiledCatalog, overlays: readonly OverlayLayer[] = []) {
    this.controls = data.controls;
    this.models = data.models;
    this.services = [...data.services].sort((a, b) => compare(a.id, b.id));
    this.overlays = overlays;
    this.policies = overlays.flatMap((o) => (o.policies ?? []).map((policy) => ({ overlay: o.name, policy })));
    this.findingMappings = data.findingMappings ?? [];
    this.#controls = new Map(this.controls.map((c) => [c.id, c]));
    this.#models = new Map(this.models.map((m) => [m.id, m]));
    this.#services = new Map(this.services.map((s) => [s.id, s]));
    for (const service of this.services) {
      for (const system of TYPE_SYSTEM_LIST) {
        for (const type of service.types?.[system] ?? []) this.#types.set(typeKey(system, type), service);
      }
      if (service.variantOf) {
        const list = this.#variants.get(service.variantOf.service) ?? [];
        list.push(service);
        this.#variants.set(service.variantOf.service, list);
      }
    }
  }

  /** The control with this id, or undefined. */
  getControl(id: string): Control | undefined {
    return this.#controls.get(id);
  }

  /** The service model with this id (iaas, paas, faas, saas), or undefined. */
  getModel(id: string): ServiceModel | undefined {
    return this.#models.get(id);
  }

  /** The service with this id (e.g. `aws.rds`), or undefined. */
  getService(id: string): Service | undefined {
    return this.#services.get(id);
  }

  /**
   * The service a native resource type belongs to, e.g. `AWS::RDS::DBInstance`,
   * `rds:db`, `aws_db_instance`, `Microsoft.Compute/virtualMachines` or
   * `compute.googleapis.com/Instance`. The type system is detected from the
   * type's shape unless given. ARM types match case-insensitively.
   */
  findServiceByType(type: string, system?: TypeSystem): Service | undefined {
    const detected = system ?? detectTypeSystem(type);
    if (!detected) return undefined;
    const direct = this.#types.get(typeKey(detected, type));
    if (direct || detected !== "cloudformation") return direct;
    // AWS Config names some types differently from CloudFormation (AWS::OpenSearch::Domain) or
    // has types CloudFormation lacks (snapshots, account settings): their service via the alias table.
    for (const alias of configTypeAliases(type)) {
      const service = this.#types.get(typeKey("cloudformation", alias));
      if (service) return service;
    }
    return undefined;
  }

  /**
   * The service a concrete resource belongs to: its type's service, or a
   * variant of it (ECS on Fargate, GKE Autopilot...) when the resource's
   * attributes match one of the variant's tests.
   */
  findServiceForResource(type: string, attributes?: unknown, system?: TypeSystem): Service | undefined {
    const base = this.findServiceByType(type, system);
    return base && this.variantFor(base, attributes);
  }

  /** The variant of `base` whose tests match these attributes, or `base` itself. */
  variantFor(base: Service, attributes: unknown): Service {
    const variants = this.#variants.get(base.id);
    if (!variants || attributes === undefined || attributes === null) return base;
    for (const variant of variants) {
      if (variant.variantOf!.when.some((test) => readPath(attributes, test.path) === test.equals)) return variant;
    }
    return base;
  }

  /** Variants declared for a service (e.g. aws.ecs-fargate for aws.ecs). */
  variantsOf(serviceId: string): readonly Service[] {
    return this.#variants.get(serviceId) ?? [];
  }

  /** Cells the overlays set on a service, in the order they apply. */
  overlayCells(serviceId: string): { overlay: OverlayLayer; cells: Readonly<Record<string, CellOverride>> }[] {
    const layers = [];
    for (const overlay of this.overlays) {
      const cells = overlay.cells.get(serviceId);
      if (cells) layers.push({ overlay, cells });
    }
    return layers;
  }

  /**
   * The responsibility matrix of a service (`aws.rds`) or a service model
   * (`paas`): one row per control, with the provenance of each row.
   * @throws CloudSrmError with code `UNKNOWN_ID` (and a suggestion) if the id is unknown.
   */
  resolve(id: string): Matrix {
    const service = this.#services.get(id);
    if (service) return resolveMatrix(this, { kind: "service", service });
    const model = this.#models.get(id);
    if (model) return resolveMatrix(this, { kind: "model", model });
    const hint = suggest(id, [...this.#services.keys(), ...this.#models.keys()]);
    throw new CloudSrmError(
      "UNKNOWN_ID",
      `unknown service or model "${id}"${hint ? ` (did you mean "${hint}"?)` : ""}; run "cloud-srm catalog list" to see them`,
    );
  }

  /** Services of one service model. */
  servicesOfModel(model: ServiceModelId): Service[] {
    return this.services.filter((s) => s.model === model);
  }
}

const splitPaths = new Map<string, string[]>();

/** Reads a dotted path (`autopilot.enabled`) from a plain object. */
export function readPath(value: unknown, path: string): unknown {
  let segments = splitPaths.get(path);
  if (!segments) {
    segments = path.split(".");
    splitPaths.set(path, segments);
  }
  let current = value;
  for (const segment of segments) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
