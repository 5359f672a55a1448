import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HaRestError, type HaRest } from '../../ha/rest.js';
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

describe('create a suggestion in Home Assistant, after review', () => {
  const saved: Array<[string, Record<string, unknown>]> = [];
  const services: unknown[] = [];
  let listed = true;
  let refuse = false;
  const ha: HaRest = {
    async saveAutomation(id, config) {
      if (refuse) throw new HaRestError(400, 'Home Assistant refused POST /config/automation/config/x (HTTP 400): Message malformed: extra keys not allowed');
      saved.push([id, config]);
    },
    async states() {
      return listed ? saved.map(([id, c]) => ({ entity_id: `automation.${String(c['alias']).toLowerCase().replace(/[^a-z0-9]+/g, '_')}`, state: 'on', attributes: { id } })) : [];
    },
    async callService(domain, service, data) {
      services.push([domain, service, data]);
    },
  };
  let home: ApiHome;
  let unconfigured: ApiHome;
  before(async () => {
    home = await apiHome({ deps: { homeAssistant: () => ha } });
    unconfigured = await apiHome({ deps: { homeAssistant: () => null } });
  });
  after(async () => {
    await home.close();
    await unconfigured.close();
  });
  const create = (h: ApiHome, body: unknown, token: boolean | undefined = true) => h.request(`/api/v1/suggestions/${encodeURIComponent(KEY)}/create`, { method: 'POST', token, headers: json, body: JSON.stringify(body) });

  it('the review shows the YAML, what it touches and the id; creating needs the token and that id as confirmation', async () => {
    const res = await home.request(`/api/v1/suggestions/${encodeURIComponent(KEY)}/review`);
    assert.equal(res.status, 200);
    const r = (await res.json()) as { automation_id: string; touches: string[]; listens_to: string[]; yaml: string; alias: string };
    assert.match(r.automation_id, /^homerhythm_[0-9a-f]{12}$/);
    assert.deepEqual([r.touches, r.listens_to], [['light.living_room'], []]);
    assert.match(r.yaml, /at: "18:30:00"/);
    assert.equal((await home.request(`/api/v1/suggestions/${encodeURIComponent('time:light.none:all:0700')}/review`)).status, 404);

    assert.equal((await create(home, { confirm: r.automation_id, enabled: true }, false)).status, 401, 'admin: the token always');
    const unconfirmed = await create(home, { confirm: 'yes', enabled: true });
    assert.equal(unconfirmed.status, 409);
    assert.match(((await unconfirmed.json()) as { message: string }).message, /review the automation first/);
    assert.equal((await create(home, { enabled: true })).status, 400);
    assert.deepEqual(saved, [], 'nothing created without the confirmation');

    const done = await create(home, { confirm: r.automation_id, enabled: false });
    assert.equal(done.status, 200);
    const created = (await done.json()) as { automation_id: string; entity_id: string; enabled: boolean };
    assert.deepEqual(created, { automation_id: r.automation_id, entity_id: 'automation.living_room_on_at_18_30_every_day', enabled: false });
    assert.equal(saved.length, 1);
    assert.deepEqual([saved[0]![0], saved[0]![1]['id'], saved[0]![1]['alias'], saved[0]![1]['triggers']], [r.automation_id, r.automation_id, r.alias, [{ trigger: 'time', at: '18:30:00' }]]);
    assert.deepEqual(services, [['automation', 'turn_off', { entity_id: created.entity_id }]], 'created disabled, as asked');
    assert.deepEqual(home.storage.feedback.list().map((f) => [f.key, f.verdict, f.ha_automation_id]), [[KEY, 'accepted', r.automation_id]], 'the link is kept');
  });

  it('says so when HA is not configured, refuses, or does not list the new automation in time', async () => {
    const id = ((await (await home.request(`/api/v1/suggestions/${encodeURIComponent(KEY)}/review`)).json()) as { automation_id: string }).automation_id;
    const none = await create(unconfigured, { confirm: id, enabled: true });
    assert.equal(none.status, 409);
    assert.match(((await none.json()) as { message: string }).message, /not configured/);
    refuse = true;
    const refused = await create(home, { confirm: id, enabled: true });
    assert.equal(refused.status, 502);
    assert.match(((await refused.json()) as { message: string }).message, /Message malformed/);
    refuse = false;
    listed = false;
    services.length = 0;
    const unlisted = await home.request(`/api/v1/suggestions/${encodeURIComponent(KEY)}/create`, { method: 'POST', token: true, headers: json, body: JSON.stringify({ confirm: id, enabled: true }) });
    assert.equal(unlisted.status, 200, 'enabled: nothing to turn off');
    assert.equal(((await unlisted.json()) as { entity_id: string | null }).entity_id, null);
    assert.deepEqual(services, []);
  });
});
