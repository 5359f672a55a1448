// @ts-check
/**
 * Home Assistant's theme when the dashboard is shown through ingress. HA's frontend frames an
 * ingress panel from its own origin, so the frame can read the parent document's computed CSS
 * variables: the theme this user picked in HA, dark mode included, as HA applied it (on its
 * <html>). Our colours are set from them, each text colour nudged until it keeps WCAG AA (4.5:1)
 * on every surface it is drawn on (HA's default light blue under white text is 2.6:1). Opened
 * directly, or framed by another origin, the stylesheet's own light/dark stays.
 *
 * (HA's `frontend/get_themes` over the WebSocket was the other way: it lists the themes and the
 * default, but not the theme or dark mode this browser chose, which HA keeps in the browser.)
 */

/** HA's theme variables we read (names from HA's frontend). */
export const HA_VARIABLES = ['--primary-background-color', '--card-background-color', '--ha-card-background', '--primary-text-color', '--secondary-text-color', '--primary-color', '--text-primary-color', '--divider-color'];

/** Our status colours: text on a surface (an error line) and a badge under their `--on-*` text, both kept readable on HA's surfaces. */
const STATUS = ['--ok', '--warn', '--bad'];
/** Our colours of marks on a surface (a routine's ring): kept visible on HA's surfaces. */
const MARKS = ['--mark'];

/** @typedef {[number, number, number]} Rgb 0–255 each */
/** @typedef {[number, number, number, number]} Rgba alpha 0–1 */

const WHITE = /** @type {Rgb} */ ([255, 255, 255]);
const BLACK = /** @type {Rgb} */ ([0, 0, 0]);
const NEAR_BLACK = /** @type {Rgb} */ ([17, 17, 17]);

/**
 * A CSS colour as the browser computes it ("rgb(1, 2, 3)", "rgba(1, 2, 3, 0.5)") or as a theme
 * writes it ("#abc", "#aabbcc", "#aabbccdd"); null for anything else.
 * @param {string | undefined | null} text
 * @returns {Rgba | null}
 */
export function parseColor(text) {
  const s = (text ?? '').trim().toLowerCase();
  const hex = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/.exec(s)?.[1];
  if (hex !== undefined) {
    const full = hex.length <= 4 ? [...hex].map((c) => c + c).join('') : hex;
    const n = (/** @type {number} */ i) => parseInt(full.slice(i * 2, i * 2 + 2), 16);
    return [n(0), n(1), n(2), full.length === 8 ? n(3) / 255 : 1];
  }
  const fn = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:\s*[,/]\s*([\d.]+)(%?))?\s*\)$/.exec(s);
  if (fn === null) return null;
  const alpha = fn[4] === undefined ? 1 : Number(fn[4]) / (fn[5] === '%' ? 100 : 1);
  return [Number(fn[1]), Number(fn[2]), Number(fn[3]), alpha];
}

/** @param {Rgba} c @param {Rgb} under @returns {Rgb} */
const over = (c, under) => [c[0] * c[3] + under[0] * (1 - c[3]), c[1] * c[3] + under[1] * (1 - c[3]), c[2] * c[3] + under[2] * (1 - c[3])];
/** @param {Rgb} a @param {Rgb} b @param {number} t @returns {Rgb} */
const mix = (a, b, t) => [a[0] * (1 - t) + b[0] * t, a[1] * (1 - t) + b[1] * t, a[2] * (1 - t) + b[2] * t];

/** WCAG relative luminance. @param {Rgb} c */
export function luminance(c) {
  const [r, g, b] = c.map((v) => {
    const x = v / 255;
    return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio. @param {Rgb} a @param {Rgb} b */
export function contrast(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * `fg`, or the nearest colour toward black (on light surfaces) or white (on dark ones) that
 * reaches `ratio` on every surface.
 * @param {Rgb} fg @param {Rgb[]} surfaces @param {number} [ratio]
 */
export function readable(fg, surfaces, ratio = 4.5) {
  const target = luminance(surfaces[0] ?? WHITE) > 0.18 ? BLACK : WHITE;
  for (let step = 0; step <= 20; step++) {
    const c = mix(fg, target, step / 20);
    if (surfaces.every((s) => contrast(c, s) >= ratio)) return c;
  }
  return target;
}

/** @param {Rgb} c */
const hex = (c) => `#${c.map((v) => Math.round(Math.min(255, Math.max(0, v))).toString(16).padStart(2, '0')).join('')}`;

/**
 * Our variables from HA's (as the parent computes them), or null when HA's page background or
 * text colour is missing (not HA, or a theme we cannot read).
 * @param {Record<string, string>} ha HA variable → its computed value
 * @param {Record<string, string>} [ours] our stylesheet's status and mark colours (--bad, --mark, …), made readable on HA's surfaces
 * @returns {{ dark: boolean, variables: Record<string, string> } | null}
 */
export function themeFromHa(ha, ours = {}) {
  const bgColor = parseColor(ha['--primary-background-color']);
  const textColor = parseColor(ha['--primary-text-color']);
  if (bgColor === null || textColor === null) return null;
  const bg = over(bgColor, WHITE);
  const cardColor = parseColor(ha['--card-background-color']) ?? parseColor(ha['--ha-card-background']);
  const card = cardColor === null ? bg : over(cardColor, bg);
  const text = over(textColor, card);
  const code = mix(card, text, 0.06);
  const surfaces = [bg, card, code];
  const secondary = parseColor(ha['--secondary-text-color']);
  const divider = parseColor(ha['--divider-color']);
  /** @type {Record<string, string>} */
  const variables = {
    '--bg': hex(bg),
    '--card': hex(card),
    '--code': hex(code),
    '--text': hex(readable(text, surfaces)),
    '--muted': hex(readable(secondary === null ? mix(text, card, 0.3) : over(secondary, card), surfaces)),
    '--line': hex(divider === null ? mix(card, text, 0.15) : over(divider, card)),
  };
  const primaryColor = parseColor(ha['--primary-color']);
  if (primaryColor !== null) {
    const primary = over(primaryColor, card);
    // the current menu item and buttons: HA's colour under HA's text for it (or the more readable
    // of white and near-black), the colour darkened or lightened until that text reads at AA
    const onPrimary = parseColor(ha['--text-primary-color']);
    const onAccent = onPrimary !== null && onPrimary[3] === 1 ? over(onPrimary, primary) : contrast(primary, WHITE) >= contrast(primary, BLACK) ? WHITE : NEAR_BLACK;
    const accent = readable(primary, [onAccent]);
    variables['--accent'] = hex(accent);
    variables['--on-accent'] = hex(onAccent);
    variables['--link'] = hex(readable(primary, surfaces));
    for (const [i, t] of [0.1, 0.3, 0.55, 0.8, 1].entries()) variables[`--heat${i}`] = hex(mix(card, primary, t));
  }
  for (const name of MARKS) {
    const c = parseColor(ours[name]);
    if (c !== null) variables[name] = hex(readable(over(c, card), surfaces, 3));
  }
  for (const name of STATUS) {
    const c = parseColor(ours[name]);
    if (c === null) continue;
    const onSurface = readable(over(c, card), surfaces);
    // moving the colour away from its badge text moves it away from the surfaces too: both hold
    const on = contrast(onSurface, WHITE) >= contrast(onSurface, BLACK) ? WHITE : NEAR_BLACK;
    variables[name] = hex(readable(onSurface, [on]));
    variables[`--on-${name.slice(2)}`] = hex(on);
  }
  return { dark: luminance(bg) < 0.18, variables };
}

/** The parent's document when it is HA's page of this origin, else null (opened directly, or another origin's frame). */
function parentDocument() {
  try {
    return window.parent !== window ? window.parent.document : null;
  } catch {
    return null; // a frame of another origin: its document is not ours to read
  }
}

/** Applies HA's theme to this page from the parent's current variables; true when it did. */
function apply() {
  const doc = parentDocument();
  const root = document.documentElement;
  if (doc === null) return false;
  const theirs = getComputedStyle(doc.documentElement);
  const mine = getComputedStyle(root);
  const ha = Object.fromEntries(HA_VARIABLES.map((name) => [name, theirs.getPropertyValue(name)]));
  // our own values of the scheme this page is in now, before HA's are laid over them
  for (const name of Object.keys(root.dataset['haTheme'] === undefined ? {} : JSON.parse(root.dataset['haTheme']))) root.style.removeProperty(name);
  const ours = Object.fromEntries([...STATUS, ...MARKS].map((name) => [name, mine.getPropertyValue(name)]));
  const theme = themeFromHa(ha, ours);
  if (theme === null) {
    delete root.dataset['haTheme'];
    root.style.removeProperty('color-scheme');
    return false;
  }
  for (const [name, value] of Object.entries(theme.variables)) root.style.setProperty(name, value);
  root.style.setProperty('color-scheme', theme.dark ? 'dark' : 'light');
  root.dataset['haTheme'] = JSON.stringify(theme.variables);
  root.dataset['scheme'] = theme.dark ? 'dark' : 'light';
  return true;
}

/** Follows HA's theme now and whenever HA changes it (HA sets its variables on its <html>). */
export function followHomeAssistant() {
  if (!apply()) return;
  const doc = parentDocument();
  if (doc === null) return;
  new MutationObserver(() => apply()).observe(doc.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  new MutationObserver(() => apply()).observe(doc.head, { childList: true, subtree: true, characterData: true });
}
