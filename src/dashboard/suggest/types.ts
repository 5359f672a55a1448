/** What a suggestion is made of, shared by the pattern kinds. */
import type { EntityLookup } from '../../detectors/device-words.js';
import type { Automation } from './automation.js';

/** A friendly name for an entity id (the id itself when the home does not name it). */
export type Names = (entityId: string) => string;

/** An automation, or the reason there is none for this pattern. */
export type Draft = Automation | { readonly reason: string };

export const isAutomation = (d: Draft): d is Automation => !('reason' in d);

/** The home a suggestion is written for. */
export interface Home {
  readonly names: Names;
  readonly exists: (entityId: string) => boolean;
  /** The home's HA Workday sensor (`binary_sensor.workday*`), if it has one: a Monday-to-Friday routine is kept to workdays by it. */
  readonly workday?: string | undefined;
  /** What the daily job knows of each entity (its device class): a trigger said in its device's words, "when Front door opens". */
  readonly words?: EntityLookup | undefined;
}
