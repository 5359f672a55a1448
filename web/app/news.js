// @ts-check
/**
 * Unusual days as news: newest first, each saying what happened beside what is usual (the
 * data-api's sentence, "49 uses of Kettle on Wednesday 2 Dec; usually 3–7", split in two), with
 * no confidence bar; anomalies one cause explains (a quiet home explains its quiet lights, one
 * entity's odd count and odd hour on one day) are grouped under it. The numbers are one click
 * away, on the anomaly's page.
 */
import { useJson } from './api.js';
import { ErrorNote, Loading } from './components.js';
import { dayLabel } from './format.js';
import { areaName, nameOf } from './home.js';
import { html } from './lib.js';

/** @typedef {{ id: number, day: string, kind: string, device_id: string, area_id: string | null, surprise: number, phase: string | null, start_day: string | null, usual: Record<string, unknown>, observed: Record<string, unknown>, description: string }} Anomaly */
/** @typedef {{ lead: Anomaly, also: Anomaly[] }} Story */

export const KIND_WORDS = /** @type {Record<string, string>} */ ({
  count_high: 'Used more than usual',
  count_low: 'Used less than usual',
  hour: 'Used at an odd hour',
  duration: 'On for longer than usual',
  home_quiet: 'A quiet home',
  stuck: 'A sensor stuck',
  silent: 'A sensor gone silent',
});

/** Replaces entity ids by friendly names. @param {string} text */
export const named = (text) => text.replace(/\b[a-z_]+\.[a-z0-9_]+\b/g, (id) => nameOf(id));

/** "what happened" and "what is usual", from the sentence the data-api words. @param {string} description */
export function splitUsual(description) {
  const at = description.indexOf('; ');
  if (at < 0) return { happened: named(description), usual: null };
  return { happened: named(description.slice(0, at)), usual: named(description.slice(at + 2)) };
}

const EPISODES = new Set(['home_quiet']);
const EXPLAINED_BY_QUIET = new Set(['count_low', 'silent', 'hour']);

/**
 * Groups anomalies (newest day first) into stories: a quiet home takes in the "less than usual"
 * and "silent" news of its days; one entity's news on one day is one story.
 * @param {Anomaly[]} anomalies
 * @returns {Story[]}
 */
export function stories(anomalies) {
  /** @type {Story[]} */
  const out = [];
  const quiet = anomalies.filter((a) => EPISODES.has(a.kind));
  /** @type {Map<string, Story>} */
  const byEntityDay = new Map();
  for (const q of quiet) out.push({ lead: q, also: [] });
  for (const a of anomalies) {
    if (EPISODES.has(a.kind)) continue;
    const cause = quiet.find((q) => EXPLAINED_BY_QUIET.has(a.kind) && a.day >= (q.start_day ?? q.day) && a.day <= q.day);
    if (cause !== undefined) {
      out.find((s) => s.lead === cause)?.also.push(a);
      continue;
    }
    const key = `${a.day} ${a.device_id}`;
    const story = byEntityDay.get(key);
    if (story !== undefined) story.also.push(a);
    else {
      const s = { lead: a, also: [] };
      byEntityDay.set(key, s);
      out.push(s);
    }
  }
  return out.sort((x, y) => (y.lead.day > x.lead.day ? 1 : y.lead.day < x.lead.day ? -1 : y.lead.surprise - x.lead.surprise));
}

/** @param {{ a: Anomaly }} props */
function Line({ a }) {
  const { happened, usual } = splitUsual(a.description);
  return html`<span class="happened">${happened}</span>${usual === null ? null : html`<span class="usual">${usual}</span>`}`;
}

/** @param {{ since?: string, limit?: number, empty?: any }} props */
export function News({ since = '-30d', limit = 50, empty = null }) {
  const res = useJson(`/api/v1/anomalies?since=${since}&limit=${limit}`);
  if (res.error) return html`<${ErrorNote} error=${res.error} what="the unusual days" />`;
  if (res.loading && res.data === null) return html`<${Loading} what="the unusual days" />`;
  /** @type {Anomaly[]} */
  const list = res.data?.anomalies ?? [];
  if (list.length === 0) return empty ?? html`<p class="muted">Nothing unusual in the last 30 days: every day looked like the days before it.</p>`;
  return html`<ol class="news" data-view="news">
    ${stories(list).map(({ lead, also }) => html`<li key=${lead.id} class=${`story kind-${lead.kind}`} data-kind=${lead.kind} data-day=${lead.day}>
      <p class="story-head"><time datetime=${lead.day}>${dayLabel(lead.day).replace(/ \d{4}$/, '')}</time> · <span class="kind">${KIND_WORDS[lead.kind] ?? lead.kind}</span>${lead.area_id ? html` · ${areaName(lead.area_id)}` : null}</p>
      <p class="story-text"><${Line} a=${lead} /></p>
      ${also.length === 0 ? null : html`<ul class="also">${also.map((a) => html`<li key=${a.id} data-kind=${a.kind}><${Line} a=${a} /> <a href=${`#/patterns/${a.id}`} class="numbers">the numbers</a></li>`)}</ul>`}
      <p class="story-more"><a href=${`#/patterns/${lead.id}`} class="numbers">the numbers behind it</a></p>
    </li>`)}
  </ol>`;
}
