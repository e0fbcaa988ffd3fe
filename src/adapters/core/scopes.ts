/**
 * Scope bookkeeping: every scope a run is expected to read is named up front
 * (or as soon as it is discovered) and ends with a status, so the result can
 * say which subscriptions, accounts or projects were read and which were not.
 * Errors are kept per scope with the operation and the service's code, their
 * messages scrubbed of secrets.
 */
import { classify } from "./retry.js";
import type { Scrubber } from "./scrub.js";
import type { ScopeError, ScopeStatus, ScopeSummary } from "./types.js";

export interface ExpectScope {
  id: string;
  kind: string;
  name?: string | undefined;
  parent?: string | undefined;
}

export class ScopeBook<E extends ScopeError = ScopeError, S extends ScopeSummary = ScopeSummary> {
  readonly #scopes = new Map<string, S>();
  readonly errors: E[] = [];
  /** Scopes that reached a final status. */
  done = 0;

  constructor(readonly scrubber: Scrubber) {}

  /** Names a scope the run must account for (again: keeps the first, fills in a missing name). */
  expect(scope: ExpectScope): S {
    let summary = this.#scopes.get(scope.id);
    if (!summary) {
      summary = { id: scope.id, kind: scope.kind, ...(scope.name ? { name: scope.name } : {}), ...(scope.parent ? { parent: scope.parent } : {}), status: "pending", resources: 0 } as S;
      this.#scopes.set(scope.id, summary);
    } else if (scope.name && !summary.name) summary.name = scope.name;
    return summary;
  }

  get(id: string): S | undefined {
    return this.#scopes.get(id);
  }

  has(id: string): boolean {
    return this.#scopes.has(id);
  }

  get size(): number {
    return this.#scopes.size;
  }

  /** Sets a final status (a failed scope stays failed: a later success of another step does not hide it). */
  settle(id: string, status: Exclude<ScopeStatus, "pending">, reason?: string): void {
    const summary = this.#scopes.get(id) ?? this.expect({ id, kind: "scope" });
    if (summary.status === "pending") this.done++;
    if (summary.status === "failed" && status === "read") return;
    summary.status = status;
    if (reason) summary.reason = this.scrubber.text(reason);
  }

  read(id: string): void {
    this.settle(id, "read");
  }

  skip(id: string, reason: string): void {
    this.settle(id, "skipped", reason);
  }

  notVisible(id: string, reason: string): void {
    this.settle(id, "not-visible", reason);
  }

  /** Adds a note to a scope that is not an error (e.g. a slower fallback was used). */
  note(id: string, note: string): void {
    const summary = this.#scopes.get(id);
    if (summary) summary.reason = this.scrubber.text(note);
  }

  /**
   * Records a failed call for a scope and marks the scope failed. `where` is
   * the human name of the scope for the message ("subscription 0000...",
   * "account 1234 region eu-west-1"); `extra` adds adapter fields to the error;
   * `hint` (what to do about it) ends the message in parentheses.
   */
  fail(id: string, operation: string, error: unknown, where: string, extra?: Omit<E, keyof ScopeError>, hint?: string): E {
    const { code } = classify(error);
    const message = `${where}: ${operation} failed: ${this.scrubber.describe(error, code)}${hint ? ` (${hint})` : ""}`;
    const entry = { ...(extra ?? {}), scope: id, operation, code, message } as E;
    this.errors.push(entry);
    if (this.#scopes.has(id)) this.settle(id, "failed");
    return entry;
  }

  /** Counts a resource for its scope (and the scope's parent). */
  count(id: string): void {
    const summary = this.#scopes.get(id);
    if (!summary) return;
    summary.resources++;
    if (summary.parent) {
      const parent = this.#scopes.get(summary.parent);
      if (parent) parent.resources++;
    }
  }

  /** Every scope, in the order they were expected. */
  list(): S[] {
    return [...this.#scopes.values()].map((s) => ({ ...s }));
  }
}
