/**
 * Which entities ingestion keeps: `ingest.include` (empty: everything) and `ingest.exclude`, each
 * by domain, exact entity id, or glob (`sensor.*_battery`). Exclude wins over include.
 */
import picomatch from 'picomatch';
import { domainOf } from '../../events/model.js';

export interface FilterSpec {
  readonly domains?: readonly string[];
  readonly entities?: readonly string[];
  readonly entity_globs?: readonly string[];
}

export type EntityFilter = (entityId: string) => boolean;

function matcher(spec: FilterSpec | undefined): EntityFilter | null {
  const domains = new Set(spec?.domains ?? []);
  const entities = new Set(spec?.entities ?? []);
  const globs = spec?.entity_globs ?? [];
  if (domains.size === 0 && entities.size === 0 && globs.length === 0) return null;
  const glob = globs.length > 0 ? picomatch([...globs]) : () => false;
  return (entityId) => entities.has(entityId) || domains.has(domainOf(entityId)) || glob(entityId);
}

export function entityFilter(include: FilterSpec | undefined, exclude: FilterSpec | undefined): EntityFilter {
  const included = matcher(include);
  const excluded = matcher(exclude);
  if (included === null && excluded === null) return () => true;
  // Decisions are cached: the same few hundred entities are asked about all day.
  const cache = new Map<string, boolean>();
  return (entityId) => {
    let keep = cache.get(entityId);
    if (keep === undefined) {
      keep = (included === null || included(entityId)) && !(excluded !== null && excluded(entityId));
      if (cache.size >= 100_000) cache.clear();
      cache.set(entityId, keep);
    }
    return keep;
  };
}
