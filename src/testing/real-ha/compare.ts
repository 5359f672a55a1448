/** Layer 1 against HA's recorder: what is missing, what is extra or twice, what differs. */
import { isDeepStrictEqual } from 'node:util';
import type { StateEvent } from '../../events/model.js';
import { keyOfEvent, keyOfRecorded, type RecordedState } from './recorder.js';

/**
 * Attributes HA sends live but its recorder does not write (`_unrecorded_attributes` of the
 * entity classes, plus the recorder's ALL_DOMAIN_EXCLUDE_ATTRS), in Home Assistant 2025.4, for
 * the domains of the test home. A live event legitimately carries them; the recorder, and so
 * the recorder import, cannot. Read from HA's source (components/<domain>/__init__.py,
 * components/recorder/const.py).
 */
export const UNRECORDED_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  '*': ['attribution', 'restored', 'supported_features'],
  input_boolean: ['editable'],
  input_number: ['editable', 'min', 'max', 'mode', 'step'],
  input_select: ['editable'],
  automation: ['last_triggered', 'mode', 'current', 'max', 'id'],
  person: ['device_trackers'],
  sun: ['azimuth', 'elevation', 'rising', 'next_dawn', 'next_dusk', 'next_midnight', 'next_noon', 'next_rising', 'next_setting'],
};

/** The attributes as HA's recorder would write them. */
export function recordable(entityId: string, attributes: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const domain = entityId.slice(0, entityId.indexOf('.'));
  const left = new Set([...UNRECORDED_ATTRIBUTES['*']!, ...(UNRECORDED_ATTRIBUTES[domain] ?? [])]);
  return Object.fromEntries(Object.entries(attributes).filter(([k]) => !left.has(k)));
}

export interface Difference {
  /** Recorder rows that share their entity and microsecond with another (HA's own key: none expected). */
  readonly sameMillisecond: string[];
  readonly missing: string[];
  readonly extra: string[];
  readonly twice: string[];
  readonly differing: string[];
  /** Events whose cause differs from the recorder's context (kept apart: a gap fill from HA's history has no context). */
  readonly causes: string[];
}

export function compareWithRecorder(stored: readonly StateEvent[], recorded: readonly RecordedState[]): Difference {
  const byKey = new Map<string, StateEvent>();
  const twice: string[] = [];
  for (const e of stored) {
    const k = keyOfEvent(e);
    if (byKey.has(k)) twice.push(k);
    byKey.set(k, e);
  }
  const groups = new Map<string, RecordedState[]>();
  for (const r of recorded) groups.set(keyOfRecorded(r), [...(groups.get(keyOfRecorded(r)) ?? []), r]);
  const sameMillisecond = [...groups].filter(([, rs]) => rs.length > 1).map(([k, rs]) => `${k} ×${rs.length} (${rs.map((r) => JSON.stringify(r.state)).join(', ')})`);
  const missing = [...groups.keys()].filter((k) => !byKey.has(k));
  const extra = [...byKey.keys()].filter((k) => !groups.has(k));
  const differing: string[] = [];
  const causes: string[] = [];
  for (const [k, rows] of groups) {
    const e = byKey.get(k);
    if (e === undefined) continue;
    // of rows sharing a key (none, at the microsecond), Layer 1 holds one: compare with the one it matches
    const r = rows.find((x) => x.state === e.state && isDeepStrictEqual(recordable(e.entityId, e.attributes), x.attributes)) ?? rows[0]!;
    if (e.state !== r.state) differing.push(`${k}: state ${JSON.stringify(e.state)} ≠ recorder ${JSON.stringify(r.state)}`);
    // the recorder leaves out what HA marks unrecorded: the rest must be equal, key for key
    if (!isDeepStrictEqual(recordable(e.entityId, e.attributes), r.attributes)) differing.push(`${k}: attributes ${JSON.stringify(e.attributes)} ≠ recorder ${JSON.stringify(r.attributes)}`);
    if (e.cause !== r.cause) causes.push(`${k}: cause ${e.cause} ≠ recorder ${r.cause}`);
  }
  return { sameMillisecond, missing, extra, twice, differing, causes };
}

/** A failure message naming the first few of each kind (causes only when `withCauses`). */
export function describeDifference(d: Difference, withCauses = true): string {
  const part = (name: string, xs: string[]) => (xs.length === 0 ? [] : [`${xs.length} ${name}: ${xs.slice(0, 8).join(', ')}${xs.length > 8 ? ', …' : ''}`]);
  return [...part('missing', d.missing), ...part('extra', d.extra), ...part('twice', d.twice), ...part('differing', d.differing), ...(withCauses ? part('with another cause', d.causes) : [])].join('\n');
}

