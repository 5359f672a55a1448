/**
 * Every routine of the simulated home, in planning order: presence first (the others plan around
 * who is home), the evening before the sunset lights (they stay on until bedtime); a messy home's
 * additions after every routine (they step in between the routines' chain steps), and its
 * episodes last (they cut what the others planned).
 */
import { absence } from './absence.js';
import { anomalies } from './anomalies.js';
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
  presence, doorTraffic, morning, office, irrigation, towelWarmer, evening, sunset, sky, heating, noise, anomalies, mess, absence,
];

export { planAnomalies } from './anomalies.js';
export type { Routine, RoutineModule, TruthBuilder } from './routine.js';
