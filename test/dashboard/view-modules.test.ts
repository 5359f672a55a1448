/**
 * web/app/view-modules.js lists, for each view, the modules main.js fetches at once when the view
 * is opened: they must be exactly what the view imports (directly or not) beyond main.js's own
 * modules and those index.html preloads, or the browser is back to finding them one level at a time (or fetches one for nothing).
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
// @ts-expect-error plain JS of the page, checked by tsconfig.web.json
import { VIEW_MODULES } from '../../web/app/view-modules.js';

const APP = resolve('web/app');

/** Every module `file` imports statically, itself included (absolute paths). */
function closure(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  if (file.includes(`${join('web', 'vendor')}`)) return seen; // the libraries (served from node_modules): leaves here
  const text = readFileSync(file, 'utf8');
  for (const [, spec] of text.matchAll(/^import\s[^;]*?from\s*'([^']+)'/gm)) closure(resolve(dirname(file), spec!), seen);
  return seen;
}

it("each view's list is what it imports beyond main.js's modules", () => {
  // what every view has: main.js and what it imports, and what index.html preloads
  const shared = closure(join(APP, 'main.js'));
  for (const [, href] of readFileSync(resolve('web/index.html'), 'utf8').matchAll(/rel="modulepreload" href="([^"]+)"/g)) closure(resolve('web', href!), shared);
  for (const [name, [view, ...deps]] of Object.entries(VIEW_MODULES as Record<string, string[]>)) {
    const own = [...closure(resolve(APP, view!))].filter((f) => !shared.has(f) && f !== resolve(APP, view!));
    const relativeTo = (f: string) => { const r = relative(APP, f); return r.startsWith('..') ? r : `./${r}`; };
    assert.deepEqual([...deps].sort(), own.map(relativeTo).sort(), name);
  }
});
