// @ts-check
/**
 * The system behind the dashboard, for when something needs the user: each component from
 * /health (with what to do when it is not running), when each job last ran, and what each
 * storage layer holds against what it keeps.
 */
import { useJson } from '../api.js';
import { ErrorNote, Loading, Meter, Status } from '../components.js';
import { bytes, count, dateTime, relative, runDuration } from '../format.js';
import { useHealth } from '../health.js';
import { home } from '../home.js';
import { html } from '../lib.js';

/** @typedef {{ status: string, message?: string, details?: Record<string, any> }} Component */

const COMPONENT_TITLES = /** @type {Record<string, string>} */ ({ ingest: 'Home Assistant connection', storage: 'Storage', jobs: 'Scheduler (jobs)', api: 'Data API', dashboard: 'Dashboard' });
const ORDER = ['ingest', 'storage', 'jobs', 'api', 'dashboard'];

/** @param {{ name: string, component: Component }} props */
function ComponentCard({ name, component }) {
  const d = component.details ?? {};
  /** @type {[string, any][]} */
  const facts = [];
  if (name === 'ingest') {
    facts.push(['connection', d['connection']], ['HA version', d['ha_version'] ?? '—'], ['last event', relative(d['last_event_time'])], ['events per second', d['events_per_second']]);
  } else if (name === 'storage') {
    facts.push(['backend', d['backend']], ['newest event', d['newest_event'] ? dateTime(d['newest_event']) : 'none yet']);
  } else if (name === 'jobs') {
    facts.push(['next run', d['next_run'] ? `${dateTime(d['next_run'])} (${relative(d['next_run'])})` : 'not scheduled in this process'], ['running now', d['running'] ?? 'nothing']);
  } else if (typeof d['url'] === 'string') facts.push(['address', d['url']]);
  return html`<article class=${`card component component-${component.status}`} data-component=${name}>
    <header><h3>${COMPONENT_TITLES[name] ?? name}</h3><${Status} status=${component.status} /></header>
    ${component.message ? html`<p class="component-message">${component.message}</p>` : null}
    <dl>${facts.map(([k, v]) => html`<dt>${k}</dt><dd>${String(v ?? '—')}</dd>`)}</dl>
  </article>`;
}

function NoHomeAssistant() {
  const configured = home.info?.ha_configured ?? false;
  return html`<article class="card component component-missing" data-component="ingest">
    <header><h3>Home Assistant connection</h3><${Status} status="missing" /></header>
    ${configured
      ? html`<p class="component-message">Home Assistant is configured, but ingestion does not run in this process (started with <code>--only</code>?). Run <code>npx homerhythm serve</code> to ingest live events.</p>`
      : html`<p class="component-message">No Home Assistant configured: what you see is what is already stored here (the demo home <code>npm start</code> simulates, or imported history). To see your own home live, create a long-lived access token in Home Assistant (your profile → Security), then start <code>HA_URL=http://homeassistant.local:8123 HA_TOKEN=… npx homerhythm serve</code>.</p>`}
  </article>`;
}

export function Health() {
  const health = useHealth();
  if (health.loading && health.data === null) return html`<${Loading} what="health" />`;
  if (health.error) return html`<${ErrorNote} error=${health.error} what="the health of the services" />`;
  /** @type {Record<string, Component>} */
  const components = health.data?.components ?? {};
  const names = Object.keys(components).sort((a, b) => (ORDER.indexOf(a) + 99) % 99 - ((ORDER.indexOf(b) + 99) % 99) || a.localeCompare(b));
  return html`<div class="cards">
    ${components['ingest'] === undefined ? html`<${NoHomeAssistant} />` : null}
    ${names.map((n) => html`<${ComponentCard} key=${n} name=${n} component=${/** @type {Component} */ (components[n])} />`)}
  </div>`;
}

/** @typedef {{ id: number, job: string, period: string, status: string, started_at: string, finished_at: string | null, duration_ms: number | null, counts: Record<string, number>, error: string | null }} Run */

export const JOBS = [
  ['daily', 'Daily job', 'every night at 03:00: Layer 2 and the daily patterns'],
  ['weekly', 'Weekly job', 'Mondays at 03:00: sessions and weekday/weekend patterns'],
  ['monthly', 'Monthly job', 'the 1st at 03:00: context and seasonal patterns'],
];

/** @param {{ job: string, title: string, what: string }} props */
export function LastRun({ job, title, what }) {
  const runs = useJson(`/api/v1/jobs?job=${job}&limit=1`);
  /** @type {Run | undefined} */
  const run = runs.data?.runs?.[0];
  return html`<article class="card" data-job=${job}>
    <header><h3>${title}</h3>${run ? html`<${Status} status=${run.status} />` : null}</header>
    <p class="muted">${what}</p>
    ${runs.error ? html`<${ErrorNote} error=${runs.error} what="the last run" />`
      : runs.loading && runs.data === null ? html`<${Loading} />`
      : run === undefined ? html`<p>Not run yet.</p>`
      : html`<dl><dt>period</dt><dd>${run.period}</dd><dt>finished</dt><dd>${run.finished_at ? `${dateTime(run.finished_at)} (${relative(run.finished_at)})` : 'still running'}</dd><dt>took</dt><dd>${run.duration_ms === null ? '—' : runDuration(run.duration_ms)}</dd>
        ${run.error ? html`<dt>error</dt><dd class="error-text">${run.error}</dd>` : null}</dl>`}
  </article>`;
}

/** @typedef {{ layer: number, name: string, records: number, bytes: number, oldest: string | null, newest: string | null, retention_days: number | null }} Layer */

const LAYER_WORDS = ['', 'raw events', 'daily aggregates', 'weekly and monthly aggregates', 'patterns'];

/** @param {{ layer: Layer }} props */
function LayerRow({ layer }) {
  const spanDays = layer.oldest === null ? 0 : (Date.now() - Date.parse(layer.oldest)) / 86_400_000;
  const kept = layer.retention_days;
  const over = kept !== null && spanDays > kept + 1;
  return html`<tr data-layer=${layer.layer}>
    <th scope="row">${layer.layer} · ${LAYER_WORDS[layer.layer] ?? ''}<br /><code>${layer.name}</code></th>
    <td class="num" data-label="records">${count(layer.records)}</td>
    <td class="num" data-label="on disk">${bytes(layer.bytes)}</td>
    <td data-label="oldest → newest">${layer.oldest === null ? 'empty' : `${dateTime(layer.oldest)} → ${layer.newest ? dateTime(layer.newest) : '—'}`}</td>
    <td data-label="held vs. kept">${kept === null
      ? 'forever'
      : html`<${Meter} value=${spanDays / kept} warn=${over} label=${`${Math.round(spanDays)} of ${kept} days`} /> ${Math.round(spanDays)} of ${kept} days${over ? html`<br /><span class="muted">older data is removed by the next retention run (daily, 03:00)</span>` : null}`}</td>
  </tr>`;
}

export function StorageTable() {
  const storage = useJson('/api/v1/storage');
  if (storage.loading && storage.data === null) return html`<${Loading} what="storage" />`;
  if (storage.error) return html`<${ErrorNote} error=${storage.error} what="the storage layers" />`;
  /** @type {Layer[]} */
  const layers = storage.data?.layers ?? [];
  const total = layers.reduce((a, l) => a + l.bytes, 0);
  return html`<table class="storage stack">
    <caption>Backend: ${storage.data?.backend} — ${bytes(total)} on disk in all</caption>
    <thead><tr><th scope="col">layer</th><th scope="col" class="num">records</th><th scope="col" class="num">on disk</th><th scope="col">oldest → newest</th><th scope="col">held vs. kept (retention)</th></tr></thead>
    <tbody>${layers.map((l) => html`<${LayerRow} key=${l.layer} layer=${l} />`)}</tbody>
  </table>`;
}

