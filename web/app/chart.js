// @ts-check
/** A uPlot chart that sizes itself to its box, follows the home's zone on time axes, and is torn down with its view. */
import { homeZone } from './format.js';
import { html, useEffect, useRef } from './lib.js';
import uPlot from '../vendor/uplot.mjs';

// uPlot's stylesheet, only on the views that draw (this module is loaded by them alone)
if (document.querySelector('link[data-uplot]') === null) {
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = new URL('../vendor/uplot.css', import.meta.url).href;
  link.dataset['uplot'] = '';
  document.head.append(link);
}

/**
 * @typedef {Omit<import('uplot').Options, 'width' | 'height'> & { height?: number }} ChartOptions
 * @param {{ options: ChartOptions, data: import('uplot').AlignedData, label: string, caption?: any }} props
 */
export function Chart({ options, data, label, caption }) {
  const box = useRef(/** @type {HTMLDivElement | null} */ (null));
  useEffect(() => {
    const el = box.current;
    if (el === null) return undefined;
    const height = options.height ?? 240;
    const zone = homeZone();
    // uPlot draws its axes on the canvas in black unless told: the page's own colours (light, dark, HA's theme)
    const style = getComputedStyle(el);
    const ink = style.getPropertyValue('--muted').trim() || '#616161';
    const rule = { stroke: style.getPropertyValue('--line').trim() || '#e0e0e0', width: 1 };
    const axes = (options.axes ?? [{}, {}]).map((a) => ({ stroke: ink, grid: rule, ticks: rule, ...a }));
    const plot = new uPlot(
      { tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), zone), legend: { live: false }, ...options, axes, width: Math.max(280, el.clientWidth), height },
      data,
      el,
    );
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(280, el.clientWidth), height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
    // (the zone too: a chart drawn before the home's zone was known is drawn again in it)
  }, [options, data, homeZone()]);
  return html`<figure class="chart-figure"><div class="chart" ref=${box} role="img" aria-label=${label}></div>${caption ? html`<figcaption>${caption}</figcaption>` : null}</figure>`;
}

/** Bars for a series (uPlot's bar path builder). */
export const bars = () => uPlot.paths.bars?.({ size: [0.8, 64], gap: 1 });

/** Lines without a marker on every point. */
export const line = { show: false };

/** A series drawn as dots only. */
export const dots = () => null;

/** CSS colours shared with the stylesheet (readable in light and dark). */
export const COLORS = { main: '#1e88e5', second: '#fb8c00', third: '#8e24aa', muted: '#9e9e9e', alert: '#e53935' };

export { uPlot };
