/**
 * HA's theme inside the dashboard (web/app/theme.js, no DOM): HA's variables become ours, and
 * every text colour we draw keeps WCAG AA on every surface it is drawn on, whatever HA's theme
 * (its own default light blue under white text is 2.6:1).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
// @ts-expect-error plain JS of the page, checked by tsconfig.web.json
import { contrast, parseColor, themeFromHa } from '../../web/app/theme.js';

type Rgba = [number, number, number, number];
type Theme = { dark: boolean; variables: Record<string, string> } | null;
const parse = parseColor as (text: string) => Rgba | null;
const ratio = contrast as (a: number[], b: number[]) => number;
const theme = themeFromHa as (ha: Record<string, string>, ours?: Record<string, string>) => Theme;

/** HA's default theme, light and dark, as its frontend computes the variables. */
const HA_LIGHT = { '--primary-background-color': '#fafafa', '--card-background-color': '#ffffff', '--primary-text-color': '#212121', '--secondary-text-color': '#727272', '--primary-color': '#03a9f4', '--text-primary-color': '#ffffff', '--divider-color': 'rgba(0, 0, 0, 0.12)' };
const HA_DARK = { '--primary-background-color': '#111111', '--card-background-color': '#1c1c1c', '--primary-text-color': '#e1e1e1', '--secondary-text-color': '#9b9b9b', '--primary-color': '#03a9f4', '--text-primary-color': '#ffffff', '--divider-color': 'rgba(225, 225, 225, 0.12)' };
/** Our stylesheet's light status colours. */
const OURS = { '--ok': '#2e7d32', '--warn': '#8d5300', '--bad': '#c62828', '--mark': '#d84315' };

const rgb = (v: string) => parse(v)!.slice(0, 3);

/** Every text-on-surface pair the stylesheet draws, at 4.5:1 or more. */
function assertAA(vars: Record<string, string>): void {
  for (const fg of ['--text', '--muted', '--link', '--bad']) for (const bg of ['--bg', '--card', '--code']) assert.ok(ratio(rgb(vars[fg]!), rgb(vars[bg]!)) >= 4.5, `${fg} ${vars[fg]} on ${bg} ${vars[bg]}: ${ratio(rgb(vars[fg]!), rgb(vars[bg]!)).toFixed(2)}`);
  for (const badge of ['accent', 'ok', 'warn', 'bad']) assert.ok(ratio(rgb(vars[`--on-${badge}`]!), rgb(vars[`--${badge}`]!)) >= 4.5, `--on-${badge} on --${badge}`);
}

describe("HA's theme in the dashboard", () => {
  it('reads colours as HA writes them and as the browser computes them', () => {
    assert.deepEqual(parse('#03a9f4'), [3, 169, 244, 1]);
    assert.deepEqual(parse('#fff'), [255, 255, 255, 1]);
    assert.deepEqual(parse('rgba(0, 0, 0, 0.12)'), [0, 0, 0, 0.12]);
    assert.deepEqual(parse(' rgb(28 28 28 / 50%) '), [28, 28, 28, 0.5]);
    assert.equal(parse('var(--x)'), null);
    assert.equal(parse(''), null);
    assert.equal(ratio([255, 255, 255], [3, 169, 244]).toFixed(1), '2.6', "white on HA's light blue");
  });

  it("takes HA's default light theme: its surfaces and text as they are, its blue darkened until its white text on it reads", () => {
    const t = theme(HA_LIGHT, OURS)!;
    assert.equal(t.dark, false);
    assert.equal(t.variables['--bg'], '#fafafa');
    assert.equal(t.variables['--card'], '#ffffff');
    assert.equal(t.variables['--text'], '#212121');
    assert.equal(t.variables['--on-accent'], '#ffffff');
    assert.notEqual(t.variables['--accent'], '#03a9f4');
    const [r, g, b] = rgb(t.variables['--accent']!);
    assert.ok(b! > r! && b! > g!, `still HA's blue: ${t.variables['--accent']}`);
    assertAA(t.variables);
  });

  it("takes HA's dark theme, with our light status colours made readable on its dark cards", () => {
    const t = theme(HA_DARK, OURS)!;
    assert.equal(t.dark, true);
    assert.equal(t.variables['--bg'], '#111111');
    assert.equal(t.variables['--card'], '#1c1c1c');
    assert.equal(t.variables['--text'], '#e1e1e1');
    assert.ok(ratio(rgb(OURS['--bad']), rgb('#1c1c1c')) < 4.5, 'our light red alone would not read on it');
    assertAA(t.variables);
  });

  it('keeps a theme colour that already reads as it is', () => {
    const t = theme({ ...HA_LIGHT, '--primary-color': '#1565c0' }, OURS)!;
    assert.equal(t.variables['--accent'], '#1565c0');
    assert.equal(t.variables['--link'], '#1565c0');
  });

  it('repairs a theme that would not read (pale grey text, a yellow primary, a translucent card)', () => {
    const t = theme({ '--primary-background-color': '#ffffff', '--card-background-color': 'rgba(255, 255, 255, 0.5)', '--primary-text-color': '#9e9e9e', '--secondary-text-color': '#cccccc', '--primary-color': '#ffeb3b' }, OURS)!;
    assertAA(t.variables);
    assert.equal(t.variables['--on-accent'], '#111111', 'dark text on a yellow button');
  });

  it('leaves our own theme alone when the page has no readable HA theme', () => {
    assert.equal(theme({}), null);
    assert.equal(theme({ '--primary-background-color': '', '--primary-text-color': '' }), null);
    assert.equal(theme({ ...HA_LIGHT, '--primary-text-color': 'var(--missing)' }), null);
  });
});
