// @ts-check
/** One pattern: its sentence, the facts, the numbers behind it (one click away), its evidence drawn, the suggested automation, and the raw evidence. */
import { useJson } from '../api.js';
import { Area, Empty, EntityName, ErrorNote, Loading } from '../components.js';
import { dateTime } from '../format.js';
import { html } from '../lib.js';
import { numbersOf, sentence, TYPES, typeLabel } from '../patterns.js';
import { PasteHint, YamlBlock } from '../suggestion.js';
import { Evidence } from './evidence.js';

const SUGGESTED = new Set(['time_based', 'co_occurrence', 'sequence', 'contextual']);

/** @param {{ id: number }} props */
function Suggestion({ id }) {
  const s = useJson(`/dashboard/suggestions/${id}`);
  if (s.error) return html`<${ErrorNote} error=${s.error} what="the suggestion" />`;
  if (s.loading && s.data === null) return html`<${Loading} what="the suggestion" />`;
  if (!s.data?.available) return html`<${Empty} title="No automation for this pattern."><p>${s.data?.reason}.</p></${Empty}>`;
  return html`<div class="suggestion" data-pattern=${id}><${YamlBlock} yaml=${s.data.yaml} title=${s.data.automation.alias} /><${PasteHint} /></div>`;
}

/** @param {{ id: number }} props */
export function PatternDetail({ id }) {
  const res = useJson(`/api/v1/patterns/${id}`);
  if (res.error) return html`<section class="view" data-view="pattern"><p><a href="#/patterns">← all patterns</a></p><${ErrorNote} error=${res.error} what=${`pattern #${id}`} /></section>`;
  if (res.loading && res.data === null) return html`<section class="view" data-view="pattern"><${Loading} what="the pattern" /></section>`;
  /** @type {import('../patterns.js').Pattern} */
  const p = res.data;
  const isEntity = p.device_id.includes('.');
  return html`<section class="view" data-view="pattern" data-type=${p.pattern_type}>
    <p><a href="#/patterns">← all patterns</a></p>
    <h2><span class=${`type type-${p.pattern_type}`}>${typeLabel(p.pattern_type)}</span> ${sentence(p)}</h2>
    <p class="muted">${typeLabel(p.pattern_type)}: ${TYPES[p.pattern_type]?.[1] ?? ''}.</p>
    <dl class="facts">
      ${isEntity ? html`<dt>entity</dt><dd><${EntityName} id=${p.device_id} /></dd>` : null}
      <dt>area</dt><dd><${Area} id=${p.area_id} /></dd>
      <dt>last seen</dt><dd>${dateTime(p.last_seen)}</dd>
      <dt>first found</dt><dd>${dateTime(p.created_at)}</dd>
    </dl>
    <details class="numbers"><summary>The numbers behind this sentence</summary>
      <dl class="facts">${numbersOf(p).map(([label, value]) => html`<dt>${label}</dt><dd>${value}</dd>`)}</dl>
    </details>
    <h3 class="section">Evidence</h3>
    <${Evidence} pattern=${p} />
    ${SUGGESTED.has(p.pattern_type) ? html`<h3 class="section">Automation suggestion</h3><${Suggestion} id=${p.id} />` : null}
    <details class="raw"><summary>All evidence as stored (pattern_metadata)</summary><pre tabindex="0">${JSON.stringify(p.pattern_metadata, null, 2)}</pre></details>
  </section>`;
}
