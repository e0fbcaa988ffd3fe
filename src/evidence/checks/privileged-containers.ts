import { asList, asRecord, met, notMet, unknown, type TestResult } from "../result.js";

/**
 * No container of a Kubernetes workload runs privileged. Reads Cloud Asset Kubernetes objects:
 * a Pod's `spec.containers[]` / `spec.initContainers[]`, and a controller's
 * `spec.template.spec` (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job). The object is the
 * whole spec, and `securityContext.privileged` defaults to false in Kubernetes, so a container
 * without it is not privileged; a workload whose spec lists no containers is unknown.
 */
export function noPrivilegedContainers(attributes: Record<string, unknown>): TestResult {
  const containers = containersOf(attributes);
  if (containers === undefined) return unknown("the source does not show the workload's containers");
  const privileged = containers.filter((c) => asRecord(c.securityContext)?.privileged === true).map((c) => String(c.name ?? "?"));
  return privileged.length ? notMet(`privileged container(s): ${privileged.join(", ")}`) : met(`${containers.length} container(s), none privileged`);
}

/** The containers of a Pod spec or a controller's pod template; undefined when there are none to see. */
export function containersOf(attributes: Record<string, unknown>): Record<string, unknown>[] | undefined {
  const spec = asRecord(attributes.spec);
  const podSpec = asRecord(asRecord(spec?.template)?.spec) ?? spec;
  if (!podSpec || !Array.isArray(podSpec.containers) || podSpec.containers.length === 0) return undefined;
  return [...asList(podSpec.containers), ...asList(podSpec.initContainers)].map((c) => asRecord(c) ?? {});
}
