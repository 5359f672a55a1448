import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Storage } from '../../storage/types.js';
import { apiHome, type ApiHome } from '../../testing/api.js';
import { type BackendKind, forEachBackend } from '../../testing/backends.js';

interface Body {
  parts: { kind: string; bucket: string; measurements: string[] | null; start: string | null; end: string }[];
  count: number;
  total: number | null;
  truncated: boolean;
  records?: { kind: string; measurement: string; period: string; time: string; tags: Record<string, string>; fields: Record<string, unknown> }[];
  series?: { kind: string; measurement: string; tags: Record<string, string>; windows: { start: string; stop: string; records: number; fields: Record<string, number> }[] }[];
  error?: string;
  message?: string;
}

/** One seeded home per backend, shared by the describes below. */
const homes = new Map<BackendKind, Promise<ApiHome<Storage>>>();
const homeOf = (kind: BackendKind) => {
  let h = homes.get(kind);
  if (h === undefined) homes.set(kind, (h = apiHome({ backend: kind })));
  return h;
};
after(async () => {
  for (const h of homes.values()) await (await h).close();
});
let home: ApiHome<Storage>;

const get = async (path: string) => {
  const res = await home.request(path);
  return { status: res.status, body: (await res.json()) as Body };
};

forEachBackend('GET /api/v1/aggregates/{kind}', (kind) => {
  before(async () => (home = await homeOf(kind)));

  it('answers seed query 1: time-based daily aggregates of one entity over 30 days, 1-day mean', async () => {
    const { status, body } = await get('/api/v1/aggregates/daily?measurement=time_based_daily&entity_id=light.living_room&start=-30d&every=1d&fn=mean');
    assert.equal(status, 200);
    assert.equal(body.series!.length, 1);
    const series = body.series![0]!;
    assert.equal(series.measurement, 'time_based_daily');
    assert.deepEqual(series.tags, { entity_id: 'light.living_room', area_id: 'living_room' });
    // The 30 days that overlap [now-30d, now): 2026-10-26 … 2026-11-24 (today has no record yet).
    assert.equal(series.windows.length, 30);
    assert.equal(body.total, 30);
    assert.deepEqual([body.parts[0]!.start, body.parts[0]!.end], ['2026-10-25T23:00:00.000Z', '2026-11-25T23:00:00.000Z'], 'the range widened to whole local days');
    assert.equal(series.windows[0]!.start, '2026-10-25T23:00:00.000Z', 'local midnight, CET');
    assert.equal(series.windows.at(-1)!.stop, '2026-11-24T23:00:00.000Z');
    assert.ok(series.windows.every((w) => w.records === 1));
    assert.deepEqual(Object.keys(series.windows[0]!.fields).sort(), ['count', 'first_minute'], 'numeric fields only');
    // The seed's counts are i % 4 over the days since 2026-08-27: the 1-day mean of one record is that record.
    assert.deepEqual(series.windows.slice(0, 4).map((w) => w.fields['count']), [0, 1, 2, 3]); // 2026-10-26 is day 60
  });

  it('returns raw records without every, paged', async () => {
    const first = await get('/api/v1/aggregates/daily?measurement=time_based_daily&start=-3d');
    assert.equal(first.status, 200);
    assert.deepEqual(first.body.records!.map((r) => `${r.period} ${r.tags['entity_id']}`), [
      '2026-11-22 light.kitchen_ceiling',
      '2026-11-22 light.living_room',
      '2026-11-23 light.kitchen_ceiling',
      '2026-11-23 light.living_room',
      '2026-11-24 light.kitchen_ceiling',
      '2026-11-24 light.living_room',
    ]);
    assert.equal(first.body.records![0]!.fields['minutes'], '[420]', 'stored fields as they are');
    const page = await get('/api/v1/aggregates/daily?measurement=time_based_daily&start=-3d&limit=4&offset=2');
    assert.equal(page.body.count, 4);
    assert.equal(page.body.truncated, false);
    assert.deepEqual(page.body.records, first.body.records!.slice(2));
    const cut = await get('/api/v1/aggregates/daily?measurement=time_based_daily&start=-3d&limit=2');
    assert.equal(cut.body.truncated, true);
  });

  it('filters by area and answers tags that match nothing with no rows', async () => {
    const { body } = await get('/api/v1/aggregates/daily?area_id=kitchen&start=-2d');
    assert.ok(body.records!.length > 0 && body.records!.every((r) => r.tags['area_id'] === 'kitchen'));
    const none = await get(`/api/v1/aggregates/daily?area_id=${encodeURIComponent("kitchen' OR '1'='1")}`);
    assert.equal(none.status, 200);
    assert.equal(none.body.count, 0);
  });

  it('reads weekly (2026-W48) and monthly (2026-11) periods from the weekly bucket', async () => {
    const weekly = await get('/api/v1/aggregates/weekly?measurement=day_type_weekly&start=-4w');
    assert.equal(weekly.status, 200);
    assert.equal(weekly.body.parts[0]!.bucket, 'pattern_aggregates_weekly');
    assert.deepEqual([...new Set(weekly.body.records!.map((r) => r.period))], ['2026-W44', '2026-W45', '2026-W46', '2026-W47']);
    const monthly = await get('/api/v1/aggregates/monthly');
    assert.deepEqual(monthly.body.records!.map((r) => [r.kind, r.measurement, r.period]), [
      ['monthly', 'entity_monthly', '2026-09'],
      ['monthly', 'entity_monthly', '2026-10'],
    ]);
    const weeklyAll = await get('/api/v1/aggregates/weekly');
    assert.ok(weeklyAll.body.records!.every((r) => r.measurement === 'day_type_weekly'), 'monthly roll-ups are not weeks');
  });

  it('answers a known measurement nothing has written yet with 200 and no rows', async () => {
    for (const path of ['/api/v1/aggregates/daily?measurement=session_daily', '/api/v1/aggregates/weekly?measurement=session_weekly&every=1w', '/api/v1/aggregates/monthly?measurement=seasonal_monthly']) {
      const { status, body } = await get(path);
      assert.equal(status, 200, path);
      assert.equal(body.count, 0, path);
    }
  });

  it('refuses bad input with a 400 {error, message}', async () => {
    for (const path of [
      '/api/v1/aggregates/daily?measurement=time_based',
      '/api/v1/aggregates/daily?measurement=time_based_daily,bogus_daily',
      `/api/v1/aggregates/daily?measurement=${encodeURIComponent("time_based_daily' OR 1=1 --")}`,
      '/api/v1/aggregates/daily?measurement=day_type_weekly',
      '/api/v1/aggregates/weekly?measurement=day_type_daily',
      '/api/v1/aggregates/monthly?measurement=day_type_weekly',
      '/api/v1/aggregates/daily?every=1d&fn=median',
      '/api/v1/aggregates/daily?fn=mean',
      '/api/v1/aggregates/daily?every=1y',
      '/api/v1/aggregates/daily?every=0d',
      '/api/v1/aggregates/daily?start=-30x',
      '/api/v1/aggregates/daily?start=2026-11-31',
      '/api/v1/aggregates/daily?start=-1d&end=-30d',
      '/api/v1/aggregates/daily?limit=-5',
      '/api/v1/aggregates/daily?limit=100000000000',
      '/api/v1/aggregates/daily?offset=-1',
      `/api/v1/aggregates/daily?entity_id=${encodeURIComponent("light.living_room' OR '1'='1")}`,
      `/api/v1/aggregates/daily?entity_id=${encodeURIComponent('light.living_room,light.kitchen_ceiling')}`,
      '/api/v1/aggregates/daily?measurment=time_based_daily',
      '/api/v1/aggregates/union?daily=day_type_daily&weekly_stat=-4w',
    ]) {
      const { status, body } = await get(path);
      assert.equal(status, 400, path);
      assert.equal(body.error, 'bad_request', path);
      assert.ok(body.message && body.message.length > 0, path);
    }
    const wrongKind = await get('/api/v1/aggregates/daily?measurement=day_type_weekly');
    assert.match(wrongKind.body.message!, /weekly measurement: ask \/api\/v1\/aggregates\/weekly/);
  });

  it('is a 404 JSON for a kind that does not exist', async () => {
    const { status, body } = await get('/api/v1/aggregates/yearly');
    assert.equal(status, 404);
    assert.equal(body.error, 'not_found');
  });
});

forEachBackend('GET /api/v1/aggregates/union', (kind) => {
  before(async () => (home = await homeOf(kind)));

  it('answers seed query 2: daily day_type (7 d) and weekly day_type (4 w) with a weekly mean', async () => {
    const { status, body } = await get('/api/v1/aggregates/union?daily=day_type_daily&daily_start=-7d&weekly=day_type_weekly&weekly_start=-4w&every=1w&fn=mean');
    assert.equal(status, 200);
    assert.deepEqual(body.parts.map((p) => [p.kind, p.measurements, p.start]), [
      ['daily', ['day_type_daily'], '2026-11-17T23:00:00.000Z'], // -7d, widened to local midnight
      ['weekly', ['day_type_weekly'], '2026-10-25T23:00:00.000Z'], // -4w, widened to Monday
    ]);
    const series = body.series!;
    const daily = series.filter((s) => s.measurement === 'day_type_daily').flatMap((s) => s.windows.map((w) => [w.start, s.tags['day_type'], w.records, w.fields['count']]));
    const weekly = series.filter((s) => s.measurement === 'day_type_weekly').flatMap((s) => s.windows.map((w) => ({ kind: s.kind, ...w })));
    // 7 days (Nov 18–24) fall in ISO weeks 47 and 48; the weekday/weekend series stay apart.
    assert.deepEqual(daily, [
      ['2026-11-15T23:00:00.000Z', 'weekday', 3, 2], // Wed 18 – Fri 20
      ['2026-11-22T23:00:00.000Z', 'weekday', 2, 2], // Mon 23, Tue 24
      ['2026-11-15T23:00:00.000Z', 'weekend', 2, 4], // Sat 21, Sun 22
    ]);
    assert.equal(weekly.length, 8, '4 weeks × 2 day types');
    assert.ok(weekly.every((w) => w.kind === 'weekly' && w.records === 1));
    assert.equal(body.total, 11);
  });

  it('returns the raw records of both parts merged in time order without every', async () => {
    const { body } = await get('/api/v1/aggregates/union?daily=day_type_daily&daily_start=-2d&weekly=day_type_weekly&weekly_start=-1w');
    assert.deepEqual(body.records!.map((r) => `${r.kind} ${r.period}`), ['weekly 2026-W47', 'weekly 2026-W47', 'daily 2026-11-23', 'daily 2026-11-24']);
  });

  it('refuses a union without parts, or a part range without its measurements', async () => {
    for (const path of [
      '/api/v1/aggregates/union',
      '/api/v1/aggregates/union?every=1w',
      '/api/v1/aggregates/union?daily_start=-7d',
      '/api/v1/aggregates/union?daily=day_type_weekly',
      '/api/v1/aggregates/union?weekly=day_type_weekly&weekly_start=-1w&weekly_end=-4w',
      '/api/v1/aggregates/union?daily=unknown_daily',
    ]) {
      const { status, body } = await get(path);
      assert.equal(status, 400, path);
      assert.equal(body.error, 'bad_request', path);
    }
  });
});
