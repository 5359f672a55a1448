// @ts-check
/**
 * The home at a glance: its rhythm in one picture (each area's usual day by hour, weekdays or
 * weekends, with the routines found marked on it), today so far against a usual day, the
 * strongest routines in plain words, and the recent unusual days as news. The system's health is
 * one strip at the top that turns red only when something needs the user.
 */
import { useJson } from '../api.js';
import { ErrorNote, Loading } from '../components.js';
import { clock, dayLabel, relative } from '../format.js';
import { useHealth } from '../health.js';
import { areaName, home } from '../home.js';
import { html, useState } from '../lib.js';
import { News, named } from '../news.js';

/** @typedef {{ area_id: string | null, weekday: number[], weekend: number[], activations: number }} AreaRhythm */
/** @typedef {{ pattern_id: number, type: string, area_ids: (string | null)[], entity_id: string | null, minute: number, end_minute: number | null, day_type: string, days: number, days_observed: number, spread_minutes: number, per_week: number, score: number, description: string }} Routine */
/** @typedef {{ day: string, weekday: number, hours: (number | null)[], usual: number[], today: boolean }} DayCurve */
/** @typedef {{ zone: string, first: string | null, last: string | null, weekdays: number, weekends: number, areas: AreaRhythm[], routines: Routine[], day: DayCurve | null }} Rhythm */

const WEEKDAYS = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MAX_AREAS = 9;
const MARKED = 14;
const PARTS = /** @type {Record<string, string>} */ ({ ingest: 'the Home Assistant connection', storage: 'the storage', jobs: 'the scheduler', api: 'the data API', dashboard: 'the dashboard' });

/** The health strip: quiet when all is well, red with what to do when something needs the user. */
function HealthStrip() {
  const health = useHealth();
  const daily = useJson('/api/v1/jobs?job=daily&limit=1');
  if (health.loading && health.data === null) return html`<p class="strip" role="status">Checking the services…</p>`;
  /** @type {Record<string, import('../health.js').Component>} */
  const components = health.data?.components ?? {};
  const bad = Object.entries(components).filter(([, c]) => c.status === 'down' || c.status === 'degraded');
  /** @type {{ status: string, finished_at: string | null, error: string | null } | undefined} */
  const run = daily.data?.runs?.[0];
  const failed = run !== undefined && run.status === 'failed';
  const needs = bad.length > 0 || failed || health.error !== null;
  const live = components['ingest'] !== undefined;
  const parts = [];
  if (health.error !== null) parts.push(health.error.unreachable ? 'the data-api is not reachable (see the note at the top)' : `the services do not answer: ${health.error.message}`);
  for (const [name, c] of bad) parts.push(`${PARTS[name] ?? name} is ${c.status === 'down' ? 'down' : 'degraded'}${c.message ? `: ${c.message}` : ''}`);
  if (failed) parts.push(`the last daily job failed${run.error ? `: ${run.error}` : ''}`);
  return html`<p class=${`strip ${needs ? 'strip-bad' : 'strip-ok'}`} data-health=${needs ? 'needs-you' : 'ok'} role=${needs ? 'alert' : 'status'}>
    ${needs
      ? html`<strong>Needs you:</strong> ${parts.join('; ')}. <a href="#/jobs">Open System</a>`
      : html`<span class="dot" aria-hidden="true"></span> All running${live ? '' : ' · no live Home Assistant connection, showing stored history'}${run ? ` · last daily job ${relative(run.finished_at)}` : ' · no daily job has run yet'} · <a href="#/jobs">System</a>`}
  </p>`;
}

/** @param {number} n @param {number} max */
const level = (n, max) => (n <= 0 || max <= 0 ? 0 : Math.min(4, 1 + Math.floor((n / max) * 3.999)));

/** Hours a routine covers: its start hour, through its end hour for a session. @param {Routine} r */
function hoursOf(r) {
  const start = Math.floor(r.minute / 60) % 24;
  if (r.end_minute === null) return [start];
  const end = Math.floor(r.end_minute / 60) % 24;
  const out = [start];
  for (let h = start; h !== end && out.length < 24; ) out.push((h = (h + 1) % 24));
  return out;
}

/** @param {Routine} r @param {'weekdays' | 'weekends'} kind */
const onDays = (r, kind) => r.day_type === 'all' || r.day_type === kind || r.day_type === 'some' || r.day_type === 'days';

/** A routine in a person's words. @param {Routine} r */
export function routineWords(r) {
  const when = r.day_type === 'weekdays' ? 'On weekdays' : r.day_type === 'weekends' ? 'At weekends' : r.day_type === 'all' ? 'Every day' : 'On some days';
  if (r.type === 'session') {
    const areas = r.area_ids.map((a) => areaName(a).toLowerCase());
    const list = areas.length <= 1 ? (areas[0] ?? 'the home') : `${areas.slice(0, -1).join(', ')} and ${areas[areas.length - 1]}`;
    const until = r.end_minute !== null && Math.round(r.end_minute - r.minute) >= 10 ? ` until about ${clock(r.end_minute)}` : '';
    return `${when} around ${clock(r.minute)}, the ${list} ${areas.length > 1 ? 'come' : 'comes'} alive${until}`;
  }
  const text = named(r.description.replace(/ \(.*\)$/, ''));
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** @param {{ data: Rhythm }} props */
function RhythmPicture({ data }) {
  const [kind, setKind] = useState(/** @type {'weekdays' | 'weekends'} */ ('weekdays'));
  const key = kind === 'weekdays' ? 'weekday' : 'weekend';
  const areas = data.areas.filter((a) => a.activations > 0).slice(0, MAX_AREAS);
  const whole = Array.from({ length: 24 }, (_, h) => data.areas.reduce((s, a) => s + (a[key][h] ?? 0), 0));
  const rows = [{ id: '*', label: 'Home', hours: whole }, ...areas.map((a) => ({ id: a.area_id ?? '', label: areaName(a.area_id), hours: a[key] }))];
  const routines = data.routines.filter((r) => onDays(r, kind)).slice(0, MARKED);
  /** @type {Map<string, Routine[]>} "area hour" → routines marked there */
  const marks = new Map();
  for (const r of routines)
    for (const h of hoursOf(r))
      for (const area of ['*', ...r.area_ids.map((a) => a ?? '')]) {
        const k = `${area} ${h}`;
        marks.set(k, [...(marks.get(k) ?? []), r]);
      }
  const days = kind === 'weekdays' ? data.weekdays : data.weekends;
  return html`<div class="rhythm-box">
    <div class="toggle" role="group" aria-label="Which days">
      ${/** @type {const} */ (['weekdays', 'weekends']).map((k) => html`<button type="button" aria-pressed=${kind === k} data-days=${k} onClick=${() => setKind(k)}>${k === 'weekdays' ? 'Weekdays' : 'Weekends'}</button>`)}
    </div>
    <table class="rhythm" data-days=${kind} aria-label=${`A usual ${kind === 'weekdays' ? 'weekday' : 'weekend day'} by hour, per area, over ${days} days; routines found are ringed`}>
      <thead><tr><th scope="col" class="area-col"><span class="sr">area</span></th>${Array.from({ length: 24 }, (_, h) => html`<th scope="col" class="hour">${h % 6 === 0 ? String(h).padStart(2, '0') : html`<span class="sr">${h}</span>`}</th>`)}</tr></thead>
      <tbody>${rows.map((row) => {
        const max = Math.max(...row.hours);
        return html`<tr data-area=${row.id}><th scope="row">${row.label}</th>${row.hours.map((n, h) => {
          const here = marks.get(`${row.id} ${h}`);
          const text = `${row.label}, ${String(h).padStart(2, '0')}:00: ${n.toFixed(1)} a day${here ? `; routine: ${here.map(routineWords).join('; ')}` : ''}`;
          return html`<td class=${`cell l${level(n, max)}${here ? ' routine' : ''}`} data-hour=${h} data-routines=${here ? here.map((r) => r.pattern_id).join(' ') : undefined} title=${text}>${here ? html`<span class="sr">${text}</span>` : null}</td>`;
        })}</tr>`;
      })}</tbody>
    </table>
    <p class="legend">Stronger colour: busier for that area · <span class="ring" aria-hidden="true"></span> a routine found · ${days} ${kind === 'weekdays' ? 'weekdays' : 'weekend days'} since ${data.first ? dayLabel(data.first).replace(/ \d{4}$/, '') : '—'}</p>
  </div>`;
}

/** @param {{ day: DayCurve }} props */
function DayAgainstUsual({ day }) {
  const max = Math.max(1, ...day.usual, ...day.hours.map((n) => n ?? 0));
  const weekdayName = WEEKDAYS[day.weekday] ?? '';
  const done = day.hours.filter((n) => n !== null).length;
  const sum = day.hours.reduce((s, n) => (s ?? 0) + (n ?? 0), 0) ?? 0;
  const usualSum = day.usual.slice(0, done).reduce((s, n) => s + n, 0);
  const ratio = usualSum > 0 ? sum / usualSum : 1;
  const verdict = ratio > 1.3 ? 'busier than' : ratio < 0.7 ? 'quieter than' : 'much like';
  // the hour that departs most from usual
  let odd = -1;
  let oddBy = 0;
  day.hours.forEach((n, h) => {
    if (n === null) return;
    const by = n - (day.usual[h] ?? 0);
    if (Math.abs(by) > Math.abs(oddBy) && Math.abs(by) >= 3) {
      odd = h;
      oddBy = by;
    }
  });
  return html`<div class="day-box" data-day=${day.day}>
    <p class="day-verdict"><strong>${day.today ? 'Today so far' : `${weekdayName} ${dayLabel(day.day).replace(/^\w+, /, '').replace(/ \d{4}$/, '')}`}</strong> was ${verdict} a usual ${weekdayName}: ${Math.round(sum)} things switched against about ${Math.round(usualSum)}${odd >= 0 ? `, most of all at ${String(odd).padStart(2, '0')}:00 (${day.hours[odd]} against ${Math.round(day.usual[odd] ?? 0)})` : ''}.</p>
    ${day.today ? null : html`<p class="muted">Nothing has been recorded today yet, so this is the last complete day.</p>`}
    <div class="day-bars" role="img" aria-label=${`Activations per hour on ${dayLabel(day.day)} (bars) against a usual ${weekdayName} (lines)`}>
      ${day.hours.map((n, h) => html`<div class="hour-col" title=${`${String(h).padStart(2, '0')}:00 — ${n === null ? 'still to come' : n} · usually ${(day.usual[h] ?? 0).toFixed(1)}`}>
        <span class="bar" style=${{ height: `${((n ?? 0) / max) * 100}%` }}></span>
        <span class="usual-tick" style=${{ bottom: `${((day.usual[h] ?? 0) / max) * 100}%` }}></span>
      </div>`)}
    </div>
    <div class="day-axis" aria-hidden="true"><span>00</span><span>06</span><span>12</span><span>18</span><span>24</span></div>
    <p class="legend"><span class="key-bar" aria-hidden="true"></span> ${day.today ? 'today' : 'that day'} · <span class="key-tick" aria-hidden="true"></span> a usual ${weekdayName}</p>
  </div>`;
}

/** @param {{ routines: Routine[] }} props */
function TopRoutines({ routines }) {
  const [more, setMore] = useState(false);
  if (routines.length === 0) return html`<p class="muted">No routine found yet: they appear after a week or two of history.</p>`;
  const shown = routines.slice(0, more ? 15 : 5);
  return html`<ol class="routines">${shown.map((r) => html`<li key=${r.pattern_id} data-routine=${r.pattern_id}>
      <a href=${`#/patterns/${r.pattern_id}`}>${routineWords(r)}</a>
      <span class="facts">${r.days} of ${r.days_observed} days, give or take ${Math.round(r.spread_minutes)} min</span>
    </li>`)}</ol>
    ${routines.length > 5 ? html`<button type="button" class="link" aria-expanded=${more} onClick=${() => setMore(!more)}>${more ? 'fewer' : `show ${Math.min(15, routines.length) - 5} more`}</button>` : null}`;
}

export function Overview() {
  const res = useJson('/dashboard/rhythm?days=28');
  /** @type {Rhythm | null} */
  const data = res.data;
  return html`<section class="view" data-view="overview">
    <h2>Your home at a glance</h2>
    <p class="lead">${home.info?.location_name ?? 'Your home'} · the last four weeks · times in ${home.info?.time_zone ?? 'UTC'}</p>
    <${HealthStrip} />
    ${res.error ? html`<${ErrorNote} error=${res.error} what="the rhythm of the home" />`
      : data === null ? html`<${Loading} what="the rhythm of the home" />`
      : data.first === null ? html`<div class="note empty"><strong>No day has been summarized yet.</strong><p>The picture of your home appears after the first daily job (every night at 03:00, or now from <a href="#/jobs">System</a>).</p></div>`
      : html`<div class="board">
        <section class="card wide" aria-labelledby="rhythm-h"><h3 id="rhythm-h">The rhythm of your home</h3><${RhythmPicture} data=${data} /></section>
        <section class="card" aria-labelledby="routines-h"><h3 id="routines-h">Strongest routines</h3><${TopRoutines} routines=${data.routines} /></section>
        ${data.day ? html`<section class="card" aria-labelledby="day-h"><h3 id="day-h">${data.day.today ? 'Today against a usual day' : 'The last day against a usual one'}</h3><${DayAgainstUsual} day=${data.day} /></section>` : null}
        <section class="card wide" aria-labelledby="news-h"><h3 id="news-h">Unusual days</h3><${News} /></section>
      </div>`}
  </section>`;
}
