/**
 * What a device does, in the words Home Assistant shows for it: a door *opens*, a motion sensor
 * *detects motion*, a lock sensor is *unlocked* (a binary_sensor of class lock is "on" when
 * unlocked), a light *turns on*. The words depend on the domain and, for a binary_sensor, on its
 * `device_class` (HA's `binary_sensor/strings.json`: door → Open/Closed, motion → Detected/Clear,
 * moisture → Wet/Dry, plug → plugged in/unplugged, …). Pure: the sentence builders ask it, and
 * the entity's name and class come from what the daily job last knew of it (`entity_state_daily`).
 *
 * Every phrase is in the third person singular; `agree` makes it plural for a name that is a
 * plural device noun ("Kitchen lights turn on"). Only names from a short list of such nouns count
 * as plural: a person's name ending in "s" (Thomas, Agnes) or "Glass", "Status" stay singular, as
 * every name was before.
 */

import { domainOf } from '../events/model.js';

/** What is known of an entity beyond its id. */
export interface KnownEntity {
  /** HA's friendly name; absent or empty: the entity id is said instead. */
  readonly name?: string | undefined;
  /** The `device_class` attribute, when the entity has one. */
  readonly deviceClass?: string | null | undefined;
}

/** The known entities of a home; undefined for one it does not know (an imported home without attributes). */
export type EntityLookup = (entityId: string) => KnownEntity | undefined;

export interface Phrases {
  /** It becomes active: "opens", "turns on", "is unlocked", "detects motion". */
  readonly on: string;
  /** How it is while active: "open", "on", "unlocked", "detecting motion". */
  readonly active: string;
  /** It became active, said of the past: "opened", "came on", "was unlocked", "detected motion". */
  readonly past: string;
}

const TURNS_ON: Phrases = { on: 'turns on', active: 'on', past: 'came on' };
const OPENS: Phrases = { on: 'opens', active: 'open', past: 'opened' };
const UNLOCKED: Phrases = { on: 'is unlocked', active: 'unlocked', past: 'was unlocked' };
const HOME: Phrases = { on: 'comes home', active: 'home', past: 'came home' };
/** "starts playing", "playing", "started playing" */
const starts = (doing: string): Phrases => ({ on: `starts ${doing}`, active: doing, past: `started ${doing}` });
/** "detects motion", "detecting motion", "detected motion" */
const detects = (what: string): Phrases => ({ on: `detects ${what}`, active: `detecting ${what}`, past: `detected ${what}` });
/** "becomes hot", "hot", "became hot" */
const becomes = (how: string): Phrases => ({ on: `becomes ${how}`, active: how, past: `became ${how}` });
/** "is plugged in", "plugged in", "was plugged in" */
const is = (how: string): Phrases => ({ on: `is ${how}`, active: how, past: `was ${how}` });

/** Per domain, for entities whose class changes nothing (or that have none). */
const DOMAIN_PHRASES: Readonly<Record<string, Phrases>> = {
  lock: UNLOCKED,
  cover: OPENS,
  valve: OPENS,
  media_player: starts('playing'),
  person: HOME,
  device_tracker: HOME,
  vacuum: starts('cleaning'),
  lawn_mower: starts('mowing'),
  timer: { on: 'starts', active: 'running', past: 'started' },
  camera: starts('recording'),
  climate: starts('heating or cooling'),
  water_heater: starts('heating'),
  script: { on: 'runs', active: 'running', past: 'ran' },
  siren: { on: 'sounds', active: 'sounding', past: 'sounded' },
};

/**
 * A binary_sensor per `device_class`, with "on" as HA means it for the class (HA's
 * binary_sensor strings: states and device triggers). A class not listed, or none, turns on.
 */
const BINARY_SENSOR_PHRASES: Readonly<Record<string, Phrases>> = {
  battery: { on: 'reports a low battery', active: 'low on battery', past: 'reported a low battery' },
  battery_charging: starts('charging'),
  carbon_monoxide: detects('carbon monoxide'),
  cold: becomes('cold'),
  connectivity: { on: 'connects', active: 'connected', past: 'connected' },
  door: OPENS,
  garage_door: OPENS,
  gas: detects('gas'),
  heat: becomes('hot'),
  light: detects('light'),
  // on means unlocked
  lock: UNLOCKED,
  moisture: { on: 'detects water', active: 'wet', past: 'detected water' },
  motion: detects('motion'),
  moving: starts('moving'),
  occupancy: becomes('occupied'),
  opening: OPENS,
  plug: is('plugged in'),
  power: is('powered'),
  presence: detects('presence'),
  problem: { on: 'reports a problem', active: 'reporting a problem', past: 'reported a problem' },
  running: starts('running'),
  safety: becomes('unsafe'),
  smoke: detects('smoke'),
  sound: detects('sound'),
  tamper: detects('tampering'),
  update: { on: 'offers an update', active: 'offering an update', past: 'offered an update' },
  vibration: detects('vibration'),
  window: OPENS,
};

/** The phrases for an entity of `domain` with `deviceClass` (cover classes all open and close). */
export function phrasesOf(domain: string, deviceClass?: string | null): Phrases {
  // own keys only: a device_class of "constructor" is HA's to send, not a key of Object's
  if (domain === 'binary_sensor') return deviceClass != null && Object.hasOwn(BINARY_SENSOR_PHRASES, deviceClass) ? BINARY_SENSOR_PHRASES[deviceClass]! : TURNS_ON;
  return Object.hasOwn(DOMAIN_PHRASES, domain) ? DOMAIN_PHRASES[domain]! : TURNS_ON;
}

/**
 * Last words of names that are plural: what HA users call groups of lights, covers and plugs.
 * Lower case; a name counts as plural when its last word is one of them.
 */
const PLURAL_NOUNS: ReadonlySet<string> = new Set(
  (
    'lights lamps bulbs spots spotlights downlights leds strips candles decorations garlands ' +
    'blinds shades curtains drapes shutters awnings covers doors windows gates ' +
    'fans heaters radiators speakers plugs outlets sockets switches sensors valves sprinklers'
  ).split(' '),
);

/** Whether a friendly name is a plural device noun ("Kitchen lights", "Living room blinds"). */
export function isPluralName(name: string): boolean {
  return PLURAL_NOUNS.has(name.trim().split(/\s+/).at(-1)!.toLowerCase());
}

/** A verb phrase made to agree with a plural subject: "turns on" → "turn on", "is" → "are", "goes" → "go". */
export function agree(phrase: string, plural: boolean): string {
  if (!plural) return phrase;
  const [verb, ...rest] = phrase.split(' ') as [string, ...string[]];
  const base = IRREGULAR[verb] ?? (/(ss|sh|ch|x|z|o)es$/.test(verb) ? verb.slice(0, -2) : verb.endsWith('s') ? verb.slice(0, -1) : verb);
  return [base, ...rest].join(' ');
}
const IRREGULAR: Readonly<Record<string, string>> = { is: 'are', was: 'were', has: 'have' };

/** The subject of a sentence about one entity: the name a person reads, and what it does. */
export interface Subject {
  /** The friendly name, else the entity id. */
  readonly name: string;
  readonly plural: boolean;
  readonly phrases: Phrases;
}

export function subjectOf(entityId: string, lookup?: EntityLookup): Subject {
  const known = lookup?.(entityId);
  const named = known?.name !== undefined && known.name.trim() !== '' ? known.name : undefined;
  // an entity id is one thing, whatever its object id says
  return { name: named ?? entityId, plural: named !== undefined && isPluralName(named), phrases: phrasesOf(domainOf(entityId), known?.deviceClass) };
}

/** "opens", "turn on" (plural). */
export const onVerb = (s: Subject) => agree(s.phrases.on, s.plural);
/**
 * An adverb where English puts it: after a form of "be" or "have" ("is always unlocked"), else
 * before the verb ("always opens").
 */
export function withAdverb(verbPhrase: string, adverb: string): string {
  const [first, ...rest] = verbPhrase.split(' ') as [string, ...string[]];
  return AUXILIARIES.has(first) && rest.length > 0 ? [first, adverb, ...rest].join(' ') : `${adverb} ${verbPhrase}`;
}
const AUXILIARIES: ReadonlySet<string> = new Set(['is', 'are', 'was', 'were', 'has', 'have']);

/** "opened", "were unlocked" (plural). */
export const pastVerb = (s: Subject) => agree(s.phrases.past, s.plural);
/** "stays open", "keeps detecting motion", "stay on" (plural). */
export const stays = (s: Subject) => agree(`${/ing\b/.test(s.phrases.active.split(' ')[0]!) ? 'keeps' : 'stays'} ${s.phrases.active}`, s.plural);
/** "stayed open", "kept detecting motion". */
export const stayed = (s: Subject) => `${/ing\b/.test(s.phrases.active.split(' ')[0]!) ? 'kept' : 'stayed'} ${s.phrases.active}`;
/** "is", "are"; "has", "have"; "was", "were". */
export const be = (s: Subject, verb: 'is' | 'has' | 'was') => agree(verb, s.plural);
/** "it", "they". */
export const it = (s: Subject) => (s.plural ? 'they' : 'it');
