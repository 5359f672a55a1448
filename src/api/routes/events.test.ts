import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { StateEvent } from '../../events/model.js';
import type { Storage } from '../../storage/types.js';
import { apiHome, type ApiHome } from '../../testing/api.js';
import { forEachBackend } from '../../testing/backends.js';
import { pageOf } from './events.js';

interface EventsBody {
  start: string;
  end: string;
  count: number;
  truncated: boolean;
  next_start: string | null;
  events: { time: string; entity_id: string; state: string | null; area_id: string | null }[];
}

let home: ApiHome<Storage>;

const get = async (query: string) => {
  const res = await home.request(`/api/v1/events${query}`);
  return { status: res.status, body: (await res.json()) as EventsBody & { error?: string; message?: string } };
};

forEachBackend('GET /api/v1/events', (kind) => {
  before(async () => (home = await apiHome({ backend: kind })));
  after(() => home.close());

  it('returns the last day of Layer 1 by default, oldest first, with ISO times', async () => {
    const { status, body } = await get('');
    assert.equal(status, 200);
    assert.equal(body.start, '2026-11-24T10:00:00.000Z');
    assert.equal(body.end, '2026-11-25T10:00:00.000Z');
    assert.deepEqual(body.events.map((e) => [e.time, e.entity_id, e.state]), [
      ['2026-11-24T17:30:00.000Z', 'light.living_room', 'on'],
      ['2026-11-24T18:30:00.000Z', 'light.living_room', 'off'],
    ]);
    assert.equal(body.truncated, false);
  });

  it('filters by entity and range (absolute and relative)', async () => {
    const { body } = await get('?entity_id=light.kitchen_ceiling&start=2026-11-23&end=-12h');
    assert.deepEqual(body.events.map((e) => e.entity_id), ['light.kitchen_ceiling', 'light.kitchen_ceiling', 'light.kitchen_ceiling', 'light.kitchen_ceiling']);
    assert.ok(body.events.every((e) => e.area_id === 'kitchen'));
    const both = await get('?entity_id=light.kitchen_ceiling,light.living_room&start=-3d');
    assert.equal(both.body.count, 8);
  });

  it('pages with limit and next_start without losing or repeating an event', async () => {
    const seen: string[] = [];
    let start = '-3d';
    for (let page = 0; page < 10; page++) {
      const { body } = await get(`?start=${start}&limit=3`);
      seen.push(...body.events.map((e) => `${e.time} ${e.entity_id}`));
      if (!body.truncated) break;
      assert.equal(body.count, 3);
      start = body.next_start!;
    }
    const all = await get('?start=-3d&limit=100');
    assert.deepEqual(seen, all.body.events.map((e) => `${e.time} ${e.entity_id}`));
    assert.equal(seen.length, 8);
  });

  it('takes the day before the end when no start is given', async () => {
    const { status, body } = await get('?end=2026-11-24T12:00:00Z');
    assert.equal(status, 200);
    assert.deepEqual([body.start, body.count], ['2026-11-23T12:00:00.000Z', 4]); // the 23rd's evening, the 24th's morning
  });

  it('answers an unknown but well-formed entity with no events', async () => {
    const { status, body } = await get('?entity_id=light.nowhere&start=-3d');
    assert.equal(status, 200);
    assert.equal(body.count, 0);
  });

  it('refuses bad input with a 400 {error, message}', async () => {
    for (const query of [
      '?limit=-1',
      '?limit=0',
      '?limit=10001',
      '?limit=1e400',
      '?limit=abc',
      '?limit=1&limit=2',
      '?start=yesterday',
      '?start=2026-02-30',
      '?end=2026-13-01T00:00Z',
      '?start=-1d&end=-2d',
      '?start=2026-11-25&end=2026-11-01',
      `?entity_id=${encodeURIComponent("light.living_room' OR '1'='1")}`,
      `?entity_id=${encodeURIComponent('light.living_room;DROP TABLE events')}`,
      `?entity_id=${encodeURIComponent('light.a,light.b) OR (1=1')}`,
      '?entity_id=',
      '?entity=light.living_room',
      `?entity_id=${'light.a,'.repeat(101)}light.b`,
    ]) {
      const { status, body } = await get(query);
      assert.equal(status, 400, query);
      assert.equal(body.error, 'bad_request', query);
      assert.equal(typeof body.message, 'string', query);
      assert.equal(body.events, undefined, query);
    }
  });
});

describe('pageOf', () => {
  const e = (time: number, entityId: string) => ({ time, entityId }) as StateEvent;
  it('ends a page on a whole millisecond', () => {
    const events = [e(1, 'a'), e(2, 'a'), e(2, 'b'), e(3, 'a')];
    assert.deepEqual(pageOf(events, 2), { page: events.slice(0, 1), nextStart: 2 });
    assert.deepEqual(pageOf(events, 3), { page: events.slice(0, 3), nextStart: 3 });
    assert.deepEqual(pageOf(events, 4), { page: events, nextStart: null });
  });
  it('cuts inside a millisecond only when it alone holds more than the limit', () => {
    const events = [e(5, 'a'), e(5, 'b'), e(5, 'c')];
    assert.deepEqual(pageOf(events, 2), { page: events.slice(0, 2), nextStart: 6 });
  });
});
