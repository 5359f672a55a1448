/** `start` and `serve`: the services in the foreground until a signal stops them. */
import { serve } from '../main.js';
import { type ServiceName } from '../service.js';
import { print } from './args.js';
import { UsageError } from './context.js';

/** Serves until SIGINT/SIGTERM, then stops every service in reverse order. */
export async function serveUntilStopped(config: Parameters<typeof serve>[0], log: Parameters<typeof serve>[1], only?: ServiceName, quietWhenIdle = false): Promise<void> {
  const home = await serve(config, log, { only });
  const listening = home.services.filter((s) => s.name !== 'jobs');
  if (listening.length === 0 && (quietWhenIdle || home.services.length === 0)) {
    await home.stop();
    if (quietWhenIdle) return;
    throw new UsageError(only === undefined ? 'nothing to serve: configure HA_URL/HA_TOKEN for ingestion' : `service ${only} has nothing to do with this configuration`);
  }
  const ports: Partial<Record<ServiceName, number>> = { ingest: config.ingest.port, api: config.api.port, dashboard: config.dashboard.port };
  for (const s of home.services) {
    const port = ports[s.name];
    print(port === undefined ? `${s.name}: running` : `${s.name}: http://${config.bind}:${port}/`);
  }
  print('press Ctrl-C to stop');
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await home.stop();
}
