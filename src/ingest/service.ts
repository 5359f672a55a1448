/** The websocket-ingestion service (issue 4): not built yet. */
import type { Service, ServiceContext } from '../service.js';

export function createIngestService(ctx: ServiceContext): Service | null {
  if (ctx.config.homeassistant.url === undefined) return null;
  throw new Error('live ingestion from Home Assistant is not built in this version yet (HA_URL is set)');
}
