import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { apiHome, type ApiHome } from '../../testing/api.js';

const KEY = 'time:light.living_room:all:1830';
const feedbackPath = (key: string) => `/api/v1/suggestions/${encodeURIComponent(key)}/feedback`;
const json = { 'content-type': 'application/json' };

describe('GET /api/v1/suggestions and POST …/feedback', () => {
  let home: ApiHome;
  before(async () => {
    home = await apiHome();
  });
  after(() => home.close());

  it('lists the new suggestions with their key, savings and YAML; answers move them out of "new"', async () => {
    const res = await home.request('/api/v1/suggestions');
    assert.equal(res.status, 200);
    const body = (await res.json()) as { show: string; counts: Record<string, number>; suggestions: Array<{ key: string; state: string; saves_per_week: number; suggestion: { yaml: string } }> };
    assert.deepEqual([body.show, body.counts, body.suggestions.map((s) => [s.key, s.state, s.saves_per_week])], ['new', { new: 1, automated: 0, accepted: 0, dismissed: 0, snoozed: 0 }, [[KEY, 'new', 6.3]]]);
    assert.match(body.suggestions[0]!.suggestion.yaml, /at: "18:30:00"/);

    const answered = await home.request(feedbackPath(KEY), { method: 'POST', headers: json, body: JSON.stringify({ verdict: 'dismiss' }) });
    assert.equal(answered.status, 200);
    assert.equal(((await answered.json()) as { state: string }).state, 'dismissed');
    const now = (await (await home.request('/api/v1/suggestions')).json()) as { suggestions: unknown[]; counts: Record<string, number> };
    assert.deepEqual([now.suggestions, now.counts['dismissed']], [[], 1]);
    const dismissed = (await (await home.request('/api/v1/suggestions?show=dismissed')).json()) as { suggestions: Array<{ key: string }> };
    assert.deepEqual(dismissed.suggestions.map((s) => s.key), [KEY]);

    const snoozed = await home.request(feedbackPath(KEY), { method: 'POST', headers: json, body: JSON.stringify({ verdict: 'snooze', days: 2 }) });
    assert.equal(((await snoozed.json()) as { until: string }).until, '2026-11-27T10:00:00.000Z');
    const undone = await home.request(feedbackPath(KEY), { method: 'POST', headers: json, body: JSON.stringify({ verdict: 'undo' }) });
    assert.equal(((await undone.json()) as { state: string }).state, 'new');
  });

  it('refuses what is not JSON (a cross-site form cannot post), an unknown key, a bad verdict or show', async () => {
    const form = await home.request(feedbackPath(KEY), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'verdict=dismiss' });
    assert.equal(form.status, 415);
    assert.equal(((await form.json()) as { error: string }).error, 'unsupported_media_type');
    const plain = await home.request(feedbackPath(KEY), { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ verdict: 'dismiss' }) });
    assert.equal(plain.status, 415);
    const unknown = await home.request(feedbackPath('time:light.nothing:all:0700'), { method: 'POST', headers: json, body: JSON.stringify({ verdict: 'dismiss' }) });
    assert.equal(unknown.status, 404);
    assert.match(((await unknown.json()) as { message: string }).message, /no suggestion time:light.nothing/);
    assert.equal((await home.request(feedbackPath(KEY), { method: 'POST', headers: json, body: JSON.stringify({ verdict: 'maybe' }) })).status, 400);
    assert.equal((await home.request(feedbackPath(KEY), { method: 'POST', headers: json, body: JSON.stringify({ verdict: 'snooze', days: 0 }) })).status, 400);
    assert.equal((await home.request(feedbackPath('<script>'), { method: 'POST', headers: json, body: JSON.stringify({ verdict: 'dismiss' }) })).status, 400);
    assert.equal((await home.request('/api/v1/suggestions?show=everything')).status, 400);
    const after = (await (await home.request('/api/v1/suggestions?show=all')).json()) as { counts: Record<string, number> };
    assert.deepEqual(after.counts, { new: 1, automated: 0, accepted: 0, dismissed: 0, snoozed: 0 }, 'nothing refused was stored');
  });

  it('off loopback, reading and answering need the token', async () => {
    assert.equal((await home.request('/api/v1/suggestions', { from: '192.168.1.50' })).status, 401);
    assert.equal((await home.request(feedbackPath(KEY), { method: 'POST', from: '192.168.1.50', headers: json, body: JSON.stringify({ verdict: 'accept' }) })).status, 401);
    const ok = await home.request(feedbackPath(KEY), { method: 'POST', from: '192.168.1.50', token: true, headers: json, body: JSON.stringify({ verdict: 'accept' }) });
    assert.equal(ok.status, 200);
  });
});
