/** What the anomaly detector reports: one finding per day and kind, or per episode of a multi-day kind. */
import type { AnomalyEvidence } from '../metadata.js';
export const ANOMALY_KINDS = ['count_high', 'count_low', 'hour', 'duration', 'home_quiet', 'stuck', 'silent'] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];
export type Phase = 'start' | 'ongoing' | 'end';

export interface Finding {
  readonly kind: AnomalyKind;
  /** The entity, or `home` for home_quiet. */
  readonly deviceId: string;
  readonly areaId: string | null;
  /** The local day the news is about (an episode's latest day, or the day it ended). */
  readonly day: string;
  /** Start of that day: the pattern's last_seen. */
  readonly time: number;
  /** −log10 of the chance of something at least this unusual under the entity's own normal. */
  readonly surprise: number;
  readonly usual: AnomalyEvidence;
  readonly observed: AnomalyEvidence;
  /** Multi-day kinds: the day the condition began (the pattern's stable key) and where it stands. */
  readonly episode?: { readonly startDay: string; readonly phase: Phase };
}
