/**
 * Overrides as a day's scan meets them: an automation switches an entity (on or off), and the
 * entity's next change is a person's switching it back. Every automated change of the day is
 * kept, undone or not, so the reader can say "on 6 of its last 9 runs"; how soon counts as an
 * override is the reader's setting (overrides.ts), not the scan's.
 */
import type { EventCause } from '../events/model.js';

export interface Override {
  readonly entityId: string;
  /** The `automation.*` entity that made the change; null when its run was not seen. */
  readonly automation: string | null;
  /** What the automation did: switched the entity on (true) or off (false). */
  readonly on: boolean;
  readonly time: number;
  /** How long after it a person switched the entity back; null: nobody did before its next change or the day's end. */
  readonly undoneAfterMs: number | null;
}

interface Pending {
  readonly automation: string | null;
  readonly on: boolean;
  readonly time: number;
}

export class OverrideTracker {
  private readonly pending = new Map<string, Pending>();
  private readonly done: Override[] = [];

  /**
   * A transition of an entity (`on`: it became active), with its cause. Only a change within the
   * day opens a run (one in the look-back belongs to the day before); any change closes the run
   * before it.
   */
  change(entityId: string, time: number, on: boolean, cause: EventCause, automation: string | null, inDay: boolean): void {
    const open = this.pending.get(entityId);
    if (open !== undefined) {
      this.pending.delete(entityId);
      // transitions alternate, so the next one is always back: undone when a person made it
      this.done.push({ entityId, ...open, undoneAfterMs: cause === 'person' ? time - open.time : null });
    }
    if (cause === 'automation' && inDay) this.pending.set(entityId, { automation, on, time });
  }

  /** Every automated change of the day, in time order. */
  finish(): Override[] {
    for (const [entityId, open] of this.pending) this.done.push({ entityId, ...open, undoneAfterMs: null });
    this.pending.clear();
    return this.done.sort((a, b) => a.time - b.time || a.entityId.localeCompare(b.entityId));
  }
}
