import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { apiHome, type ApiHome, NOW } from '../../testing/api.js';

interface Run {
  id: number;
  job: string;
  period: string;
  status: string;
  started_at: string;
  finished_at: string | null;
  duration_ms: number | null;
  counts: Record<string, number>;
}

let home: ApiHome;
before(async () => (home = await apiHome()));
after(() => home.close());

const json = async <T>(res: Response) => ({ status: res.status, body: (await res.json()) as T });
const post = (path: string, token: boolean | string = true) => home.request(path, { method: 'POST', token });

describe('GET /api/v1/jobs', () => {
  it('lists runs newest first with ISO times, filtered by job and status', async () => {
    const { status, body } = await json<{ runs: Run[] }>(await home.request('/api/v1/jobs'));
    assert.equal(status, 200);
    assert.deepEqual(body.runs.map((r) => [r.job, r.period, r.status, r.started_at, r.duration_ms]), [['daily', '2026-11-24', 'success', '2026-11-25T09:59:00.000Z', 30_000]]);
    assert.equal((await json<{ runs: Run[] }>(await home.request('/api/v1/jobs?job=weekly'))).body.runs.length, 0);
    assert.equal((await json<{ runs: Run[] }>(await home.request('/api/v1/jobs?status=failed'))).body.runs.length, 0);
  });

  it('refuses an unknown job or status and a bad limit', async () => {
    for (const query of ['job=hourly', 'status=done', 'limit=0', 'limit=5000', "job=daily' OR 1=1"]) {
      const { status, body } = await json<{ error: string }>(await home.request(`/api/v1/jobs?${query}`));
      assert.equal(status, 400, query);
      assert.equal(body.error, 'bad_request', query);
    }
  });
});

describe('POST /api/v1/jobs/{job}/run', () => {
  it('needs the token', async () => {
    const res = await home.request('/api/v1/jobs/daily/run', { method: 'POST' });
    assert.equal(res.status, 401);
    assert.equal(res.headers.get('www-authenticate'), 'Bearer realm="homerhythm"');
  });

  it('runs the daily job for yesterday by default and what it writes is visible at once', async () => {
    const query = '/api/v1/aggregates/daily?measurement=time_based_daily&entity_id=light.living_room&start=2026-11-24';
    const before = await json<{ records: { fields: Record<string, unknown> }[] }>(await home.request(query));
    assert.equal(before.body.records[0]!.fields['first_minute'], 1102, 'the seeded record');
    const { status, body } = await json<{ job: string; period: string; run: Run; patterns: number; error: string | null }>(await post('/api/v1/jobs/daily/run'));
    assert.equal(status, 200);
    assert.deepEqual([body.job, body.period, body.run.status, body.run.counts['events'], body.error], ['daily', '2026-11-24', 'success', 4, null]);
    const after = await json<{ records: { fields: Record<string, unknown> }[] }>(await home.request(query));
    assert.equal(after.body.records[0]!.fields['first_minute'], 18 * 60 + 30, 'the job replaced it: 18:30');
    const runs = await json<{ runs: Run[] }>(await home.request('/api/v1/jobs?job=daily&limit=1'));
    assert.equal(runs.body.runs[0]!.id, body.run.id);
  });

  it('runs a given day, and refuses days that have not ended, are past raw retention, or are not dates', async () => {
    assert.equal((await post('/api/v1/jobs/daily/run?date=2026-11-23')).status, 200);
    // a day that ran once and whose raw events are gone since
    home.storage.runs.finish(home.storage.runs.start('daily', '2026-11-12', NOW - 1000), 'success', {}, NOW - 500);
    const cases: [string, number, RegExp][] = [
      ['2026-11-25', 400, /has not ended yet/],
      ['2026-12-01', 400, /has not ended yet/],
      ['2026-11-12', 409, /past Layer 1 retention/],
      ['2026-11-10', 409, /no raw events of 2026-11-10: the oldest stored is from 2026-11-23/],
      ['2026-11-31', 400, /not a date/],
      ['24.11.2026', 400, /not a date/],
      ['2026-11-24%27%20OR%201=1', 400, /date/],
    ];
    for (const [date, code, message] of cases) {
      const { status, body } = await json<{ error: string; message: string }>(await post(`/api/v1/jobs/daily/run?date=${date}`));
      assert.equal(status, code, date);
      assert.match(body.message, message, date);
    }
  });

  it('runs the weekly job for the last complete week from Layer 2, and refuses weeks it cannot', async () => {
    const { status, body } = await json<{ job: string; period: string; run: Run; error: string | null }>(await post('/api/v1/jobs/weekly/run'));
    assert.equal(status, 200);
    assert.deepEqual([body.job, body.period, body.run.job, body.run.status], ['weekly', '2026-W47', 'weekly', 'success']);
    const cases: [string, number, RegExp][] = [
      ['2026-W48', 400, /has not ended yet/],
      ['2026-W30', 409, /no run of 2026-W30 yet and its Layer 2 inputs are gone/],
      ['2026-W54', 400, /not an ISO week/],
      ['2026-11-24', 400, /not an ISO week/],
    ];
    for (const [week, code, message] of cases) {
      const r = await json<{ message: string }>(await post(`/api/v1/jobs/weekly/run?week=${week}`));
      assert.equal(r.status, code, week);
      assert.match(r.body.message, message, week);
    }
  });

  it('runs the monthly job for the last complete month from Layer 2/3, and refuses months it cannot', async () => {
    const { status, body } = await json<{ job: string; period: string; run: Run; error: string | null }>(await post('/api/v1/jobs/monthly/run'));
    assert.equal(status, 200);
    assert.deepEqual([body.job, body.period, body.run.job, body.run.status], ['monthly', '2026-10', 'monthly', 'success']);
    const cases: [string, number, RegExp][] = [
      ['2026-11', 400, /has not ended yet/],
      ['2026-01', 409, /no run of 2026-01 yet and its Layer 2 inputs are gone/],
      ['2026-13', 400, /not a month/],
      ['2026-W47', 400, /not a month/],
    ];
    for (const [month, code, message] of cases) {
      const r = await json<{ message: string }>(await post(`/api/v1/jobs/monthly/run?month=${month}`));
      assert.equal(r.status, code, month);
      assert.match(r.body.message, message, month);
    }
    assert.equal((await post('/api/v1/jobs/yearly/run')).status, 404);
  });

  it('runs one run of a job at a time and uses an injected runner', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = await apiHome({ deps: { jobs: { weekly: async (period) => (await gate, { period: period ?? '2026-W47', runId: 0, patterns: 2, error: null }) } } });
    try {
      const first = slow.request('/api/v1/jobs/weekly/run', { method: 'POST', token: true });
      const second = await slow.request('/api/v1/jobs/weekly/run', { method: 'POST', token: true });
      assert.equal(second.status, 409);
      release();
      const done = await json<{ period: string; patterns: number }>(await first);
      assert.deepEqual([done.status, done.body.period, done.body.patterns], [200, '2026-W47', 2]);
    } finally {
      await slow.close();
    }
  });
});
