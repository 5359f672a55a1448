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
import { areaName } from './home.js';
import { html } from './lib.js';
import { KIND_WORDS, splitUsual, stories } from './stories.js';

export { named } from './stories.js';

/** @typedef {import('./stories.js').Anomaly} Anomaly */

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
