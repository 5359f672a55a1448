// @ts-check
/**
 * Each pattern's evidence drawn: what a person needs to see to believe it. Time of day across
 * days (time_based), the lag after the trigger (co_occurrence), how long it stays on (duration),
 * the day against its baseline (anomaly), weekday vs weekend profiles (day_type), busy hours
 * (room_based), and the rate in and outside a context (contextual).
 */
import { query, useJson } from '../api.js';
import { bars, Chart, COLORS, dots, line } from '../chart.js';
import { Empty, ErrorNote, Loading } from '../components.js';
import { clock, count, dayLabel, duration, minutesOf, tickDuration } from '../format.js';
import { nameOf } from '../home.js';
import { contextWords } from '../patterns.js';
import { html, useMemo } from '../lib.js';

/** @typedef {import('../patterns.js').Pattern} Pattern */

const dayTs = (/** @type {string} */ day) => Date.parse(`${day}T12:00:00Z`) / 1000;
const hourAxis = { values: (/** @type {any} */ _u, /** @type {number[]} */ v) => v.map((h) => `${h}:00`) };
const hours = Array.from({ length: 24 }, (_, h) => h);
/** uPlot's category-free x scale for bar charts. */
const linearX = { x: { time: false } };

/** @param {{ pattern: Pattern }} props */
function TimeOfDay({ pattern: p }) {
  const m = p.pattern_metadata;
  const chart = useMemo(() => {
    const typical = Number(m['typical_minute']);
    /** @type {{ day: string, time: string }[]} */
    const points = m['daily_times'] ?? [];
    // unwrap around the typical time, so 23:50 and 00:10 sit next to each other
    const y = points.map((d) => {
      let v = minutesOf(d.time);
      if (v - typical > 720) v -= 1440;
      if (typical - v > 720) v += 1440;
      return v;
    });
    const x = points.map((d) => dayTs(d.day));
    const spread = Number(m['spread_minutes']);
    return { x, y, typical, spread, data: /** @type {any} */ ([x, y, x.map(() => typical), x.map(() => typical - spread), x.map(() => typical + spread)]) };
  }, [p.id]);
  if (chart.x.length === 0) return html`<p class="muted">This pattern carries no per-day times (found by an older version).</p>`;
  const options = {
    scales: { x: { time: true }, y: { range: (/** @type {any} */ _u, /** @type {number} */ lo, /** @type {number} */ hi) => [Math.floor((Math.min(lo, chart.typical - 60)) / 30) * 30, Math.ceil((Math.max(hi, chart.typical + 60)) / 30) * 30] } },
    axes: [{}, { values: (/** @type {any} */ _u, /** @type {number[]} */ v) => v.map(clock), size: 56 }],
    series: [
      {},
      { label: 'turned on', stroke: COLORS.main, fill: COLORS.main, paths: dots, points: { show: true, size: 8, fill: COLORS.main }, value: (/** @type {any} */ _u, /** @type {number | null} */ v) => (v === null ? '—' : clock(v)) },
      { label: 'typical', stroke: COLORS.second, width: 2, points: line, value: (/** @type {any} */ _u, /** @type {number | null} */ v) => (v === null ? '—' : clock(v)) },
      { label: '− spread', stroke: COLORS.muted, dash: [4, 4], points: line, value: (/** @type {any} */ _u, /** @type {number | null} */ v) => (v === null ? '—' : clock(v)) },
      { label: '+ spread', stroke: COLORS.muted, dash: [4, 4], points: line, value: (/** @type {any} */ _u, /** @type {number | null} */ v) => (v === null ? '—' : clock(v)) },
    ],
  };
  return html`<${Chart} label="Time of day it turned on, per day" options=${options} data=${chart.data}
    caption=${`Each dot is a day it turned on near its routine (${m['days_matched']} of ${m['days_observed']} days); the orange line is the typical time ${m['typical_time']}, the dashed lines ${Math.round(chart.spread)} min either side.`} />`;
}

/** Counts of values in equal bins from 0 to `top`. @param {number[]} values @param {number} top @param {number} n */
function histogram(values, top, n) {
  const width = top / n;
  const counts = new Array(n).fill(0);
  for (const v of values) counts[Math.min(n - 1, Math.max(0, Math.floor(v / width)))]++;
  return { x: counts.map((_, i) => (i + 0.5) * width), y: counts, width };
}

/** @param {{ pattern: Pattern }} props */
function Lag({ pattern: p }) {
  const m = p.pattern_metadata;
  const window = Number(m['window_minutes']) * 60;
  const h = useMemo(() => histogram(m['lag_seconds'] ?? [], window, 20), [p.id]);
  const options = {
    legend: { show: false },
    scales: linearX,
    axes: [{ values: (/** @type {any} */ _u, /** @type {number[]} */ v) => v.map(tickDuration) }, { label: 'times' }],
    series: [{}, { label: 'times', stroke: COLORS.main, fill: `${COLORS.main}88`, paths: bars(), points: line }],
  };
  return html`<${Chart} label="Delay between the two" options=${options} data=${[h.x, h.y]}
    caption=${`How long after ${nameOf(m['trigger'])} turned on ${nameOf(m['follower'])} followed (${count(p.occurrences)} times; typically after ${duration(Number(m['typical_lag_seconds']))}, always within ${m['window_minutes']} min).`} />`;
}

/** Geometric centre of a duration histogram bin (log bins of factor 1.05, as the detector keeps them). @param {number} bin */
const binSeconds = (bin) => (bin === 0 ? 0.5 : Math.sqrt(1.05 ** (bin - 1) * 1.05 ** bin));

/** @param {{ pattern: Pattern }} props */
function Durations({ pattern: p }) {
  const m = p.pattern_metadata;
  const chart = useMemo(() => {
    /** @type {number[]} */
    const values = [];
    for (const [bin, n] of Object.entries(m['histogram'] ?? {})) for (let i = 0; i < n; i++) values.push(binSeconds(Number(bin)));
    const top = Math.max(60, Number(m['p90_seconds']) * 1.5, ...values.filter((v) => v <= Number(m['p90_seconds']) * 3));
    const h = histogram(values.filter((v) => v <= top), top, 24);
    const minutes = top > 180;
    return { x: h.x.map((s) => (minutes ? s / 60 : s)), y: h.y, unit: minutes ? 'min' : 's' };
  }, [p.id]);
  const options = {
    legend: { show: false },
    scales: linearX,
    axes: [{ values: (/** @type {any} */ _u, /** @type {number[]} */ v) => v.map((x) => `${Number.isInteger(x) ? x : x.toFixed(1)} ${chart.unit}`) }, { label: 'times' }],
    series: [{}, { label: 'times', stroke: COLORS.main, fill: `${COLORS.main}88`, paths: bars(), points: line }],
  };
  return html`<${Chart} label="How long it stayed on" options=${options} data=${[chart.x, chart.y]}
    caption=${`How long each of ${count(Number(m['intervals'] ?? p.occurrences))} on-periods lasted: usually about ${duration(Number(m['typical_seconds']))}, 9 times in 10 within ${duration(Number(m['p90_seconds']))}${m['auto_off_candidate'] ? ` — an auto-off after ${duration(Number(m['suggested_auto_off_minutes']) * 60)} would catch the times it is forgotten` : ''}.`} />`;
}

/** @param {{ pattern: Pattern }} props */
function AnomalyDay({ pattern: p }) {
  const m = p.pattern_metadata;
  const day = String(m['day']);
  const start = new Date(Date.parse(`${day}T00:00:00Z`) - 28 * 86_400_000).toISOString().slice(0, 10);
  const end = new Date(Date.parse(`${day}T00:00:00Z`) + 2 * 86_400_000).toISOString().slice(0, 10);
  const records = useJson(`/api/v1/aggregates/daily${query({ measurement: 'anomaly_daily', entity_id: m['entity_id'] ?? p.device_id, start, end, limit: 100 })}`);
  const chart = useMemo(() => {
    /** @type {{ period: string, fields: Record<string, any> }[]} */
    const rows = (records.data?.records ?? []).filter((/** @type {{ period: string }} */ r) => r.period <= day);
    const before = rows.filter((r) => r.period < day);
    const the = rows.find((r) => r.period === day);
    if (m['kind'] === 'hour') {
      const usual = hours.map((h) => before.reduce((a, r) => a + (JSON.parse(r.fields['hours'] ?? '[]')[h] ?? 0), 0) / Math.max(1, before.length));
      const that = JSON.parse(the?.fields['hours'] ?? '[]').map(Number);
      return { hourly: true, data: [hours, usual, hours.map((h) => that[h] ?? 0)] };
    }
    const field = m['kind'] === 'duration' ? 'on_seconds' : 'count';
    const scale = field === 'on_seconds' ? 1 / 3600 : 1;
    const x = rows.map((r) => dayTs(r.period));
    const y = rows.map((r) => Number(r.fields[field] ?? 0) * scale);
    const earlier = before.map((r) => Number(r.fields[field] ?? 0) * scale);
    const mean = earlier.reduce((a, v) => a + v, 0) / Math.max(1, earlier.length);
    return { hourly: false, data: [x, rows.map((r, i) => (r === the ? null : y[i] ?? null)), rows.map((r, i) => (r === the ? y[i] ?? null : null)), x.map(() => mean)], unit: field === 'on_seconds' ? 'hours on' : 'activations' };
  }, [records.data]);
  // the home's quiet, a stuck or silent sensor: the sentence says it all; no per-day chart yet
  if (['home_quiet', 'stuck', 'silent'].includes(String(m['kind']))) return null;
  if (records.error) return html`<${ErrorNote} error=${records.error} what="the baseline" />`;
  if (records.loading && records.data === null) return html`<${Loading} what="the baseline" />`;
  const b = { days: m['usual']?.['days'] ?? '' };
  if (chart.hourly) {
    const options = {
      scales: linearX,
      axes: [hourAxis, { label: 'activations' }],
      series: [{}, { label: 'usual (per day)', stroke: COLORS.muted, fill: `${COLORS.muted}66`, paths: bars(), points: line }, { label: dayLabel(day), stroke: COLORS.alert, fill: `${COLORS.alert}aa`, paths: bars(), points: line }],
    };
    return html`<${Chart} label="Activity per hour that day against the usual" options=${options} data=${chart.data}
      caption=${`Red: activity on ${dayLabel(day)} by hour; grey: the usual activity per hour over the ${b['days']} days before. It was active at ${(m['observed']?.['hours'] ?? []).map((/** @type {number} */ h) => `${h}:00`).join(', ')}, with no use within ${m['usual']?.['margin_hours']} h of it before.`} />`;
  }
  const options = {
    scales: { x: { time: true } },
    axes: [{}, { label: chart.unit }],
    series: [{}, { label: 'other days', stroke: COLORS.main, fill: `${COLORS.main}66`, paths: bars(), points: line }, { label: dayLabel(day), stroke: COLORS.alert, fill: COLORS.alert, paths: bars(), points: line }, { label: 'baseline mean', stroke: COLORS.second, width: 2, dash: [6, 4], points: line }],
  };
  return html`<${Chart} label="The unusual day against its baseline" options=${options} data=${chart.data}
    caption=${`Red: ${dayLabel(day)}; blue: the days before it; dashed: the baseline mean over ${b['days']} days.`} />`;
}

/** @param {{ pattern: Pattern }} props */
function WeekdayWeekend({ pattern: p }) {
  const m = p.pattern_metadata;
  const map = useJson(`/dashboard/heatmap${query({ entity_id: m['entity_id'] ?? p.device_id, days: 30 })}`);
  const data = useMemo(() => {
    /** @type {{ weekday: number, hours: number[] | null }[]} */
    const days = (map.data?.days ?? []).filter((/** @type {{ hours: any }} */ d) => d.hours !== null);
    /** @param {boolean} weekend */
    const profile = (weekend) => {
      const some = days.filter((d) => (d.weekday >= 6) === weekend);
      return hours.map((h) => some.reduce((a, d) => a + (d.hours?.[h] ?? 0), 0) / Math.max(1, some.length));
    };
    return [hours, profile(false), profile(true)];
  }, [map.data]);
  if (map.error) return html`<${ErrorNote} error=${map.error} what="the weekday and weekend profiles" />`;
  if (map.loading && map.data === null) return html`<${Loading} what="the profiles" />`;
  const options = {
    scales: linearX,
    axes: [hourAxis, { label: 'activations per day' }],
    series: [{}, { label: 'weekdays', stroke: COLORS.main, width: 2, points: line }, { label: 'weekends', stroke: COLORS.second, width: 2, points: line }],
  };
  const fact = m['aspect'] === 'time' ? `It first turns on around ${m['weekday_first']} on weekdays and ${m['weekend_first']} at weekends.` : `${m['weekday_per_day']} activations a weekday against ${m['weekend_per_day']} a weekend day.`;
  return html`<${Chart} label="Weekday and weekend profiles" options=${options} data=${data}
    caption=${`Average activations per hour over the last 30 days, weekdays (blue) and weekends (orange). ${fact}`} />`;
}

/** @param {{ pattern: Pattern }} props */
function RoomHours({ pattern: p }) {
  const m = p.pattern_metadata;
  const options = { legend: { show: false }, scales: linearX, axes: [hourAxis, { label: 'activations' }], series: [{}, { label: 'activations', stroke: COLORS.main, fill: `${COLORS.main}88`, paths: bars(), points: line }] };
  return html`<${Chart} label="Activity in the room by hour" options=${options} data=${[hours, hours.map((h) => Number(m['hour_profile']?.[h] ?? 0))]}
    caption=${`Activations in this area by hour of day over ${m['days_observed']} days (busiest: ${(m['peak_hours'] ?? []).map((/** @type {number} */ h) => `${h}:00`).join(', ')}).`} />`;
}

/** "once every 3 hours", "2.5 times an hour" @param {unknown} rate per hour */
function perHour(rate) {
  const r = Number(rate);
  if (!(r > 0)) return 'never';
  return r >= 1 ? `${r.toFixed(1).replace(/\.0$/, '')} times an hour` : `once every ${Math.round(1 / r)} hours`;
}

/** @param {{ pattern: Pattern }} props */
function ContextLift({ pattern: p }) {
  const m = p.pattern_metadata;
  const c = m['context'] ?? {};
  const options = {
    legend: { show: false },
    scales: { x: { time: false, range: /** @type {[number, number]} */ ([-0.5, 1.5]) } },
    axes: [{ values: (/** @type {any} */ _u, /** @type {number[]} */ v) => v.map((x) => (x === 0 ? contextWords(c) : x === 1 ? 'otherwise' : '')), splits: () => [0, 1] }, { label: 'activations per hour' }],
    series: [{}, { label: 'activations per hour', stroke: COLORS.main, fill: `${COLORS.main}88`, paths: bars(), points: line }],
  };
  return html`<${Chart} label="Rate in and outside the context" options=${options} data=${[[0, 1], [Number(m['rate_in_context']), Number(m['rate_outside'])]]}
    caption=${`Used ${Number(m['activations_in_context'] ?? 0)} times in the ${Number(m['exposure_hours_in_context'] ?? 0).toFixed(0)} hours ${contextWords(c)}: about ${perHour(m['rate_in_context'])} then, against ${perHour(m['rate_outside'])} the rest of the time.`} />`;
}

/** @param {{ pattern: Pattern }} props */
function Steps({ pattern: p }) {
  /** @type {string[]} */
  const steps = p.pattern_metadata['steps'] ?? p.pattern_metadata['entities'] ?? [];
  return html`<ol class="steps">${steps.map((s) => html`<li><a href=${`#/entities/${encodeURIComponent(s)}`}>${nameOf(s)}</a> <code>${s}</code></li>`)}</ol>`;
}

/** @param {{ pattern: Pattern }} props */
function MonthByMonth({ pattern: p }) {
  const m = p.pattern_metadata;
  /** @type {{ month: string, value: number, time?: string }[]} */
  const months = m['monthly'] ?? [];
  const aspect = String(m['aspect']);
  const unit = aspect === 'time' ? 'minute of day' : aspect === 'duration' ? 'minutes on' : 'activations a day';
  const value = (/** @type {{ value: number }} */ x) => (aspect === 'duration' ? x.value / 60 : x.value);
  const shown = (/** @type {{ value: number, time?: string }} */ x) => (aspect === 'time' ? (x.time ?? String(x.value)) : aspect === 'duration' ? `${Math.round(x.value / 60)} min` : `${x.value.toFixed(1)}/day`);
  const options = {
    legend: { show: false },
    scales: {
      x: { time: false, range: /** @type {[number, number]} */ ([-0.5, months.length - 0.5]) },
      // an amount is drawn from zero, so the bars compare honestly; a time of day keeps its window
      ...(aspect === 'time' ? {} : { y: { range: (/** @type {any} */ _u, /** @type {number} */ _min, /** @type {number} */ max) => /** @type {[number, number]} */ ([0, max * 1.1]) } }),
    },
    axes: [{ values: (/** @type {any} */ _u, /** @type {number[]} */ v) => v.map((x) => months[x]?.month ?? ''), splits: () => months.map((_, i) => i) }, { label: unit }],
    series: [{}, { label: unit, stroke: COLORS.main, fill: `${COLORS.main}88`, paths: bars(), points: line }],
  };
  const how = m['trend'] === 'follows_daylight' ? `it follows ${m['daylight']?.reference ?? 'daylight'}` : m['trend'] === 'increasing' ? 'more month by month' : m['trend'] === 'decreasing' ? 'less month by month' : 'it changes month by month';
  return html`<${Chart} label="Month by month" options=${options} data=${[months.map((_, i) => i), months.map(value)]}
    caption=${`${months.map((x) => `${x.month}: ${shown(x)}`).join(' · ')} — ${how}.`} />`;
}

const EVIDENCE = /** @type {Record<string, (props: { pattern: Pattern }) => any>} */ ({
  time_based: TimeOfDay,
  co_occurrence: Lag,
  duration: Durations,
  anomaly: AnomalyDay,
  day_type: WeekdayWeekend,
  room_based: RoomHours,
  contextual: ContextLift,
  seasonal: MonthByMonth,
  sequence: Steps,
  session: Steps,
});

/** @param {{ pattern: Pattern }} props */
export function Evidence({ pattern }) {
  const View = EVIDENCE[pattern.pattern_type];
  if (View === undefined) return html`<${Empty} title="No chart for this kind of pattern yet."><p>Its evidence is listed below.</p></${Empty}>`;
  return html`<${View} pattern=${pattern} />`;
}
