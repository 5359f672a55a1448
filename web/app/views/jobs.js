// @ts-check
/** Job runs (what ran, how long, what failed) and "run now" with the admin token. */
import { getToken, query, request, RequestError, setToken, useJson } from '../api.js';
import { Empty, ErrorNote, Loading, Status } from '../components.js';
import { count, dateTime, runDuration } from '../format.js';
import { home } from '../home.js';
import { html, useState } from '../lib.js';
import { Health, JOBS, LastRun, StorageTable } from './system.js';

const PAGE = 20;

/** @typedef {import('./system.js').Run} Run */

const RUNNABLE = [
  ['daily', 'Daily job', 'yesterday'],
  ['weekly', 'Weekly job', 'the last complete week'],
  ['monthly', 'Monthly job', 'the last complete month'],
];

/** @param {{ onDone: () => void }} props */
function RunNow({ onDone }) {
  const [token, setTokenField] = useState(getToken());
  const [busy, setBusy] = useState(/** @type {string | null} */ (null));
  const [result, setResult] = useState(/** @type {{ ok: boolean, text: string } | null} */ (null));
  const saved = getToken() !== '';
  /** @param {string} job */
  const run = async (job) => {
    setBusy(job);
    setResult(null);
    try {
      const r = await request(`/api/v1/jobs/${job}/run`, { method: 'POST' });
      setResult({ ok: r.error === null, text: `${job} ${r.period}: ${r.run?.status ?? 'done'}, ${count(r.patterns)} patterns${r.run?.duration_ms != null ? `, in ${runDuration(r.run.duration_ms)}` : ''}${r.error ? ` — ${r.error}` : ''}` });
      onDone();
    } catch (e) {
      const err = e instanceof RequestError ? e : new RequestError(0, 'error', String(e));
      const lead = err.status === 501 ? `The ${job} job is not available in this version yet.` : err.status === 401 ? 'The token was not accepted.' : err.status === 403 ? 'Running jobs needs an API token.' : err.status === 409 ? 'Not run:' : err.unreachable ? 'Not run: the data-api is not reachable.' : `Not run (HTTP ${err.status}):`;
      setResult({ ok: false, text: `${lead} ${err.message}` });
    } finally {
      setBusy(null);
    }
  };
  return html`<div class="card run-now">
    <h3>Run a job now</h3>
    ${home.info?.token_configured === false
      ? html`<p class="note warn">No API token is configured, so jobs cannot be started from here. Set <code>HOMERHYTHM_API_TOKEN</code> (at least 16 characters) and restart; the jobs still run every night at 03:00.</p>`
      : null}
    <form class="token" onSubmit=${(/** @type {Event} */ e) => {
      e.preventDefault();
      setToken(token.trim());
      setResult({ ok: true, text: token.trim() === '' ? 'Token forgotten.' : 'Token kept for this browser tab.' });
    }}>
      <label>API token <input type="password" name="token" autocomplete="off" value=${token} placeholder="HOMERHYTHM_API_TOKEN" onInput=${(/** @type {Event} */ e) => setTokenField(/** @type {HTMLInputElement} */ (e.currentTarget).value)} /></label>
      <button type="submit">${saved ? 'Update' : 'Use token'}</button>
      <span class="muted">${saved ? 'A token is set for this tab.' : 'Kept in this browser tab only (sessionStorage).'}</span>
    </form>
    <div class="buttons">${RUNNABLE.map(([job, title, what]) => html`<button type="button" data-run=${job} disabled=${busy !== null || home.info?.token_configured === false} onClick=${() => run(/** @type {string} */ (job))}>${busy === job ? 'Running…' : `${title} (${what})`}</button>`)}</div>
    ${result ? html`<p class=${`note ${result.ok ? 'ok' : 'error'}`} role="status" data-result>${result.text}</p>` : null}
  </div>`;
}

/** @param {{ params: URLSearchParams, navigate: (hash: string) => void }} props */
export function Jobs({ params, navigate }) {
  const job = params.get('job') ?? '';
  const [shown, setShown] = useState(PAGE);
  const runs = useJson(`/api/v1/jobs${query({ job, limit: 100 })}`);
  /** @type {Run[]} */
  const all = runs.data?.runs ?? [];
  const list = all.slice(0, shown);
  return html`<section class="view" data-view="jobs">
    <h2>System</h2>
    <p class="lead">What runs behind the dashboard. The daily job summarizes each day and finds the daily patterns (03:00); the weekly job runs on Mondays, the monthly one on the 1st. Missed runs are caught up at start.</p>
    <h3 class="section">Services</h3>
    <${Health} />
    <h3 class="section">Jobs</h3>
    <div class="cards">${JOBS.map(([j, title, what]) => html`<${LastRun} key=${j} job=${j} title=${title} what=${what} />`)}</div>
    <${RunNow} onDone=${runs.reload} />
    <h3 class="section">Storage per layer</h3>
    <${StorageTable} />
    <h3 class="section">Run history</h3>
    <label>Job <select value=${job} onChange=${(/** @type {Event} */ e) => {
      setShown(PAGE);
      navigate(`#/jobs${query({ job: /** @type {HTMLSelectElement} */ (e.currentTarget).value })}`);
    }}>
      <option value="">all jobs</option>${['daily', 'weekly', 'monthly', 'retention', 'recompute', 'migrate', 'import'].map((j) => html`<option value=${j}>${j}</option>`)}
    </select></label>
    ${runs.error ? html`<${ErrorNote} error=${runs.error} what="the run history" />`
      : runs.loading && runs.data === null ? html`<${Loading} what="runs" />`
      : list.length === 0 ? html`<${Empty} title=${job ? `No ${job} job has run yet.` : 'No job has run yet.'}><p>The daily job runs every night at 03:00 (and catches up missed days when homerhythm starts). To run one now, paste the API token above, or run <code>npx homerhythm run daily</code>.</p></${Empty}>`
      : html`<p class="count" data-runs=${all.length}>${all.length} run${all.length === 1 ? '' : 's'}${all.length > list.length ? `, the newest ${list.length} shown` : ''}</p><table class="runs stack"><thead><tr><th scope="col">job</th><th scope="col">period</th><th scope="col">status</th><th scope="col">started</th><th scope="col" class="num">took</th><th scope="col">counts</th><th scope="col">error</th></tr></thead>
        <tbody>${list.map((r) => html`<tr key=${r.id} class=${r.error ? 'has-error' : ''}><td data-label="job">${r.job}</td><td data-label="period">${r.period}</td><td data-label="status"><${Status} status=${r.status} /></td><td data-label="started">${dateTime(r.started_at)}</td>
          <td class="num" data-label="took">${r.duration_ms === null ? '—' : runDuration(r.duration_ms)}</td>
          <td class="counts" data-label="counts">${Object.entries(r.counts).map(([k, v]) => `${k.replace(/_/g, ' ')} ${k.endsWith('_cutoff') ? dateTime(v) : count(v)}`).join(' · ')}</td>
          <td class="error-text" data-label="error">${r.error ?? ''}</td></tr>`)}</tbody></table>
        ${all.length > list.length ? html`<button type="button" class="more" onClick=${() => setShown(shown + PAGE)}>Show ${Math.min(PAGE, all.length - list.length)} more runs</button>` : null}`}
  </section>`;
}
