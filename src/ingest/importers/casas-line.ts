/**
 * One line of a CASAS log, in the layouts WSU's datasets use: fields separated by tabs or spaces,
 *
 *   date time [location] sensor state [activity [begin|end]]
 *
 * e.g. `2016-07-12 00:00:30.600670<TAB>BedroomABed<TAB>ON<TAB>` (CIL: an empty trailing label
 * field) or `2011-06-15 01:03:39.14962 Bedroom Bedroom ON Sleep begin` (annotated datasets).
 * The state tells the layouts apart: it is the field after the sensor, so when the second field
 * after the time is a state there is no location column. Pure: no I/O, no time zone.
 */

export type CasasState = 'on' | 'off';

/** An activity annotation of a line: `Sleep`, or `Sleep begin` / `Sleep end` around an episode. */
export interface CasasLabel {
  readonly activity: string;
  readonly marker: 'begin' | 'end' | null;
}

export interface CasasLine {
  /** Wall-clock time as if it were UTC, in ms. */
  readonly wall: number;
  readonly location: string | null;
  readonly sensor: string;
  readonly state: CasasState;
  readonly label: CasasLabel | null;
}

/** CASAS states to binary_sensor states (a door's on means open). */
export const CASAS_STATES: Readonly<Record<string, CasasState>> = { ON: 'on', OFF: 'off', OPEN: 'on', CLOSE: 'off', CLOSED: 'off' };

export const SENSOR_NAME = /^[A-Za-z][A-Za-z0-9]*$/;
/** Location columns are words like the sensors', and may join them with `_` (`Living_Room`). */
export const LOCATION_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
/** WSU activity names: `Sleep`, `Bed_to_Toilet`, `R1_Meal_Preparation`, `Wash-Dishes`. */
export const ACTIVITY_NAME = /^[A-Za-z0-9][A-Za-z0-9_.\-/]{0,99}$/;
const SEPARATORS = /[ \t]+/;
const MARKERS: Readonly<Record<string, 'begin' | 'end'>> = { begin: 'begin', end: 'end' };

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/;

/** Wall-clock time as if it were UTC, in ms (microseconds truncated); null when not a real date. */
export function parseCasasWallClock(text: string): number | null {
  const m = TIMESTAMP.exec(text);
  if (m === null) return null;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number, number];
  const ms = m[7] === undefined ? 0 : Number(m[7].padEnd(6, '0').slice(0, 3));
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return null;
  const wall = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  // Date.UTC rolls 31 June over to 1 July: a rolled-over day is not a real date.
  return new Date(wall).getUTCDate() === d ? wall : null;
}

const quote = (text: string, max = 40) => JSON.stringify(text.slice(0, max));
const stateOf = (text: string | undefined) => (text === undefined ? undefined : CASAS_STATES[text.toUpperCase()]);

/** The line's reading, or why it is not one (for the report, with the line number). */
export function parseCasasLine(line: string): CasasLine | string {
  const fields = line.trim().split(SEPARATORS);
  // date and time are two fields when split; the count users read treats them as one
  if (fields.length < 4) return `expected date time, [location,] sensor, state [, activity label], separated by tabs or spaces; found ${Math.max(fields.length - 1, 1)} fields`;
  const timeText = `${fields[0]} ${fields[1]}`;
  const wall = parseCasasWallClock(timeText);
  if (wall === null) return `bad timestamp ${quote(timeText)} (expected YYYY-MM-DD HH:MM:SS.ffffff)`;
  const rest = fields.slice(2);
  let location: string | null = null;
  let sensor: string;
  let state: CasasState | undefined = stateOf(rest[1]);
  let labelFields: string[];
  if (state !== undefined) {
    sensor = rest[0]!;
    labelFields = rest.slice(2);
  } else {
    state = stateOf(rest[2]);
    if (state === undefined) {
      const found = rest.length === 2 ? quote(rest[1]!) : `${quote(rest[1]!)} or ${quote(rest[2]!)}`;
      return `unknown state ${found} (expected ON, OFF, OPEN, CLOSE after the sensor, or after location and sensor)`;
    }
    location = rest[0]!;
    sensor = rest[1]!;
    labelFields = rest.slice(3);
  }
  if (location !== null && !LOCATION_NAME.test(location)) return `location ${quote(location, 80)} must be letters, digits and _`;
  if (!SENSOR_NAME.test(sensor)) return `sensor name ${quote(sensor, 80)} must be letters and digits`;
  const label = labelOf(labelFields);
  if (typeof label === 'string') return label;
  return { wall, location, sensor, state, label };
}

function labelOf(fields: readonly string[]): CasasLabel | null | string {
  if (fields.length === 0) return null;
  const [activity, marker] = fields as [string, string | undefined];
  const known = marker === undefined ? null : MARKERS[marker.toLowerCase()];
  if (fields.length > 2 || known === undefined) return `expected an activity label and at most begin or end after the state, found ${quote(fields.join(' '), 60)}`;
  if (!ACTIVITY_NAME.test(activity)) return `activity label ${quote(activity, 60)} must be letters, digits and _ . - /`;
  return { activity, marker: known };
}
