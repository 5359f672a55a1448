// @ts-check
/**
 * Automations to paste into Home Assistant: one per routine (what a longer chain or a sun trigger
 * already does is folded into it), most manual actions a week saved first. Each can be accepted,
 * dismissed (it stays away until its routine changes) or snoozed for a week.
 */
import { getToken, request, RequestError, useJson } from '../api.js';
import { Empty, ErrorNote, Loading } from '../components.js';
import { home } from '../home.js';
import { html, useState } from '../lib.js';
import { sentence, typeLabel } from '../patterns.js';
import { PasteHint, YamlBlock } from '../suggestion.js';

/** @typedef {{ key: string, state: 'new' | 'automated' | 'accepted' | 'dismissed' | 'snoozed', until: string | null, saves_per_week: number | null, covered_by: { entity_id: string, alias: string, state: string, by: 'configuration' | 'changes' } | null, causes: { person: number, automation: number, system: number } | null, covers: { pattern_id: number, key: string, why: string }[], pattern: import('../patterns.js').Pattern, suggestion: { yaml: string, automation: { alias: string } } }} Listed */

const TABS = /** @type {const} */ ([
  ['new', 'New'],
  ['automated', 'Already automated'],
  ['accepted', 'Accepted'],
  ['snoozed', 'Snoozed'],
  ['dismissed', 'Dismissed'],
]);

const ANSWERS = /** @type {const} */ ([
  ['accept', 'Accept', 'I use this automation'],
  ['snooze', 'Snooze a week', 'Ask again in 7 days'],
  ['dismiss', 'Dismiss', 'Not wanted: hidden until the routine changes'],
]);

/** @param {{ item: Listed, onAnswered: () => void }} props */
function Answer({ item, onAnswered }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(/** @type {string | null} */ (null));
  /** @param {string} verdict */
  const answer = (verdict) => {
    setBusy(true);
    setError(null);
    request(`/api/v1/suggestions/${encodeURIComponent(item.key)}/feedback`, { method: 'POST', json: { verdict } }).then(
      () => onAnswered(),
      (/** @type {unknown} */ e) => {
        setBusy(false);
        setError(e instanceof RequestError ? e.message : String(e));
      },
    );
  };
  if (item.state === 'automated') return null;
  const buttons = item.state === 'new' ? ANSWERS.map(([verdict, label, title]) => html`<button type="button" data-answer=${verdict} title=${title} disabled=${busy} onClick=${() => answer(verdict)}>${label}</button>`)
    : html`<button type="button" data-answer="undo" disabled=${busy} onClick=${() => answer('undo')}>Undo</button>`;
  return html`<div class="answers">${buttons}${error === null ? null : html`<p class="error-text" role="alert">${error}</p>`}</div>`;
}

/**
 * "Create in Home Assistant": first the review (the YAML, what it switches and what starts it),
 * then the user's choice of enabled or off, then the creation, confirmed with the reviewed id.
 * @param {{ item: Listed, onCreated: () => void }} props
 */
function CreateInHa({ item, onCreated }) {
  const [open, setOpen] = useState(false);
  const [enabled, setEnabled] = useState(true);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState(/** @type {{ ok: boolean, text: string } | null} */ (null));
  const review = useJson(open ? `/api/v1/suggestions/${encodeURIComponent(item.key)}/review` : null);
  if (home.info?.ha_configured !== true) return null;
  if (!open) return html`<button type="button" class="secondary" data-create=${item.key} onClick=${() => setOpen(true)}>Create in Home Assistant…</button>`;
  /** @type {{ automation_id: string, yaml: string, touches: string[], listens_to: string[], alias: string } | null} */
  const r = review.data;
  const create = () => {
    if (r === null) return;
    setBusy(true);
    setMessage(null);
    request(`/api/v1/suggestions/${encodeURIComponent(item.key)}/create`, { method: 'POST', json: { confirm: r.automation_id, enabled } }).then(
      (/** @type {{ entity_id: string | null, enabled: boolean }} */ done) => {
        setBusy(false);
        setMessage({ ok: true, text: `Created in Home Assistant${done.entity_id === null ? '' : ` as ${done.entity_id}`}, ${done.enabled ? 'enabled' : 'turned off'}.` });
        onCreated();
      },
      (/** @type {unknown} */ e) => {
        setBusy(false);
        const err = e instanceof RequestError ? e : null;
        setMessage({ ok: false, text: err?.status === 401 || err?.status === 403 ? `Creating needs the API token: set it under Jobs. (${err.message})` : err?.message ?? String(e) });
      },
    );
  };
  return html`<div class="create-review" role="group" aria-label="Create in Home Assistant">
    ${review.error ? html`<${ErrorNote} error=${review.error} what="the review" />` : r === null ? html`<${Loading} what="the review" />` : html`
      <p><strong>${r.alias}</strong> will be written to Home Assistant's automations (id <code>${r.automation_id}</code>).</p>
      <p>It switches: ${r.touches.join(', ')}${r.listens_to.length > 0 ? html`; it starts on: ${r.listens_to.join(', ')}` : null}.</p>
      <pre class="yaml"><code>${r.yaml}</code></pre>
      <fieldset class="enabled-choice"><legend>After creating it</legend>
        <label><input type="radio" name=${`enabled-${item.key}`} checked=${enabled} onChange=${() => setEnabled(true)} /> enabled</label>
        <label><input type="radio" name=${`enabled-${item.key}`} checked=${!enabled} onChange=${() => setEnabled(false)} /> turned off, to enable in Home Assistant</label>
      </fieldset>
      ${getToken() === '' ? html`<p class="muted">Creating needs the API token: paste it under <a href="#/jobs">Jobs</a>.</p>` : null}
      <div class="answers"><button type="button" data-confirm-create disabled=${busy} onClick=${create}>${busy ? 'Creating…' : 'Create it'}</button><button type="button" class="secondary" disabled=${busy} onClick=${() => setOpen(false)}>Cancel</button></div>`}
    ${message === null ? null : html`<p class=${message.ok ? 'note ok' : 'error-text'} role="status">${message.text}</p>`}
  </div>`;
}

/** @param {number} share */
const percent = (share) => `${Math.round(share * 100)} %`;

/** "Already automated": named after the automation whose configuration does it or whose runs made its changes. @param {{ item: Listed }} props */
function Automated({ item }) {
  if (item.state !== 'automated') return null;
  const by = item.covered_by;
  const share = item.causes === null ? '' : ` ${percent(item.causes.automation)} of its changes were made by an automation.`;
  if (by === null) return html`<p class="covered" data-automated="changes">Already automated.${share}</p>`;
  return html`<p class="covered" data-automated=${by.by}>Already automated by <strong>${by.alias}</strong> <span class="muted">(${by.entity_id}${by.state === 'off' ? ', turned off' : ''})</span>.${by.by === 'changes' ? share : ''}</p>`;
}

/**
 * @typedef {{ automation: { entity_id: string, alias: string } | null, entity_id: string, sets: 'on' | 'off', runs: number, undone: number, within_minutes: number, sentence: string }} Fix
 */

/** "Automations to fix": HA automations people undo by hand on most of their recent runs. */
function Fixes() {
  const res = useJson('/dashboard/suggestions/fixes');
  /** @type {Fix[]} */
  const fixes = res.data?.fixes ?? [];
  return html`<section class="fixes" aria-labelledby="fixes-title">
    <h3 id="fixes-title">Automations to fix</h3>
    ${res.error ? html`<${ErrorNote} error=${res.error} what="the automations to fix" />`
      : res.loading && res.data === null ? html`<${Loading} what="automations to fix" />`
      : fixes.length === 0 ? html`<p class="muted">No automation of Home Assistant is undone by hand on most of its recent runs.</p>`
      : html`<ul class="fixes-list">${fixes.map((f) => html`<li key=${`${f.automation?.entity_id ?? ''} ${f.entity_id} ${f.sets}`} class="fix" data-automation=${f.automation?.entity_id ?? ''} data-entity=${f.entity_id}>${f.sentence}.</li>`)}</ul>`}
  </section>`;
}

export function Suggestions() {
  const [show, setShow] = useState(/** @type {string} */ ('new'));
  const res = useJson(`/dashboard/suggestions?limit=50&show=${show}`);
  /** @type {Listed[]} */
  const list = res.data?.suggestions ?? [];
  /** @type {Record<string, number>} */
  const counts = res.data?.counts ?? {};
  return html`<section class="view" data-view="suggestions">
    <h2>Automation suggestions</h2>
    <p class="lead">One Home Assistant automation per routine found (time of day, one thing following another, sequences, and context such as sunset), those that would save the most actions a week first.</p>
    <${PasteHint} />
    <nav class="tabs" aria-label="Which suggestions">${TABS.map(([value, label]) => html`<button type="button" class=${show === value ? 'tab active' : 'tab'} aria-pressed=${show === value} onClick=${() => setShow(value)}>${label}${counts[value] === undefined ? '' : ` (${counts[value]})`}</button>`)}</nav>
    ${res.error ? html`<${ErrorNote} error=${res.error} what="the suggestions" />`
      : res.loading && res.data === null ? html`<${Loading} what="suggestions" />`
      : list.length === 0 ? (show === 'new'
        ? html`<${Empty} title="No new suggestions."><p>Suggestions come from time-of-day, follow-up, sequence and context patterns of entities Home Assistant can switch. They appear once the daily job has found some (see <a href="#/patterns">Patterns</a>); those you answered are under the other tabs.</p></${Empty}>`
        : html`<${Empty} title=${`Nothing ${show}.`}><p>Answer a suggestion under “New” and it moves here.</p></${Empty}>`)
      : html`<ul class="suggestions">${list.map((item) => html`<li key=${item.key} class="suggestion" data-key=${item.key} data-pattern=${item.pattern.id} data-type=${item.pattern.pattern_type}>
          <p><span class=${`type type-${item.pattern.pattern_type}`}>${typeLabel(item.pattern.pattern_type)}</span> <a href=${`#/patterns/${item.pattern.id}`}>${sentence(item.pattern)}</a></p>
          ${item.saves_per_week === null ? null : html`<p class="saves">Would save about <strong>${item.saves_per_week}</strong> manual action${item.saves_per_week === 1 ? '' : 's'} a week.</p>`}
          ${item.until === null ? null : html`<p class="muted">Snoozed until ${new Date(item.until).toLocaleDateString()}.</p>`}
          <${Automated} item=${item} />
          ${item.covers.length === 0 ? null : html`<details class="covers"><summary>Also covers ${item.covers.length} other pattern${item.covers.length === 1 ? '' : 's'}</summary><ul>${item.covers.map((c) => html`<li key=${c.key}><a href=${`#/patterns/${c.pattern_id}`}>${c.key}</a>: ${c.why}</li>`)}</ul></details>`}
          <${YamlBlock} yaml=${item.suggestion.yaml} title=${item.suggestion.automation.alias} collapsed />
          <${Answer} item=${item} onAnswered=${res.reload} />
          ${item.state === 'new' ? html`<${CreateInHa} item=${item} onCreated=${res.reload} />` : null}
        </li>`)}</ul>`}
    <${Fixes} />
  </section>`;
}
