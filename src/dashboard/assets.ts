/**
 * The dashboard's files: the front-end in `web/` at the package root (found the same way from
 * `src/` under tsx and from `dist/` as installed), and the three libraries it uses served from
 * node_modules under `/vendor/` — nothing from a CDN. The browser imports them by URL, so no
 * import map (an inline script CSP would have to allow) is needed; the one bare import among
 * them (preact/hooks → "preact") is pointed at its URL as the file is served.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** This file is src/dashboard/assets.ts or dist/dashboard/assets.js: the package root is two up. */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const WEB_ROOT = join(PACKAGE_ROOT, 'web');

const require = createRequire(import.meta.url);
const beside = (specifier: string, file: string) => join(dirname(require.resolve(specifier)), file);

interface VendorFile {
  readonly path: string;
  readonly rewrite?: (text: string) => string;
}

/** URL under /vendor/ → file. A Map: a name from the URL such as `__proto__` or `constructor` must find nothing. */
export const VENDOR: ReadonlyMap<string, VendorFile> = new Map([
  ['preact.mjs', { path: beside('preact', 'preact.module.js') }],
  ['preact-hooks.mjs', { path: beside('preact/hooks', 'hooks.module.js'), rewrite: (t: string) => t.replace(/from\s*["']preact["']/g, 'from"./preact.mjs"') }],
  ['htm.mjs', { path: beside('htm', 'htm.module.js') }],
  ['uplot.mjs', { path: beside('uplot', 'uPlot.esm.js') }],
  ['uplot.css', { path: beside('uplot', 'uPlot.min.css') }],
]);

export const CONTENT_TYPES: ReadonlyMap<string, string> = new Map([
  ['.html', 'text/html; charset=utf-8'],
  ['.js', 'text/javascript; charset=utf-8'],
  ['.mjs', 'text/javascript; charset=utf-8'],
  ['.css', 'text/css; charset=utf-8'],
  ['.svg', 'image/svg+xml'],
  ['.png', 'image/png'],
  ['.ico', 'image/x-icon'],
]);

export interface Asset {
  readonly body: Uint8Array | string;
  readonly type: string;
}

const cache = new Map<string, Asset>();

async function load(key: string, read: () => Promise<Asset>, cached: boolean): Promise<Asset> {
  const hit = cached ? cache.get(key) : undefined;
  if (hit !== undefined) return hit;
  const asset = await read();
  if (cached) cache.set(key, asset);
  return asset;
}

export async function vendorAsset(name: string): Promise<Asset | null> {
  const file = VENDOR.get(name);
  if (file === undefined) return null;
  return load(`vendor:${name}`, async () => {
    const text = await readFile(file.path, 'utf8');
    return { body: file.rewrite ? file.rewrite(text) : text, type: CONTENT_TYPES.get(extname(name))! };
  }, true);
}

/** A file under web/, or null when there is none (or the path tries to leave web/). */
export async function webAsset(urlPath: string, root = WEB_ROOT): Promise<Asset | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const relative = normalize(decoded).replace(/^([/\\])+/, '');
  const path = resolve(root, relative);
  if (!path.startsWith(root + sep)) return null;
  const type = CONTENT_TYPES.get(extname(path));
  if (type === undefined) return null;
  try {
    // Not cached: edits to web/ show on reload, and the files are small.
    return { body: await readFile(path), type };
  } catch {
    return null;
  }
}
