import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { apiHome, calendar, LAN, NOW, type ApiHome } from '../../testing/api.js';
import { at, HomeBuilder } from '../../testing/home.js';
import { carriedFromEvents, scanDay } from '../../detectors/activity.js';
import { carryRecord, CARRY_MEASUREMENT } from '../../detectors/carry.js';
import { stamp } from '../../detectors/registry.js';
import { BUCKETS } from '../../storage/types.js';

interface Pattern {
  id: number;
  pattern_type: string;
  device_id: string;
  confidence: number;
  area_id: string | null;
  description: string;
  pattern_metadata: Record<string, unknown>;
}
interface List {
  total: number;
  offset: number;
  limit: number;
  patterns: Pattern[];
  error?: string;
  message?: string;
}

let home: ApiHome;
before(async () => (home = await apiHome()));
after(() => home.close());

const json = async <T>(res: Response) => ({ status: res.status, body: (await res.json()) as T });

describe('GET /api/v1/patterns', () => {
  it('lists patterns strongest first with a sentence each and the total', async () => {
    const { status, body } = await json<List>(await home.request('/api/v1/patterns'));
    assert.equal(status, 200);
    assert.equal(body.total, 3);
    assert.deepEqual(body.patterns.map((p) => p.pattern_type), ['time_based', 'co_occurrence', 'duration']);
    assert.equal(body.patterns[0]!.description, 'light.living_room turns on around 18:30 every day, give or take 12 min (on 27 of 30 days)');
    assert.deepEqual(body.patterns[0]!.pattern_metadata['typical_time'], '18:30');
  });

  it('filters by type, device, area and confidence, and pages with a total of all matches', async () => {
    const kitchen = await json<List>(await home.request('/api/v1/patterns?area_id=kitchen&min_confidence=0.7'));
    assert.deepEqual(kitchen.body.patterns.map((p) => p.pattern_type), ['co_occurrence']);
    const device = await json<List>(await home.request('/api/v1/patterns?device_id=light.kitchen_ceiling&pattern_type=duration'));
    assert.equal(device.body.total, 1);
    const page = await json<List>(await home.request('/api/v1/patterns?limit=1&offset=1'));
    assert.deepEqual([page.body.total, page.body.patterns.length, page.body.patterns[0]!.pattern_type], [3, 1, 'co_occurrence']);
    const past = await json<List>(await home.request('/api/v1/patterns?offset=10'));
    assert.deepEqual([past.body.total, past.body.patterns.length], [3, 0]);
  });

  it('never returns patterns outside the filter for injection-looking values', async () => {
    for (const value of ["light.living_room' OR '1'='1", 'x" OR 1=1 --', '%', '*', "time_based'; DELETE FROM patterns; --"]) {
      for (const name of ['device_id', 'area_id']) {
        const { status, body } = await json<List>(await home.request(`/api/v1/patterns?${name}=${encodeURIComponent(value)}`));
        assert.equal(status, 200, `${name}=${value}`);
        assert.equal(body.total, 0, `${name}=${value}`);
      }
      // a pattern type is one of the ten: anything else (a typo too) is a 400
      assert.equal((await home.request(`/api/v1/patterns?pattern_type=${encodeURIComponent(value)}`)).status, 400, value);
    }
    const typo = await json<{ message: string }>(await home.request('/api/v1/patterns?pattern_type=contextal'));
    assert.equal(typo.status, 400);
    assert.match(typo.body.message, /contextual/, 'the message lists the types');
    assert.equal((await json<List>(await home.request('/api/v1/patterns'))).body.total, 3, 'nothing was deleted');
  });

  it('refuses bad input with a 400 {error, message}', async () => {
    for (const query of ['limit=0', 'limit=-3', 'limit=1001', 'limit=99999999999999999999', 'offset=-1', 'offset=1000001', 'min_confidence=1.5', 'min_confidence=-0.1', 'min_confidence=high', 'device_id=', `device_id=${'x'.repeat(300)}`, 'device_id=a%00b']) {
      const { status, body } = await json<List>(await home.request(`/api/v1/patterns?${query}`));
      assert.equal(status, 400, query);
      assert.equal(body.error, 'bad_request', query);
      assert.ok(body.message, query);
    }
  });
});

describe('GET /api/v1/patterns/{id}', () => {
  it('returns one pattern', async () => {
    const { status, body } = await json<Pattern>(await home.request('/api/v1/patterns/2'));
    assert.equal(status, 200);
    assert.equal(body.pattern_type, 'co_occurrence');
    assert.match(body.description, /^When light.kitchen_ceiling turns on, switch.coffee_machine (always|almost always|usually) turns on about .+ later/);
  });

  it('is a 404 JSON when absent and a 400 for what is not an id', async () => {
    const missing = await json<{ error: string; message: string }>(await home.request('/api/v1/patterns/999'));
    assert.deepEqual(missing, { status: 404, body: { error: 'not_found', message: 'no pattern with id 999' } });
    for (const id of ['abc', '0', '-1', '1.5', '1%20OR%201=1', '99999999999999999999']) {
      const { status, body } = await json<{ error: string }>(await home.request(`/api/v1/patterns/${id}`));
      assert.equal(status, 400, id);
      assert.equal(body.error, 'bad_request', id);
    }
  });
});

describe('DELETE /api/v1/patterns', () => {
  it('needs the token, also from loopback', async () => {
    const anonymous = await home.request('/api/v1/patterns?older_than_days=30', { method: 'DELETE' });
    assert.equal(anonymous.status, 401);
    assert.equal(((await anonymous.json()) as { error: string }).error, 'unauthorized');
    const wrong = await home.request('/api/v1/patterns?older_than_days=30', { method: 'DELETE', token: 'not-the-token-000000' });
    assert.equal(wrong.status, 401);
    assert.equal((await json<List>(await home.request('/api/v1/patterns'))).body.total, 3);
  });

  it('is refused with 403 when no token is configured', async () => {
    const open = await apiHome({ api: {} });
    try {
      const res = await open.request('/api/v1/patterns?older_than_days=30', { method: 'DELETE' });
      assert.equal(res.status, 403);
      assert.match(((await res.json()) as { message: string }).message, /HOMERHYTHM_API_TOKEN/);
    } finally {
      await open.close();
    }
  });

  it('refuses a missing or bad older_than_days', async () => {
    for (const query of ['', '?older_than_days=0', '?older_than_days=-5', '?older_than_days=abc', '?older_than_days=100000']) {
      const res = await home.request(`/api/v1/patterns${query}`, { method: 'DELETE', token: true });
      assert.equal(res.status, 400, query);
    }
  });

  it('deletes the patterns not seen for that many days, with the token from anywhere', async () => {
    // The duration pattern was last seen on 2026-08-30; the others on 2026-11-24.
    const res = await home.request('/api/v1/patterns?older_than_days=30', { method: 'DELETE', token: true, from: LAN });
    assert.deepEqual(await json(res), { status: 200, body: { deleted: 1, before: '2026-10-26T10:00:00.000Z' } });
    const left = await json<List>(await home.request('/api/v1/patterns'));
    assert.deepEqual(left.body.patterns.map((p) => p.pattern_type), ['time_based', 'co_occurrence']);
  });
});

describe('GET /api/v1/patterns once a daily job has run', () => {
  let named: ApiHome;
  before(async () => {
    named = await apiHome();
    // what the daily job of 2026-11-24 left: the names and classes of the entities it saw
    const day = calendar.day('2026-11-24');
    const events = new HomeBuilder()
      .set('light.living_room', at('2026-11-24', '18:30'), 'on', { friendly_name: 'Living room lights' })
      .set('light.kitchen_ceiling', at('2026-11-24', '07:00'), 'on', { friendly_name: 'Kitchen ceiling' })
      .set('switch.coffee_machine', at('2026-11-24', '07:01'), 'on', { friendly_name: 'Coffee machine', device_class: 'outlet' })
      .build();
    const activity = scanDay({ day, calendar, events, lookbackStart: day.start, carried: carriedFromEvents(new Map()) });
    const runId = named.storage.runs.start('daily', day.key, NOW - 1000);
    await named.storage.commitJob({ runId, status: 'success', counts: {}, finishedAt: NOW, aggregates: [{ bucket: BUCKETS.daily, period: day.key, measurements: [CARRY_MEASUREMENT], records: stamp([carryRecord(activity)]) }], patterns: [] });
  });
  after(() => named.close());

  it('says the home’s names, with verbs that agree', async () => {
    const { body } = await json<List>(await named.request('/api/v1/patterns'));
    assert.equal(body.patterns[0]!.description, 'Living room lights turn on around 18:30 every day, give or take 12 min (on 27 of 30 days)');
    assert.match(body.patterns[1]!.description, /^When Kitchen ceiling turns on, Coffee machine (always|almost always|usually) turns on about .+ later/);
    const one = await json<Pattern>(await named.request(`/api/v1/patterns/${body.patterns[0]!.id}`));
    assert.equal(one.body.description, body.patterns[0]!.description);
  });
});
