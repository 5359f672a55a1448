/**
 * What a suggestion is about, independent of the pattern row that carries it today: its kind, the
 * entities it names in order, and (for a clock routine) its minute of the day. Feedback is kept
 * against this identity, so it survives `recompute`, `migrate` and a pattern being deleted and
 * found again; and a routine that changes materially (other entities, a time more than
 * MATERIAL_MINUTES away, days of the week it no longer shares) is a new suggestion, no longer
 * covered by an old "dismiss". A clock routine whose day type is only read anew ("every day" one
 * month, "on weekdays" or "on Mon, Wed and Fri" the next) is the same routine.
 */
import { DAY_TYPE_MASKS, routineDays } from '../dashboard/suggest/days.js';
import { metadataOf, type MetadataOf } from '../detectors/metadata.js';
import type { FeedbackRow, PatternRow } from '../storage/types.js';

export type SuggestionKind = 'time' | 'follows' | 'chain' | 'context';

export interface Identity {
  /** Stable and readable: `time:light.porch:weekdays:0710`, `chain:light.a,light.b`, `context:light.porch:sun:below_horizon`. */
  readonly key: string;
  /** The key without the time: what stays when a clock routine drifts by a few minutes. */
  readonly routine: string;
  readonly kind: SuggestionKind;
  /** Entities in order: the trigger first, then what the automation switches. */
  readonly entities: readonly string[];
  /** Clock routines: the local minute of the day it runs at. */
  readonly minute?: number;
  /** Clock routines kept to some weekdays: those (ISO, 1 = Monday); absent: any day. */
  readonly weekdays?: readonly number[];
}

/** A time further than this from the one dismissed makes a new routine. */
export const MATERIAL_MINUTES = 30;

/** A key as it appears in a URL path or a command line: kind, then fields separated by ':'. */
export const KEY_PATTERN = /^(time|follows|chain|context):[a-z0-9_.,:-]{3,500}$/;

function minuteOf(m: MetadataOf<'time_based'>): number | undefined {
  const exact = Number(m.typical_minute);
  if (Number.isFinite(exact)) return Math.round(exact) % 1440;
  const match = /^(\d{1,2}):(\d{2})$/.exec(m.typical_time ?? '');
  return match === null ? undefined : Number(match[1]) * 60 + Number(match[2]);
}

const orElse = (text: string | undefined, fallback: string): string => (text === undefined || text === '' ? fallback : text);
const hhmm = (minute: number): string => `${String(Math.floor(minute / 60)).padStart(2, '0')}${String(minute % 60).padStart(2, '0')}`;
const plain = (key: string, kind: SuggestionKind, entities: string[]): Identity => ({ key, routine: key, kind, entities });

/** The identity of a pattern's suggestion, or null for kinds that suggest nothing. */
export function identify(p: PatternRow): Identity | null {
  switch (p.pattern_type) {
    case 'time_based': {
      const m = metadataOf(p, 'time_based');
      // an empty entity or day type is as good as none
      const entity = orElse(m.entity_id, p.device_id);
      const minute = minuteOf(m);
      const routine = `time:${entity}:${orElse(m.day_type, 'all')}`;
      const days = routineDays(m);
      const weekdays = days.kind === 'weekdays' ? { weekdays: days.weekdays } : {};
      if (minute === undefined) return { key: routine, routine, kind: 'time', entities: [entity], ...weekdays };
      return { key: `${routine}:${hhmm(minute)}`, routine, kind: 'time', entities: [entity], minute, ...weekdays };
    }
    case 'co_occurrence': {
      const m = metadataOf(p, 'co_occurrence');
      const entities = [m.trigger, m.follower];
      return plain(`follows:${entities.join(',')}`, 'follows', entities);
    }
    case 'sequence': {
      const entities = metadataOf(p, 'sequence').steps;
      return plain(`chain:${entities.join(',')}`, 'chain', entities);
    }
    case 'contextual': {
      const m = metadataOf(p, 'contextual');
      const entity = orElse(m.entity_id, p.device_id);
      return plain(`context:${entity}:${m.context.kind}:${m.context.value}`, 'context', [entity]);
    }
    default:
      return null;
  }
}

/** Circular distance of two minutes of the day. */
export function minutesApart(a: number, b: number): number {
  const d = Math.abs(a - b) % 1440;
  return Math.min(d, 1440 - d);
}

/**
 * What a piece of feedback was said about, from what is stored of it. A clock key names its
 * entity and day type (`time:light.porch:weekdays:0710`); a key of particular weekdays (`days`)
 * does not say which, so it is taken to share a day with any routine: it stays said.
 */
export function saidAbout(f: Pick<FeedbackRow, 'key' | 'routine' | 'minute'>): Identity {
  const [kind, ...rest] = f.key.split(':');
  const minute = f.minute === null ? {} : { minute: f.minute };
  if (kind !== 'time') return { key: f.key, routine: f.routine, kind: kind as SuggestionKind, entities: (rest[0] ?? '').split(','), ...minute };
  const weekdays = DAY_TYPE_MASKS[rest[1] ?? '']; // `weekdays`, `weekends`; none for `all`, `some`, `days`
  return { key: f.key, routine: f.routine, kind: 'time', entities: [rest[0] ?? ''], ...minute, ...(weekdays === undefined ? {} : { weekdays }) };
}

const shareADay = (a: readonly number[] | undefined, b: readonly number[] | undefined): boolean => a === undefined || b === undefined || a.some((d) => b.includes(d));

/**
 * Whether `now` is the same routine as `then`, as far as feedback on `then` goes: for a clock
 * routine, the same entity on a day both act on, within MATERIAL_MINUTES; for the others, the
 * same entities in the same order.
 */
export function sameRoutine(then: Identity, now: Identity): boolean {
  if (then.kind === 'time' && now.kind === 'time') {
    if (then.entities[0] !== now.entities[0] || !shareADay(then.weekdays, now.weekdays)) return false;
  } else if (then.routine !== now.routine) return false;
  if (then.minute === undefined || now.minute === undefined) return true;
  return minutesApart(then.minute, now.minute) <= MATERIAL_MINUTES;
}
