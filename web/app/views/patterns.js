// @ts-check
/** The patterns found, strongest first, filtered by type, area, entity and confidence (kept in the URL). */
import { query, useJson } from '../api.js';
import { Area, Empty, EntityName, ErrorNote, Loading } from '../components.js';
import { count, dayLabel, dayOfTime } from '../format.js';
import { areas, areaName, home } from '../home.js';
import { html } from '../lib.js';
import { sentence, TYPES, typeLabel } from '../patterns.js';
import { News } from '../news.js';

const PAGE = 20;
const CONFIDENCES = [['', 'any'], ['0.5', '50 % or more'], ['0.7', '70 % or more'], ['0.9', '90 % or more']];

/** @param {{ params: URLSearchParams, navigate: (hash: string) => void }} props */
export function Patterns({ params, navigate }) {
  const filters = { type: params.get('type') ?? '', area: params.get('area') ?? '', entity: params.get('entity') ?? '', min: params.get('min') ?? '' };
  const page = Math.max(0, Number(params.get('page') ?? 0) || 0);
  const path = `/dashboard/patterns${query({ pattern_type: filters.type, area_id: filters.area, device_id: filters.entity, min_confidence: filters.min, limit: PAGE, offset: page * PAGE })}`;
  const list = useJson(path);
  /** @param {Record<string, string>} change */
  const set = (change) => {
    const next = { ...filters, ...change };
    navigate(`#/patterns${query({ type: next.type, area: next.area, entity: next.entity, min: next.min, page: 'page' in change ? change['page'] : undefined })}`);
  };
  /** @param {Event} e */
  const value = (e) => /** @type {HTMLSelectElement} */ (e.currentTarget).value;
  const entities = [...home.entities].sort((a, b) => a.name.localeCompare(b.name));
  /** @type {import('../patterns.js').Pattern[]} */
  const patterns = list.data?.patterns ?? [];
  const total = list.data?.total ?? 0;
  const filtered = Object.values(filters).some((v) => v !== '');
  return html`<section class="view" data-view="patterns">
    <h2>Patterns</h2>
    <p class="lead">Routines and habits found in your home's history, most useful first: how often they happen, how regular they are, and how much they switch by hand.</p>
    ${filters.type === 'anomaly' ? html`<section class="card unusual-days" aria-labelledby="news-h"><h3 id="news-h">Unusual days, newest first</h3><${News} /></section>` : html`<p class="muted">Unusual days are news, not routines: see them on the <a href="#/">overview</a>.</p>`}
    <form class="filters" onSubmit=${(/** @type {Event} */ e) => e.preventDefault()}>
      <label>Type <select name="type" value=${filters.type} onChange=${(/** @type {Event} */ e) => set({ type: value(e), page: '' })}>
        <option value="">all types</option>
        ${Object.entries(TYPES).map(([t, [label]]) => html`<option value=${t}>${label}</option>`)}
      </select></label>
      <label>Area <select name="area" value=${filters.area} onChange=${(/** @type {Event} */ e) => set({ area: value(e), page: '' })}>
        <option value="">all areas</option>
        ${areas().map((a) => html`<option value=${a}>${areaName(a)}</option>`)}
      </select></label>
      <label>Entity <select name="entity" value=${filters.entity} onChange=${(/** @type {Event} */ e) => set({ entity: value(e), page: '' })}>
        <option value="">all entities</option>
        ${entities.map((e) => html`<option value=${e.entity_id}>${e.name} (${e.entity_id})</option>`)}
      </select></label>
      <label>Confidence <select name="min" value=${filters.min} onChange=${(/** @type {Event} */ e) => set({ min: value(e), page: '' })}>
        ${CONFIDENCES.map(([v, label]) => html`<option value=${v}>${label}</option>`)}
      </select></label>
      ${filtered ? html`<button type="button" class="link" onClick=${() => {
        navigate('#/patterns');
        // the button goes away with the filters: keep the focus in the form, not at the top of the page
        requestAnimationFrame(() => /** @type {HTMLElement | null} */ (document.querySelector('select[name="type"]'))?.focus());
      }}>clear filters</button>` : null}
    </form>
    ${filters.type && TYPES[filters.type] ? html`<p class="muted">${typeLabel(filters.type)}: ${TYPES[filters.type]?.[1]}.</p>` : null}
    ${list.error ? html`<${ErrorNote} error=${list.error} what="the patterns" />`
      : list.loading && list.data === null ? html`<${Loading} what="patterns" />`
      : patterns.length === 0 ? (filtered
        ? html`<${Empty} title="No pattern matches these filters."><p>Try another type or a lower confidence, or <a href="#/patterns">clear the filters</a>.</p></${Empty}>`
        : html`<${Empty} title="No patterns yet."><p>Patterns appear after the daily job has run over a few days of history (it runs every night at 03:00). Import history with <code>npx homerhythm import</code>, or run a job now from <a href="#/jobs">Jobs</a>.</p></${Empty}>`)
      : html`<p class="count" data-total=${total}>${count(total)} pattern${total === 1 ? '' : 's'}${total > patterns.length ? `, ${page * PAGE + 1}–${page * PAGE + patterns.length} shown` : ''}</p>
        <ul class="patterns">${patterns.map((p) => html`<${PatternItem} key=${p.id} pattern=${p} />`)}</ul>
        <nav class="pager">
          ${page > 0 ? html`<button type="button" onClick=${() => set({ page: String(page - 1) })}>← more useful</button>` : null}
          ${(page + 1) * PAGE < total ? html`<button type="button" onClick=${() => set({ page: String(page + 1) })}>less useful →</button>` : null}
        </nav>`}
  </section>`;
}

/** @param {{ pattern: import('../patterns.js').Pattern & { usefulness?: { per_week: number, spread_minutes: number, timed: boolean, actions: number, score: number } } }} props */
function PatternItem({ pattern: p }) {
  const isEntity = p.device_id.includes('.');
  const u = p.usefulness;
  const anomaly = p.pattern_type === 'anomaly';
  return html`<li class="pattern" data-type=${p.pattern_type} data-id=${p.id} data-score=${u?.score}>
    <a class="pattern-link" href=${`#/patterns/${p.id}`}>
      <span class=${`type type-${p.pattern_type}`}>${typeLabel(p.pattern_type)}</span>
      <span class="sentence">${sentence(p)}</span>
    </a>
    <span class="pattern-meta">
      ${isEntity ? html`<${EntityName} id=${p.device_id} />` : null}
      <${Area} id=${p.area_id} />
      ${anomaly ? html`<span class="muted">on ${typeof p.pattern_metadata['day'] === 'string' ? dayLabel(p.pattern_metadata['day']) : dayOfTime(p.last_seen)}</span>`
        : html`<span class="muted">${u ? `about ${u.per_week} times a week` : `seen ${count(p.occurrences)} times`}${u && u.timed && u.spread_minutes < 120 ? `, give or take ${Math.round(u.spread_minutes)} min` : ''} · last ${dayOfTime(p.last_seen)}</span>`}
    </span>
  </li>`;
}
