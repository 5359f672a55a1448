// @ts-check
/** The front-end stack in one place: Preact with htm (tagged templates, no build step). uPlot is loaded by chart.js only, on the views that draw. */
import { h, render } from '../vendor/preact.mjs';
import htm from '../vendor/htm.mjs';

export { h, render };
export { useCallback, useEffect, useMemo, useRef, useState } from '../vendor/preact-hooks.mjs';

/** html`<p>${text}</p>`: text is always set as text, never parsed as HTML. */
export const html = htm.bind(h);
