/**
 * Property tests of the CASAS import (issue 9): a log mixing valid readings with garbage (bad
 * dates, unknown states, unicode and control characters in sensor names, missing or extra
 * fields, years far off) imports exactly the valid readings, each with its sensor's previous
 * state, reports every bad line by number, and changes nothing Layer 1 held before.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { EARLIEST_TIME, ENTITY_ID, MAX_CLOCK_SKEW_MS, MAX_ENTITY_ID_LENGTH } from '../../events/normalize.js';
import { SqliteStorage } from '../../storage/sqlite/index.js';
import { FUZZ_NOW, fuzzOptions } from '../../testing/hostile.js';
import { keyOf, layer1Snapshot } from '../../testing/fuzz-import.js';
import { casasEntity, casasEntityIn, importCasas, parseCasasWallClock } from './casas.js';
import { MAX_BAD_REPORTED } from './report.js';

const dir = mkdtempSync(join(tmpdir(), 'homerhythm-casas-fuzz-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const BASE = Date.UTC(2020, 2, 1);
const pad = (n: number, w = 2) => String(n).padStart(w, '0');
function wallText(ms: number, micros: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}${pad(micros, 3)}`;
}

const sensor = fc.oneof(
  fc.constantFrom('KitchenASink', 'M001', 'D002', 'BedroomABed', 'TVRoomA', 'MainEntryway', 'LivingRoomAChair'),
  fc.stringMatching(/^[A-Z][A-Za-z0-9]{0,12}$/),
);
const state = fc.constantFrom('ON', 'OFF', 'OPEN', 'CLOSE', 'CLOSED', 'on', 'Off');
const time = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: BASE - 3 * 86_400_000, max: BASE + 3 * 86_400_000 }) },
  { weight: 1, arbitrary: fc.constantFrom(Date.UTC(1999, 11, 31), Date.UTC(2099, 0, 1), FUZZ_NOW + 2 * 86_400_000) },
);
const tabLine = fc
  .tuple(time, fc.integer({ min: 0, max: 999 }), sensor, state, fc.constantFrom('', '\t', ' \t'))
  .map(([t, us, s, st, tail]) => `${wallText(t, us)}\t${s}\t${st}${tail}`);
// WSU's other layouts: spaces, a location column, an activity label with begin/end
const location = fc.constantFrom('Bedroom', 'Kitchen', 'Living_Room', 'LivingRoom', 'ON', 'M001');
const label = fc.constantFrom('', 'Sleep', 'Sleep begin', 'Bed_to_Toilet end', 'R1_Meal_Preparation', 'Relax END', 'Sleep middle', 'Sleep begin now', 'Wash-Dishes');
const separator = fc.constantFrom(' ', '\t', '  ', ' \t');
const wsuLine = fc
  .tuple(time, fc.integer({ min: 0, max: 999 }), fc.option(location), sensor, state, label, separator)
  .map(([t, us, loc, s, st, l, sep]) => [wallText(t, us), ...(loc === null ? [] : [loc]), s, st, ...(l === '' ? [] : [l])].join(sep));
const validLine = fc.oneof({ weight: 3, arbitrary: tabLine }, { weight: 2, arbitrary: wsuLine });
const junk = fc.string({ unit: 'binary', maxLength: 20 }).map((s) => s.replace(/[\n\r]/g, ''));
const garbageLine = fc.oneof(
  junk,
  fc.tuple(validLine, junk, fc.nat()).map(([line, j, at]) => {
    const fields = line.split('\t');
    fields[at % fields.length] = j;
    return fields.join('\t');
  }),
  validLine.map((line) => `${line}\textra\tfields`),
  validLine.map((line) => line.replace(/[ \t]+/, '_')),
  validLine.map((line) => `${line} ${line}`),
  fc.tuple(fc.constantFrom('2016-02-30 10:00:00.000000', '2016-13-01 10:00:00', '2016-07-12 24:00:00', '2016-7-12 10:00:00', '0000-01-01 00:00:00'), sensor, state).map(
    ([t, s, st]) => `${t}\t${s}\t${st}`,
  ),
  fc.tuple(validLine, fc.constantFrom('Kü che', 'M\u0000', 'M\ud800', 'M 1', '1M', 'M-1', 'X'.repeat(300))).map(([line, s]) => line.replace(/\t[^\t]+\t/, `\t${s}\t`)),
);
const casasLines = fc.array(fc.oneof({ weight: 4, arbitrary: validLine }, { weight: 3, arbitrary: garbageLine }, { weight: 1, arbitrary: fc.constantFrom('', ' ', '\t') }), { maxLength: 60 });

const STATES: Readonly<Record<string, 'on' | 'off'>> = { ON: 'on', OFF: 'off', OPEN: 'on', CLOSE: 'off', CLOSED: 'off' };

interface Expected {
  readonly time: number;
  readonly entityId: string;
  readonly state: 'on' | 'off';
  readonly oldState: 'on' | 'off' | null;
}

/**
 * What each line must be, decided from the format alone (in UTC, where wall clock is the
 * instant): fields split at runs of tabs and spaces; date and time; the state right after the
 * sensor, else after a location and the sensor; then at most an activity and begin/end.
 */
function expected(lines: readonly string[]): { events: Expected[]; bad: number[]; blank: number } {
  const events: Expected[] = [];
  const bad: number[] = [];
  const last = new Map<string, 'on' | 'off'>();
  let blank = 0;
  const isState = (f: string | undefined) => f !== undefined && STATES[f.toUpperCase()] !== undefined;
  lines.forEach((line, i) => {
    if (line.trim() === '') return void blank++;
    const [date, clock, ...rest] = line.trim().split(/[ \t]+/);
    const wall = clock === undefined ? null : parseCasasWallClock(`${date} ${clock}`);
    const at = isState(rest[1]) ? 1 : isState(rest[2]) ? 2 : -1;
    const loc = at === 2 ? rest[0]! : null;
    const s = at > 0 ? rest[at - 1]! : '';
    const on = at > 0 ? STATES[rest[at]!.toUpperCase()] : undefined;
    const tail = at > 0 ? rest.slice(at + 1) : [];
    const labelOk = tail.length === 0 || (tail.length <= 2 && /^[A-Za-z0-9][A-Za-z0-9_.\-/]{0,99}$/.test(tail[0]!) && (tail.length === 1 || /^(begin|end)$/i.test(tail[1]!)));
    const locOk = loc === null || /^[A-Za-z][A-Za-z0-9_]*$/.test(loc);
    const entityId = /^[A-Za-z][A-Za-z0-9]*$/.test(s) && locOk ? (loc === null ? casasEntity(s) : casasEntityIn(loc, s)).entityId : null;
    const ok = wall !== null && on !== undefined && labelOk && entityId !== null && ENTITY_ID.test(entityId) && entityId.length <= MAX_ENTITY_ID_LENGTH && wall >= EARLIEST_TIME && wall <= FUZZ_NOW + MAX_CLOCK_SKEW_MS;
    if (!ok) return void bad.push(i + 1);
    events.push({ time: wall, entityId, state: on, oldState: last.get(entityId) ?? null });
    last.set(entityId, on);
  });
  return { events, bad, blank };
}

describe('importCasas under hostile input (fuzz)', () => {
  let storage: SqliteStorage;
  before(() => (storage = new SqliteStorage(join(dir, 'store'))));
  after(() => storage.close());

  it('imports exactly the valid readings, reports every bad line by number, and changes nothing stored', async () => {
    let file = 0;
    await fc.assert(
      fc.asyncProperty(casasLines, fc.constantFrom('\n', '\r\n'), async (lines, newline) => {
        const path = join(dir, `log-${file++}.txt`);
        writeFileSync(path, lines.map((line) => line + newline).join(''));
        const before = await layer1Snapshot(storage.events);
        const report = await importCasas(path, storage.events, { timeZone: 'UTC', now: FUZZ_NOW, batchSize: 7 });
        const after = await layer1Snapshot(storage.events);
        const want = expected(lines);

        assert.deepEqual(report.bad.map((b) => b.line), want.bad.slice(0, MAX_BAD_REPORTED));
        assert.equal(report.invalid, want.bad.length);
        assert.equal(report.blank, want.blank);
        assert.equal(report.imported + report.duplicates, want.events.length);
        assert.equal(report.read, lines.length);
        for (const [key, event] of before) assert.deepEqual(after.get(key), event, `stored event ${key} changed`);
        // The first of several readings with one key is the one kept.
        const fresh = new Map<string, Expected>();
        for (const e of want.events) if (!before.has(keyOf(e)) && !fresh.has(keyOf(e))) fresh.set(keyOf(e), e);
        assert.equal(report.imported, fresh.size);
        for (const [key, e] of fresh) {
          const got = after.get(key);
          assert.ok(got !== undefined, `valid reading ${key} not stored`);
          assert.deepEqual([got.state, got.oldState], [e.state, e.oldState], key);
        }
      }),
      fuzzOptions(500),
    );
  });
});
