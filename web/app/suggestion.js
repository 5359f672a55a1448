// @ts-check
/** A suggested Home Assistant automation: the YAML as text, a copy button, and how to paste it into HA. */
import { html, useState } from './lib.js';

/** Copies text: the Clipboard API where the page may use it, else a selected textarea (plain http off localhost). @param {string} text */
async function copy(text) {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.className = 'offscreen';
  document.body.append(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('copy refused');
}

/** @param {{ yaml: string, title: string, collapsed?: boolean }} props */
export function YamlBlock({ yaml, title, collapsed = false }) {
  const [copied, setCopied] = useState(/** @type {'' | 'ok' | 'failed'} */ (''));
  const onCopy = () =>
    copy(yaml).then(
      () => setCopied('ok'),
      () => setCopied('failed'),
    );
  const code = html`<pre class="yaml" tabindex="0" aria-label=${`YAML of ${title}`}><code>${yaml}</code></pre>`;
  return html`<div class="yaml-block">
    <div class="yaml-head"><span>${title}</span>
      <button type="button" class="copy" onClick=${onCopy}>${copied === 'ok' ? 'Copied ✓' : 'Copy YAML'}</button>
    </div>
    ${copied === 'failed' ? html`<p class="error-text">The browser refused to copy: select the text below and copy it by hand.</p>` : null}
    ${collapsed ? html`<details class="yaml-details"><summary>show the YAML</summary>${code}</details>` : code}
  </div>`;
}

export function PasteHint() {
  return html`<p class="muted">In Home Assistant: Settings → Automations & scenes → Create automation → Create new automation → ⋮ (top right) → Edit in YAML, paste, and save. Check the entity and the time before you enable it.</p>`;
}
