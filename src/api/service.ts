/** The data-api service (issue 5): not built yet. */
import type { Service, ServiceContext } from '../service.js';

export function createApiService(_ctx: ServiceContext): Service | null {
  return null;
}
