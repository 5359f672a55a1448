/**
 * Which of Home Assistant's automations caused a change. Layer 1 keeps each change's cause
 * (`person`, `automation`, `system`) but not HA's context ids, so the automation is found the way
 * its own entity tells it: when an automation runs, HA writes its `automation.*` state with
 * `last_triggered` set to that moment, and the run's actions follow within the same second or so.
 *
 * - A change caused by an automation (its context has a parent) is that of the automation whose
 *   run started last, within `AUTOMATION_LINK_MS` before it; none started then: an automation,
 *   name unknown.
 * - A change with no cause (`system`) within `SYSTEM_LINK_MS` of a run's start is that
 *   automation's too: HA gives the actions of a clock- or sun-triggered automation a context
 *   without a parent, so its changes arrive as `system`. The short window keeps the unrelated
 *   system changes out.
 * - A person's change stays a person's.
 */
import type { EventCause, StateEvent } from '../events/model.js';

/** How long after its run started an automation's action is still linked to it (its actions may wait a little). */
export const AUTOMATION_LINK_MS = 60_000;
/** How close to a run's start a change without cause must be to count as that run's. */
export const SYSTEM_LINK_MS = 2_000;
/** How far `last_triggered` may be from the time HA wrote the state for the write to be the run's start. */
const RUN_START_SLACK_MS = 1_000;

/** The attribute the day scan reads of automation entities. */
export const RUN_ATTRIBUTE = 'last_triggered';

export interface Attributed {
  readonly cause: EventCause;
  /** The `automation.*` entity whose run caused it; null when the cause is not an automation or its run was not seen. */
  readonly automation: string | null;
}

/** Whether the event is an automation entity's state written as its run starts. */
export function isRunStart(e: Pick<StateEvent, 'domain' | 'state' | 'time' | 'attributes'>): boolean {
  if (e.domain !== 'automation' || e.state !== 'on') return false;
  const triggered = e.attributes[RUN_ATTRIBUTE];
  if (typeof triggered !== 'string') return false;
  const at = Date.parse(triggered);
  return Math.abs(at - e.time) <= RUN_START_SLACK_MS;
}

/** The runs seen so far in a stream of events in time order, and what each later change is attributed to. */
export class AutomationRuns {
  private lastRun: { readonly entityId: string; readonly time: number } | null = null;

  /** Notes an event of the stream (only an automation's run start matters). */
  note(e: Pick<StateEvent, 'entityId' | 'domain' | 'state' | 'time' | 'attributes'>): void {
    if (isRunStart(e)) this.lastRun = { entityId: e.entityId, time: e.time };
  }

  /** The cause and automation of a change, by the rules above. */
  attribute(e: Pick<StateEvent, 'cause' | 'time'>): Attributed {
    if (e.cause === 'person') return { cause: 'person', automation: null };
    const run = this.lastRun;
    const since = run === null ? Infinity : e.time - run.time;
    if (e.cause === 'automation') return { cause: 'automation', automation: since <= AUTOMATION_LINK_MS ? run!.entityId : null };
    if (since <= SYSTEM_LINK_MS) return { cause: 'automation', automation: run!.entityId };
    return { cause: 'system', automation: null };
  }
}
