/** `homerhythm retention`: delete what each layer holds beyond its retention, recorded as a run. */
import type { RetentionResult, Storage } from '../storage/types.js';

export async function enforceRetention(storage: Storage, now: number): Promise<RetentionResult> {
  const runId = storage.runs.start('retention', new Date(now).toISOString().slice(0, 10), Date.now());
  try {
    const result = await storage.enforceRetention(now);
    storage.runs.finish(runId, 'success', { ...result }, Date.now());
    return result;
  } catch (e) {
    storage.runs.fail(runId, (e as Error).message, Date.now());
    throw e;
  }
}
