// @ts-check
/** Automations to paste into Home Assistant, one per routine found that HA can act on. */
import { useJson } from '../api.js';
import { Empty, ErrorNote, Loading } from '../components.js';
import { percent } from '../format.js';
import { html } from '../lib.js';
import { sentence, typeLabel } from '../patterns.js';
import { PasteHint, YamlBlock } from '../suggestion.js';

export function Suggestions() {
  const res = useJson('/dashboard/suggestions?limit=30');
  /** @type {{ pattern: import('../patterns.js').Pattern, suggestion: { yaml: string, automation: { alias: string } } }[]} */
  const list = res.data?.suggestions ?? [];
  return html`<section class="view" data-view="suggestions">
    <h2>Automation suggestions</h2>
    <p class="lead">Home Assistant automations for the routines found (time of day, one thing following another, sequences, and context such as sunset), strongest first.</p>
    <${PasteHint} />
    ${res.error ? html`<${ErrorNote} error=${res.error} what="the suggestions" />`
      : res.loading && res.data === null ? html`<${Loading} what="suggestions" />`
      : list.length === 0 ? html`<${Empty} title="No suggestions yet."><p>Suggestions come from time-of-day, follow-up, sequence and context patterns of entities Home Assistant can switch. They appear once the daily job has found some (see <a href="#/patterns">Patterns</a>).</p></${Empty}>`
      : html`<ul class="suggestions">${list.map(({ pattern, suggestion }) => html`<li key=${pattern.id} class="suggestion" data-pattern=${pattern.id} data-type=${pattern.pattern_type}>
          <p><span class=${`type type-${pattern.pattern_type}`}>${typeLabel(pattern.pattern_type)}</span> <a href=${`#/patterns/${pattern.id}`}>${sentence(pattern)}</a> <span class="muted">(${percent(pattern.confidence)})</span></p>
          <${YamlBlock} yaml=${suggestion.yaml} title=${suggestion.automation.alias} collapsed />
        </li>`)}</ul>`}
  </section>`;
}
