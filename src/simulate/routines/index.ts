/**
 * Every routine of the simulated home, in planning order: presence first (the others plan around
 * who is home), the evening before the sunset lights (they stay on until bedtime); a messy home's
 * additions after every routine (they step in between the routines' chain steps), and its
 * episodes after them (they cut what the others planned); HA's automations last (their runs are
 * written for the automated changes that happened).
 */
import { absence } from './absence.js';
import { anomalies } from './anomalies.js';
import { haAutomations } from './automations.js';
import { irrigation, towelWarmer } from './chores.js';
import { doorTraffic } from './entrance.js';
import { evening } from './evening.js';
import { heating } from './heating.js';
import { mess } from './mess.js';
import { morning } from './morning.js';
import { noise } from './noise.js';
import { office } from './office.js';
import { presence } from './presence.js';
import type { RoutineModule } from './routine.js';
import { sky } from './sky.js';
import { sunset } from './sunset.js';

export const ROUTINES: readonly RoutineModule[] = [
  presence, doorTraffic, morning, office, irrigation, towelWarmer, evening, sunset, sky, heating, noise, anomalies, mess, absence, haAutomations,
];

export { planAnomalies } from './anomalies.js';
export { HA_AUTOMATIONS, OVERRIDE, SUGGESTION_TRUTH, type SimAutomation } from './automations.js';
export type { Routine, RoutineModule, TruthBuilder } from './routine.js';
