// @ts-check
/**
 * Each view's module and what it imports beyond the modules every view has (main.js's own,
 * preloaded by index.html). main.js asks for them all at once when a view is first opened, so the
 * browser does not find them one import level at a time (a pattern's page is four levels deep:
 * view → evidence → chart → uPlot). test/dashboard/view-modules.test.ts keeps these lists true to
 * the imports.
 */
export const VIEW_MODULES = /** @type {Record<string, string[]>} */ ({
  overview: ['./views/overview.js', './news.js', './stories.js'],
  patterns: ['./views/patterns.js', './patterns.js', './news.js', './stories.js'],
  pattern: ['./views/pattern.js', './views/evidence.js', './patterns.js', './suggestion.js', './chart.js', '../vendor/uplot.mjs'],
  entities: ['./views/entity.js', './patterns.js'],
  suggestions: ['./views/suggestions.js', './patterns.js', './suggestion.js'],
  jobs: ['./views/jobs.js', './views/system.js'],
});
