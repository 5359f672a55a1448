// @ts-check
/**
 * Entities: the list (friendly names, areas, how active), and one entity's activity as a
 * day × hour heatmap over the last 30 or 90 days (Layer 2), its patterns, and its latest state
 * changes with their attributes (Layer 1). Names, states and attributes come from Home
 * Assistant and are shown as text only.
 */
import { query, useJson } from '../api.js';
import { Area, Empty, ErrorNote, Loading } from '../components.js';
import { count, dateTime, dayLabel } from '../format.js';
import { areaName, home } from '../home.js';
import { html, useState } from '../lib.js';
import { sentence, typeLabel } from '../patterns.js';

export function Entities() {
  const [filter, setFilter] = useState('');
  const needle = filter.trim().toLowerCase();
  const list = home.entities.filter((e) => needle === '' || `${e.name} ${e.entity_id} ${e.area_id ?? ''}`.toLowerCase().includes(needle));
  return html`<section class="view" data-view="entities">
    <h2>Entities</h2>
    <p class="lead">Everything with an on/off-like state, most active first (last 30 days). Open one to see when it is used.</p>
    <label class="search">Find <input type="search" value=${filter} placeholder="name, entity id or area" onInput=${(/** @type {Event} */ e) => setFilter(/** @type {HTMLInputElement} */ (e.currentTarget).value)} /></label>
    ${home.entities.length === 0
      ? html`<${Empty} title="No entity activity yet."><p>Entities appear here after the first daily job has summarized a day of events.</p></${Empty}>`
      : html`<table class="entities stack"><thead><tr><th scope="col">entity</th><th scope="col">area</th><th scope="col" class="num">activations (30 days)</th></tr></thead>
        <tbody>${list.map((e) => html`<tr key=${e.entity_id}><td data-label="entity"><a href=${`#/entities/${encodeURIComponent(e.entity_id)}`}><span class="entity-name">${e.name}</span> <code class="entity-id">${e.entity_id}</code></a></td><td data-label="area">${areaName(e.area_id)}</td><td class="num" data-label="activations (30 days)">${count(e.activations)}</td></tr>`)}</tbody></table>`}
  </section>`;
}

/** @typedef {{ day: string, weekday: number, hours: number[] | null }} HeatmapDay */

/** @param {{ days: HeatmapDay[] }} props */
function Heatmap({ days }) {
  const max = Math.max(1, ...days.flatMap((d) => d.hours ?? []));
  const level = (/** @type {number} */ n) => (n === 0 ? 0 : Math.min(4, 1 + Math.floor(((n - 1) / max) * 4)));
  const rows = [...days].reverse();
  return html`<div class="heatmap-wrap" tabindex="0" role="region" aria-label="Activity by day and hour (scrolls sideways when narrow)"><table class="heatmap" aria-label="Activations per day and hour">
    <thead><tr><th scope="col">day</th>${Array.from({ length: 24 }, (_, h) => html`<th scope="col" class="hour">${h % 3 === 0 ? h : ''}</th>`)}</tr></thead>
    <tbody>${rows.map((d) => html`<tr class=${d.weekday >= 6 ? 'weekend' : ''}>
      <th scope="row">${dayLabel(d.day).replace(/ \d{4}$/, '')}</th>
      ${d.hours === null
        ? html`<td colspan="24" class="no-data">no data for this day</td>`
        : d.hours.map((n, h) => html`<td class=${`cell l${level(n)}`} title=${`${dayLabel(d.day)} ${h}:00–${h + 1}:00: ${n} activation${n === 1 ? '' : 's'}`}></td>`)}
    </tr>`)}</tbody>
  </table>
  <p class="legend">fewer <span class="cell l0"></span><span class="cell l1"></span><span class="cell l2"></span><span class="cell l3"></span><span class="cell l4"></span> more (most in one hour: ${max}) · weekends shaded</p></div>`;
}

/** @typedef {{ time: string, state: string | null, old_state: string | null, attributes: Record<string, unknown>, cause: string }} StateEvent */

/** @param {{ id: string }} props */
function RecentChanges({ id }) {
  const res = useJson(`/api/v1/events${query({ entity_id: id, start: '-7d', limit: 1000 })}`);
  if (res.error) return html`<${ErrorNote} error=${res.error} what="the latest state changes" />`;
  if (res.loading && res.data === null) return html`<${Loading} what="state changes" />`;
  /** @type {StateEvent[]} */
  const events = (res.data?.events ?? []).slice(-10).reverse();
  if (events.length === 0) return html`<p class="muted">No state change in the last 7 days (Layer 1 keeps raw events for a week).</p>`;
  return html`<table class="events stack"><thead><tr><th scope="col">when</th><th scope="col">state</th><th scope="col">details</th></tr></thead>
    <tbody>${events.map((e) => html`<tr><td data-label="when">${dateTime(e.time)}</td><td data-label="state"><span class="state">${e.old_state ?? '—'}</span> → <span class="state">${e.state ?? '—'}</span></td>
      <td class="attributes">${Object.keys(e.attributes).length === 0 ? null : html`<details class="attrs"><summary>attributes (${Object.keys(e.attributes).length})</summary>${Object.entries(e.attributes).map(([k, v]) => html`<span class="attr"><span class="attr-key">${k}</span>: ${typeof v === 'string' ? v : JSON.stringify(v)}</span> `)}</details>`}</td></tr>`)}</tbody></table>`;
}

/** @param {{ id: string, params: URLSearchParams, navigate: (hash: string) => void }} props */
export function EntityView({ id, params, navigate }) {
  const days = params.get('days') === '90' ? 90 : 30;
  const map = useJson(`/dashboard/heatmap${query({ entity_id: id, days })}`);
  const patterns = useJson(`/api/v1/patterns${query({ device_id: id, limit: 20 })}`);
  const e = home.byId.get(id);
  /** @type {import('../patterns.js').Pattern[]} */
  const found = patterns.data?.patterns ?? [];
  return html`<section class="view" data-view="entity">
    <p><a href="#/entities">← all entities</a></p>
    <h2><span class="entity-name">${map.data?.name ?? e?.name ?? id}</span> <code class="entity-id">${id}</code></h2>
    <p class="lead"><${Area} id=${map.data?.area_id ?? e?.area_id ?? null} /></p>
    <h3 class="section">When it is used</h3>
    <div class="toggle" role="group" aria-label="period">
      ${[30, 90].map((n) => html`<button type="button" aria-pressed=${days === n} onClick=${() => navigate(`#/entities/${encodeURIComponent(id)}?days=${n}`)}>last ${n} days</button>`)}
    </div>
    ${map.error ? (map.error.status === 404 ? html`<${Empty} title="No activity recorded."><p>${map.error.message}.</p></${Empty}>` : html`<${ErrorNote} error=${map.error} what="the activity" />`)
      : map.loading && map.data === null ? html`<${Loading} what="the activity" />`
      : html`<p class="muted">${count(map.data.activations)} activations in the last ${days} days, by local hour (${map.data.zone}).</p><${Heatmap} days=${map.data.days} />`}
    <h3 class="section">Patterns</h3>
    ${patterns.error ? html`<${ErrorNote} error=${patterns.error} what="its patterns" />`
      : found.length === 0 ? html`<p class="muted">No pattern found for this entity yet.</p>`
      : html`<ul class="patterns compact">${found.map((p) => html`<li><a href=${`#/patterns/${p.id}`}><span class=${`type type-${p.pattern_type}`}>${typeLabel(p.pattern_type)}</span> <span class="sentence">${sentence(p)}</span></a></li>`)}</ul>`}
    <h3 class="section">Latest state changes</h3>
    <${RecentChanges} id=${id} />
  </section>`;
}
