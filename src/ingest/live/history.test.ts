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
  it('keys a history state on the same millisecond as the live event of the same change', () => {
    const fromHistory = historyToEvents({ 'light.a': [{ s: 'on', a: {}, lu: LU }] }, new Map()).events[0]!;
    const live = normalizeStateChanged({
      event_type: 'state_changed',
      time_fired: LIVE_ISO,
      data: { entity_id: 'light.a', old_state: null, new_state: { entity_id: 'light.a', state: 'on', attributes: {}, last_changed: LIVE_ISO, last_updated: LIVE_ISO } },
    });
    assert.ok(live.ok);
    assert.equal(fromHistory.time, live.event.time);
    assert.equal(fromHistory.time, Date.UTC(2026, 2, 1, 10, 0, 0, 123));
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
function fakeHistory(states: Record<string, { s: string; lu: number }[]>) {
  const requests: { start: string; end?: string; ids: string[] }[] = [];
  const command = async <T>(m: Record<string, unknown>): Promise<T> => {
    const start = Date.parse(m['start_time'] as string) / 1000;
    const end = m['end_time'] === undefined ? Infinity : Date.parse(m['end_time'] as string) / 1000;
    requests.push({ start: m['start_time'] as string, end: m['end_time'] as string | undefined, ids: m['entity_ids'] as string[] });
    const out: Record<string, { s: string; lu: number }[]> = {};
    for (const id of m['entity_ids'] as string[]) {
      const list = (states[id] ?? []).filter((x) => x.lu > start && x.lu < end);
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
    assert.equal(report.complete, true);
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
    assert.equal(report.complete, false);
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
