/**
 * Property tests of the data-api's parameters (issue 9): any query string on every GET route,
 * and any path under the API, gets a 2xx or a 4xx `{error, message}` — never a 5xx — and no
 * request changes what is stored (admin routes without the token included).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { layer1Snapshot } from '../testing/fuzz-import.js';
import { fuzzOptions } from '../testing/hostile.js';
import { apiHome, LAN, type ApiHome } from '../testing/api.js';

const ROUTES: Readonly<Record<string, readonly string[]>> = {
  '/api/v1/events': ['entity_id', 'start', 'end', 'limit'],
  '/api/v1/aggregates/daily': ['measurement', 'entity_id', 'area_id', 'start', 'end', 'every', 'fn', 'limit', 'offset'],
  '/api/v1/aggregates/weekly': ['measurement', 'entity_id', 'start', 'end', 'every', 'fn', 'limit'],
  '/api/v1/aggregates/monthly': ['measurement', 'start', 'end', 'every', 'fn'],
  '/api/v1/aggregates/union': ['daily', 'daily_start', 'daily_end', 'weekly', 'weekly_start', 'monthly', 'every', 'fn', 'limit'],
  '/api/v1/patterns': ['pattern_type', 'device_id', 'area_id', 'min_confidence', 'limit', 'offset'],
  '/api/v1/jobs': ['job', 'status', 'limit'],
  '/api/v1/storage': [],
  '/api/patterns/list': ['pattern_type', 'device_id', 'min_confidence', 'limit'],
  '/api/patterns/stats': [],
  '/health': [],
  '/metrics': [],
  '/openapi.json': [],
};

/** Values that break parsers: numbers at the edges, times far off, unicode, control characters, huge strings. */
const hostileValue = fc.oneof(
  fc.constantFrom('', '0', '-1', '1e400', '-1e400', 'NaN', 'Infinity', '9007199254740993', '0x10', '1.5', ' 5', '5 ', '1_000', '10001', '1000001'),
  fc.constantFrom('now', '-30d', '-9999999d', '-0d', '+1d', '2026-02-30', '2026-W54', '2026-13', '9999-12-31T23:59:59.999Z', '10000-01-01', '0000-01-01', '1969-12-31', '-271821-04-20', '2026-11-24T24:00', 'P1D'),
  fc.constantFrom('1d', '0d', '-1d', '1mo', '99999999w', '1y', 'mean', 'sum', 'median', 'MEAN', '__proto__', 'constructor', 'toString'),
  fc.constantFrom('time_based_daily', 'day_type_daily,day_type_daily', ',', ',,,', 'light.kitchen_ceiling', 'light.' + 'x'.repeat(300), Array.from({ length: 150 }, (_, i) => `light.l${i}`).join(',')),
  fc.constantFrom('daily', 'weekly', 'monthly', 'running', 'success', 'failed'),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', minLength: 200, maxLength: 2000 }),
);

const time = fc.constantFrom('now', '-1d', '-30d', '-4w', '-12h', '2026-11-24', '2026-11-01T07:30:00Z', '2026-W47', '2026-10', '2026-11-24T07:30+01:00');
const measurement = fc.constantFrom('time_based_daily', 'day_type_daily', 'day_type_weekly', 'time_based_monthly', 'co_occurrence_daily', 'day_type_daily,time_based_daily');
/** Values a client would send for each parameter, so the fuzz reaches past validation too. */
const PLAUSIBLE: Readonly<Record<string, fc.Arbitrary<string>>> = {
  start: time, end: time, daily_start: time, daily_end: time, weekly_start: time,
  measurement, daily: measurement, weekly: measurement, monthly: measurement,
  every: fc.constantFrom('1d', '1w', '1mo', '12h', '30m', '7d'),
  fn: fc.constantFrom('mean', 'sum', 'min', 'max', 'count'),
  limit: fc.integer({ min: -2, max: 20_000 }).map(String),
  offset: fc.integer({ min: -2, max: 2_000_000 }).map(String),
  min_confidence: fc.double({ min: -1, max: 2 }).map(String),
  entity_id: fc.constantFrom('light.living_room', 'light.kitchen_ceiling', 'light.living_room,light.kitchen_ceiling', 'switch.none'),
  device_id: fc.constantFrom('light.living_room', 'light.kitchen_ceiling'),
  area_id: fc.constantFrom('kitchen', 'living_room'),
  pattern_type: fc.constantFrom('time_based', 'co_occurrence', 'duration'),
  job: fc.constantFrom('daily', 'weekly', 'monthly'),
  status: fc.constantFrom('success', 'running', 'failed', 'partial'),
};

const queryFor = (names: readonly string[]) =>
  fc.array(
    fc
      .oneof({ weight: 6, arbitrary: names.length > 0 ? fc.constantFrom(...names) : fc.constant('x') }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) })
      .chain((name) => fc.tuple(fc.constant(name), PLAUSIBLE[name] === undefined ? hostileValue : fc.oneof({ weight: 3, arbitrary: PLAUSIBLE[name] }, { weight: 1, arbitrary: hostileValue }))),
    { maxLength: 5 },
  );

function encode(pairs: readonly (readonly [string, string])[]): string {
  if (pairs.length === 0) return '';
  return `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}`;
}

/** A digest of everything the API could change: Layer 1, Layers 2–3, patterns, job runs. */
async function storedDigest(home: ApiHome): Promise<string> {
  const hash = createHash('sha256');
  for (const [key, e] of await layer1Snapshot(home.storage.events)) hash.update(key).update(JSON.stringify(e));
  const db = home.storage.stateDb;
  for (const table of ['aggregates', 'patterns', 'job_runs']) hash.update(JSON.stringify(db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2, 3`).all()));
  return hash.digest('hex');
}

async function assertAnswer(res: Response, what: string): Promise<void> {
  assert.ok(res.status < 500, `${what}: ${res.status} ${await res.clone().text()}`);
  if (res.status >= 400) {
    const body = (await res.json()) as Record<string, unknown>;
    assert.equal(typeof body['error'], 'string', what);
    assert.equal(typeof body['message'], 'string', what);
  } else if ((res.headers.get('content-type') ?? '').includes('json')) {
    await res.json();
  } else await res.text();
}

describe('data-api under hostile parameters (fuzz)', () => {
  let home: ApiHome;
  let digest: string;
  before(async () => {
    home = await apiHome();
    digest = await storedDigest(home);
  });
  after(() => home.close());

  for (const [path, names] of Object.entries(ROUTES)) {
    it(`GET ${path}: any query → 2xx or 4xx {error, message}, never 5xx`, async () => {
      await fc.assert(
        fc.asyncProperty(queryFor(names), fc.boolean(), async (pairs, remote) => {
          const url = `${path}${encode(pairs)}`;
          const res = await home.request(url, remote ? { from: LAN, token: true } : {});
          await assertAnswer(res, `GET ${url}`);
        }),
        fuzzOptions(path === '/openapi.json' ? 50 : path.startsWith('/api/v1/') ? 600 : 200),
      );
    });
  }

  it('any path, method and id under the API → a JSON answer below 500; admin routes without the token refuse', async () => {
    const segment = fc.oneof(fc.constantFrom('api', 'v1', 'patterns', 'jobs', 'daily', 'weekly', 'monthly', 'run', 'aggregates', '1', '0', '-1', '999999999999', '1e3', '%00', '..'), fc.string({ unit: 'binary', maxLength: 10 }));
    await fc.assert(
      fc.asyncProperty(fc.array(segment, { minLength: 1, maxLength: 5 }), fc.constantFrom('GET', 'POST', 'DELETE', 'PUT', 'PATCH'), queryFor(['older_than_days', 'date', 'week', 'limit']), async (parts, method, pairs) => {
        const url = `/${parts.map(encodeURIComponent).join('/')}${encode(pairs)}`;
        const res = await home.request(url, { method });
        await assertAnswer(res, `${method} ${url}`);
        if (method !== 'GET') assert.ok(res.status >= 400, `${method} ${url} without the token: ${res.status}`);
      }),
      fuzzOptions(1000),
    );
  });

  it('no request changed what is stored', async () => {
    assert.equal(await storedDigest(home), digest);
  });
});
