/**
 * Issue 18, finding 1: a 300 MB body to any port — 8001, 8006, and 3000 directly and through its
 * proxy to the data-api — is refused with 413 before it is read, declared or chunked, and the
 * service's resident memory (VmRSS of the real process) grows by at most 20 MB meanwhile. The
 * body is streamed from one 64 KB buffer, never allocated whole.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { rawRequest } from '../../src/testing/raw-http.js';
import { API_TOKEN, rssOf, startService, type RunningService } from './service.js';

const MB = 1024 * 1024;
const BODY = 300 * MB;
const MAX_GROWTH = 20 * MB;

let service: RunningService;
before(async () => (service = await startService({ bind: '127.0.0.1' })));
after(() => service?.stop());

it('refuses a 300 MB body on every port with 413 before reading it, the process growing ≤ 20 MB', { timeout: 240_000 }, async (t) => {
  const { ingest, api, dashboard } = service.ports;
  const targets = [
    { name: '8001 (ingest) /health', port: ingest, path: '/health' },
    { name: '8006 (data-api) /api/v1/patterns', port: api, path: '/api/v1/patterns' },
    { name: '3000 (dashboard) proxy /api/v1/patterns', port: dashboard, path: '/api/v1/patterns' },
    { name: '3000 (dashboard) /', port: dashboard, path: '/' },
  ];
  // Warm up every path (code loaded, JIT, pools), then take the baseline.
  for (const { port, path } of targets) {
    for (let i = 0; i < 3; i++) await rawRequest({ host: '127.0.0.1', port, method: 'POST', path, bodyBytes: 1000, headers: { authorization: `Bearer ${API_TOKEN}` } });
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  const baseline = rssOf(service.pid);
  let peak = baseline;
  const sample = () => (peak = Math.max(peak, rssOf(service.pid)));
  const sampler = setInterval(sample, 10);
  const lines: string[] = [];
  const answers: { what: string; status: number; error: unknown; sent: number }[] = [];
  try {
    for (const target of targets) {
      for (const chunked of [false, true]) {
        const before = peak;
        let sinceSample = 0;
        const res = await rawRequest({
          host: '127.0.0.1',
          port: target.port,
          method: 'POST',
          path: target.path,
          bodyBytes: BODY,
          chunked,
          headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
          onProgress: (sent) => {
            if (sent - sinceSample >= 4 * MB) {
              sinceSample = sent;
              sample();
            }
          },
        });
        await new Promise((resolve) => setTimeout(resolve, 100));
        sample();
        const what = `${target.name} ${chunked ? 'chunked' : 'Content-Length'}`;
        lines.push(`${what}: ${res.status}, sent ${(res.sent / MB).toFixed(1)} MB, peak RSS +${((peak - baseline) / MB).toFixed(1)} MB (this request +${((peak - before) / MB).toFixed(1)} MB)`);
        answers.push({ what, status: res.status, error: (JSON.parse(res.body || '{}') as { error?: unknown }).error, sent: res.sent });
      }
    }
  } finally {
    clearInterval(sampler);
    for (const line of lines) t.diagnostic(line);
    t.diagnostic(`baseline RSS ${(baseline / MB).toFixed(1)} MB, peak ${(peak / MB).toFixed(1)} MB`);
  }
  assert.ok(peak - baseline <= MAX_GROWTH, `RSS grew by ${((peak - baseline) / MB).toFixed(1)} MB (at most ${MAX_GROWTH / MB} MB)`);
  for (const { what, status, error, sent } of answers) {
    assert.equal(status, 413, what);
    assert.equal(error, 'payload_too_large', what);
    // The client stops at the answer: what it wrote by then is what the sockets' buffers took, not the body.
    assert.ok(sent < 32 * MB, `${what}: the server read on: ${(sent / MB).toFixed(1)} MB sent before the answer`);
  }
  // And it still serves.
  assert.equal((await rawRequest({ host: '127.0.0.1', port: api, path: '/health' })).status, 200);
});
