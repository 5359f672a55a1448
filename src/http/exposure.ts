/**
 * Whether this configuration may start listening. Bound off loopback (e.g. 0.0.0.0 or a LAN
 * address) with no API token, the home's data would be one request away from anyone on the
 * network, or the services would refuse everyone there: start is refused and says what to set.
 * `allow_unauthenticated_lan: true` says that is wanted; it is then warned about at every start.
 */
import { ConfigError } from '../config.js';
import { isLoopback } from './address.js';

/** An address or name that only this machine can reach. */
export function isLoopbackBind(bind: string): boolean {
  const host = bind.toLowerCase();
  return host === 'localhost' || isLoopback(host);
}

export interface ExposureSettings {
  readonly bind: string;
  readonly allow_unauthenticated_lan: boolean;
  readonly api: { readonly token?: string | undefined };
  readonly dashboard?: { readonly bind?: string | undefined; readonly ingress_proxy?: string | undefined };
}

/**
 * Throws a ConfigError when the services must not start; returns a warning to log, or null. A
 * dashboard bound on its own address counts too, unless it serves an ingress proxy only.
 */
export function exposureCheck(config: ExposureSettings): string | null {
  const dashboard = config.dashboard;
  if (dashboard?.bind !== undefined && dashboard.ingress_proxy === undefined && !isLoopbackBind(dashboard.bind)) {
    return exposureCheck({ ...config, bind: dashboard.bind, dashboard: undefined }) ?? exposureCheck({ ...config, dashboard: undefined });
  }
  if (isLoopbackBind(config.bind) || config.api.token !== undefined) return null;
  if (!config.allow_unauthenticated_lan) {
    throw new ConfigError(
      `bind ${config.bind} is reachable from other machines and no API token is set: set HOMERHYTHM_API_TOKEN (api.token, at least 16 characters), ` +
        'or bind to 127.0.0.1 (HOMERHYTHM_BIND), or set allow_unauthenticated_lan: true in the config file to serve the home to your private network without a token',
    );
  }
  return `allow_unauthenticated_lan: bound to ${config.bind} without an API token, so anyone on your private network can read the home's data (set HOMERHYTHM_API_TOKEN to require a token)`;
}
