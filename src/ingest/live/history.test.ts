import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { StateEvent } from '../../events/model.js';
import { normalizeStateChanged } from '../../events/normalize.js';
import type { HistoryDuringPeriodResult } from '../../ha/types.js';
import type { AppendResult } from '../../storage/types.js';
import { GapMarker } from './gap-marker.js';
import { fillGap, historyToEvents } from './history.js';

// 2026-03-01T10:00:00.123456Z as HA has it: float seconds in history, ISO with µs live.
const LU = 1772359200.123456;
const LIVE_ISO = '2026-03-01T10:00:00.123456+00:00';

describe('historyToEvents', () => {
  it('keys a history state on the same microsecond as the live event of the same change', () => {
    const fromHistory = historyToEvents({ 'light.a': [{ s: 'on', a: {}, lu: LU }] }, new Map()).events[0]!;
    const live = normalizeStateChanged({
      event_type: 'state_changed',
      time_fired: LIVE_ISO,
      data: { entity_id: 'light.a', old_state: null, new_state: { entity_id: 'light.a', state: 'on', attributes: {}, last_changed: LIVE_ISO, last_updated: LIVE_ISO } },
    });
    assert.ok(live.ok);
    assert.equal(fromHistory.time, live.event.time);
    assert.equal(fromHistory.micros, live.event.micros);
    assert.equal(fromHistory.time, Date.UTC(2026, 2, 1, 10, 0, 0, 123));
    assert.equal(fromHistory.micros, 456);
  });

  it('keeps two states of one entity within one millisecond, and leaves out the start state HA was asked for', () => {
    const start = Date.UTC(2026, 2, 1, 10, 0, 0, 0);
    const result: HistoryDuringPeriodResult = {
      'sensor.power': [
        { s: '870.0', lu: start / 1000 },
        { s: '854.2', lu: 1772359200.000870 },
        { s: '876.4', lu: 1772359200.000120 },
      ],
      'sensor.other': [{ s: '1', lu: start / 1000 }],
    };
    const previous = new Map<string, string | null>([['sensor.other', '0']]);
    const { events, invalid, startStates } = historyToEvents(result, previous, { startTimeState: start });
    assert.deepEqual([invalid, startStates], [0, 2]);
    assert.deepEqual(
      events.map((e) => [e.time - start, e.micros, e.state, e.oldState]),
      [
        [0, 120, '876.4', '870.0'],
        [0, 870, '854.2', '876.4'],
      ],
      'the start state is the first old state of an entity nothing was known of',
    );
    assert.deepEqual([...previous], [['sensor.other', '0'], ['sensor.power', '854.2']], 'a known state is not replaced by the start state');
    // not asked for start states: a state at the start is a state like any other
    assert.equal(historyToEvents(result, new Map()).events.length, 4);
  });

  it('chains old states per entity from what was known before, in time order', () => {
    const result: HistoryDuringPeriodResult = {
      'light.a': [
        { s: 'off', a: { b: 1 }, lu: LU + 2 },
        { s: 'on', a: { b: 2 }, lu: LU + 1 },
        { s: 'on', a: { b: 3 }, lu: LU + 3, lc: LU + 1 },
      ],
      'switch.new': [{ s: 'on', lu: LU }],
    };
    const previous = new Map<string, string | null>([['light.a', 'off']]);
    const { events, invalid } = historyToEvents(result, previous, { registry: { lookup: (id) => (id === 'light.a' ? { deviceId: 'd1', areaId: 'kitchen' } : undefined) } });
    assert.equal(invalid, 0);
    assert.deepEqual(
      events.map((e) => [e.entityId, e.state, e.oldState, e.attributes, e.areaId]),
      [
        ['light.a', 'on', 'off', { b: 2 }, 'kitchen'],
        ['light.a', 'off', 'on', { b: 1 }, 'kitchen'],
        ['light.a', 'on', 'off', { b: 3 }, 'kitchen'],
        ['switch.new', 'on', null, {}, null],
      ],
    );
    assert.deepEqual([...previous], [['light.a', 'on'], ['switch.new', 'on']]);
  });

  it('counts malformed entries and keeps the rest', () => {
    const result = { 'light.a': [{ s: 'on', lu: LU }, { s: 5, lu: 'x' }], 'Bad Id': [{ s: 'on', lu: LU }], 'light.b': 'nope' } as unknown as HistoryDuringPeriodResult;
    const { events, invalid } = historyToEvents(result, new Map());
    assert.equal(events.length, 1);
    assert.equal(invalid, 3);
  });
});

/** A fake HA recorder for fillGap: states of two entities, answering as HA does (> start, < end). */
function fakeHistory(states: Record<string, { s: string; lu: number }[]>, reachSince = Number.NEGATIVE_INFINITY) {
  const requests: { start: string; end?: string; ids: string[]; startStates: boolean }[] = [];
  const command = async <T>(m: Record<string, unknown>): Promise<T> => {
    const start = Date.parse(m['start_time'] as string) / 1000;
    const end = m['end_time'] === undefined ? Infinity : Date.parse(m['end_time'] as string) / 1000;
    const startStates = m['include_start_time_state'] === true;
    requests.push({ start: m['start_time'] as string, end: m['end_time'] as string | undefined, ids: m['entity_ids'] as string[], startStates });
    const out: Record<string, { s: string; lu: number }[]> = {};
    for (const id of m['entity_ids'] as string[]) {
      const held = (states[id] ?? []).filter((x) => x.lu >= reachSince);
      const list = held.filter((x) => x.lu > start && x.lu < end);
      // HA's start state: only when the recorder holds a state of the entity from before the start
      const before = held.filter((x) => x.lu <= start).at(-1);
      if (startStates && before !== undefined) list.unshift({ s: before.s, lu: start });
      if (list.length > 0) out[id] = list;
    }
    return out as T;
  };
  return { command, requests };
}

function memoryEvents(stored: StateEvent[] = []) {
  const keys = new Set(stored.map((e) => `${e.entityId}@${e.time}`));
  const all = [...stored];
  return {
    all,
    async append(events: readonly StateEvent[]): Promise<AppendResult> {
      let inserted = 0;
      for (const e of events) {
        const k = `${e.entityId}@${e.time}`;
        if (keys.has(k)) continue;
        keys.add(k);
        all.push(e);
        inserted++;
      }
      return { inserted, duplicates: events.length - inserted };
    },
    async lastBefore(time: number, _lookback: number, ids?: readonly string[]) {
      const out = new Map<string, StateEvent>();
      for (const e of [...all].sort((a, b) => a.time - b.time)) if (e.time < time && (ids === undefined || ids.includes(e.entityId))) out.set(e.entityId, e);
      return out;
    },
  };
}

describe('fillGap', () => {
  const hour = 3600;
  const t0 = 1772359200; // seconds
  it('walks windows (one boundary state caught), chunks entities, skips what is stored, starts old states from the store', async () => {
    const states = {
      'light.a': [
        { s: 'off', lu: t0 - 100 },
        { s: 'on', lu: t0 + 10 },
        { s: 'off', lu: t0 + 2 * hour }, // exactly on the first window's end
        { s: 'on', lu: t0 + 3 * hour + 0.5 },
      ],
      'light.b': [{ s: 'on', lu: t0 + 5 }],
      'light.c': [{ s: 'on', lu: t0 + 7 }],
    };
    const stored = historyToEvents({ 'light.a': [{ s: 'off', lu: t0 - 100 }, { s: 'on', lu: t0 + 10 }] }, new Map()).events;
    const events = memoryEvents(stored);
    const { command, requests } = fakeHistory(states);
    const report = await fillGap(
      { start: t0 * 1000, entityIds: ['light.c', 'light.a', 'light.b', 'light.a', 'sensor.excluded'] },
      { command, events, registry: () => ({ lookup: () => undefined }), keep: (id) => id.startsWith('light.'), current: () => true, now: () => (t0 + 3.5 * hour) * 1000 },
      { entitiesPerRequest: 2, windowMs: 2 * hour * 1000, batchSize: 2, lookbackMs: 86_400_000 },
    );
    assert.deepEqual(requests.map((r) => r.ids), [['light.a', 'light.b'], ['light.c'], ['light.a', 'light.b'], ['light.c']]);
    assert.equal(requests[0]!.end, new Date((t0 + 2 * hour) * 1000).toISOString());
    assert.equal(requests[2]!.start, new Date((t0 + 2 * hour) * 1000 - 1).toISOString());
    assert.equal(requests[2]!.end, undefined, 'the last window is open-ended');
    assert.deepEqual([report.complete, report.finished, report.truncated, report.reached], [true, true, false, t0 * 1000]);
    assert.deepEqual(requests.map((r) => r.startStates), [true, false, false, false], 'start states until HA gave some');
    assert.equal(report.inserted, 4); // a@2h, a@3h, b, c; a@10 s was stored
    assert.equal(report.duplicates, 1);
    const a = events.all.filter((e) => e.entityId === 'light.a').sort((x, y) => x.time - y.time);
    assert.deepEqual(a.map((e) => [e.state, e.oldState]), [['off', null], ['on', 'off'], ['off', 'on'], ['on', 'off']]);
  });

  it('stops early, incomplete, when the connection is gone', async () => {
    const { command } = fakeHistory({ 'light.a': [{ s: 'on', lu: t0 + 1 }] });
    let calls = 0;
    const report = await fillGap(
      { start: t0 * 1000, entityIds: ['light.a', 'light.b'] },
      { command: async (m) => (calls++, command(m)), events: memoryEvents(), registry: () => ({ lookup: () => undefined }), keep: () => true, current: () => calls < 1, now: () => (t0 + 10) * 1000 },
      { entitiesPerRequest: 1, windowMs: hour * 1000, batchSize: 10, lookbackMs: 1000 },
    );
    assert.equal(calls, 1);
    assert.deepEqual([report.complete, report.finished], [false, false]);
  });

  it('reports truncated, and the oldest state HA still had, when its history begins after the gap', async () => {
    const { command, requests } = fakeHistory(
      {
        'light.a': [{ s: 'on', lu: t0 + 10 }, { s: 'off', lu: t0 + 5 * hour }, { s: 'on', lu: t0 + 7 * hour }],
        'light.b': [{ s: 'on', lu: t0 + 6 * hour }],
      },
      t0 + 4 * hour, // HA purged what is older
    );
    const events = memoryEvents();
    const report = await fillGap(
      { start: t0 * 1000 - 1000, gapStart: t0 * 1000, entityIds: ['light.a', 'light.b'] },
      { command, events, registry: () => ({ lookup: () => undefined }), keep: () => true, current: () => true, now: () => (t0 + 8 * hour) * 1000 },
      { entitiesPerRequest: 5, windowMs: 2 * hour * 1000, batchSize: 10, lookbackMs: 1000 },
    );
    assert.deepEqual([report.finished, report.truncated, report.complete], [true, true, false]);
    assert.equal(report.reached, (t0 + 5 * hour) * 1000);
    assert.deepEqual(events.all.map((e) => e.state), ['off', 'on', 'on']);
    // windows at -1 s, 2 h, 4 h: no start states (nothing held before them); at 6 h they come
    assert.deepEqual(requests.map((r) => r.startStates), [true, true, true, true, false]);
    const earlier = await fillGap(
      { start: t0 * 1000 - 1000, gapStart: (t0 + 5 * hour) * 1000, entityIds: ['light.a', 'light.b'] },
      { command, events: memoryEvents(), registry: () => ({ lookup: () => undefined }), keep: () => true, current: () => true, now: () => (t0 + 8 * hour) * 1000 },
      { entitiesPerRequest: 5, windowMs: 2 * hour * 1000, batchSize: 10, lookbackMs: 1000 },
    );
    assert.equal(earlier.truncated, false, 'a gap that begins where HA\'s history does is covered');
    const none = await fillGap(
      { start: t0 * 1000, entityIds: ['light.none'] },
      { command, events: memoryEvents(), registry: () => ({ lookup: () => undefined }), keep: () => true, current: () => true, now: () => (t0 + 1) * 1000 },
    );
    assert.deepEqual([none.truncated, none.reached, none.complete], [true, null, false], 'no history at all');
    const nothingToAsk = await fillGap(
      { start: t0 * 1000, entityIds: ['light.a'] },
      { command, events: memoryEvents(), registry: () => ({ lookup: () => undefined }), keep: () => false, current: () => true, now: () => (t0 + 1) * 1000 },
    );
    assert.deepEqual([nothingToAsk.truncated, nothingToAsk.complete, nothingToAsk.requests], [false, true, 0]);
  });

  it('counts what the store refused as expired', async () => {
    const { command } = fakeHistory({ 'light.a': [{ s: 'off', lu: t0 - 5 }, { s: 'on', lu: t0 + 1 }] });
    const store = { ...memoryEvents(), append: async (events: readonly StateEvent[]) => ({ inserted: 0, duplicates: 0, expired: events.length }) };
    const report = await fillGap(
      { start: t0 * 1000, entityIds: ['light.a'] },
      { command, events: store, registry: () => ({ lookup: () => undefined }), keep: () => true, current: () => true, now: () => (t0 + 10) * 1000 },
    );
    assert.equal(report.expired, 1);
  });
});

describe('GapMarker', () => {
  const dir = mkdtempSync(join(tmpdir(), 'homerhythm-gap-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the gap start across processes, and forgets it when cleared', () => {
    const path = join(dir, 'ingest-gap.json');
    assert.equal(new GapMarker(path).read(), null);
    new GapMarker(path).set(1_772_359_200_123);
    assert.equal(new GapMarker(path).read(), 1_772_359_200_123);
    new GapMarker(path).clear();
    assert.equal(new GapMarker(path).read(), null);
    writeFileSync(path, '{torn');
    assert.equal(new GapMarker(path).read(), null);
  });
});
