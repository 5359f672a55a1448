/**
 * A short-lived cache of aggregate answers. Layers 2/3 change only when a job commits (a few times
 * a day) while dashboards ask the same questions again and again, so an answer is kept for
 * `ttlMs` (default 1 s, the time the product allows between an event and its visibility in the
 * API). Concurrent misses for one key share one computation; failures are not kept.
 */
export const DEFAULT_ANSWER_TTL_MS = 1000;
const DEFAULT_MAX_ENTRIES = 256;

export class AnswerCache<T> {
  private readonly entries = new Map<string, { readonly at: number; readonly value: Promise<T> }>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  /** `now` is a monotonic clock in ms (not the API's injectable wall clock). */
  constructor(ttlMs: number, options: { maxEntries?: number; now?: () => number } = {}) {
    this.ttlMs = ttlMs;
    this.maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
    this.now = options.now ?? (() => performance.now());
  }

  get(key: string, compute: () => Promise<T>): Promise<T> {
    if (this.ttlMs <= 0) return compute();
    const now = this.now();
    const hit = this.entries.get(key);
    if (hit !== undefined && now - hit.at < this.ttlMs) return hit.value;
    this.entries.delete(key);
    // Oldest first out: a Map iterates in insertion order.
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    const value = compute();
    this.entries.set(key, { at: now, value });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    return value;
  }

  /** Forgets everything (after a write through the API). */
  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
