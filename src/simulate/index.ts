/**
 * A deterministic synthetic home with planted routines and a ground-truth file: the input of
 * `homerhythm simulate`, the demo, and the eval of the ten detectors.
 *
 * - planHome(options): the home, its routines and the patterns a correct detector must find.
 * - simulateDays(options): the events, one local day at a time, sorted by compareEvents, the same
 *   for the same options (registry-enriched: deviceId and areaId set).
 * - writeSimulation(options, file): the events as HA state_changed JSON lines, with
 *   `<file>.truth.json` and `<file>.registry.json` beside them.
 */
export type { SimulationOptions } from './options.js';
export { DEFAULT_SIMULATION_ZONE } from './options.js';
export { simulateDays } from './engine.js';
export { planHome } from './plan-home.js';
export { writeSimulation } from './writer.js';
export type * from './truth.js';
export { DETECTOR_KINDS, MATCHING } from './truth.js';
export { HA_AUTOMATIONS, OVERRIDE, SUGGESTION_TRUTH, type SimAutomation } from './routines/index.js';
