// Types of evidence-tables.mjs, for the tests that import it.
interface CatalogData {
  services: readonly { id: string; provider: string; types?: Record<string, readonly string[]>; cells?: Record<string, unknown> }[];
}
export interface GoalRow {
  id: string;
  share: number;
  duties: string[];
  unassessed: string[];
  visible: { native: number; terraform: number };
  covered: { native: number; terraform: number };
  missing: string[];
  extra: string[];
}
export type Goal = Map<string, Map<string, { native: string | null; terraform: string | null; note: string }>>;
export function rulesTable(catalog: CatalogData): string;
export function goalTable(catalog: CatalogData, goal?: Goal): string;
export function goalRows(catalog: CatalogData, goal?: Goal): GoalRow[];
export function readGoal(): Goal;
export function mostUsedServices(catalog: CatalogData, n?: number): { id: string; share: number }[];
