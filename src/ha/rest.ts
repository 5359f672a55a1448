/**
 * The few calls of Home Assistant's REST API homerhythm makes, all with the same long-lived token
 * as the WebSocket: write an automation through the automation editor's own endpoint
 * (`POST /api/config/automation/config/<id>`, after which HA reloads that automation), read
 * states, and call a service. Errors carry HA's own message.
 */
export class HaRestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface HaRest {
  saveAutomation(id: string, config: Record<string, unknown>): Promise<void>;
  states(): Promise<Array<{ entity_id: string; state: string; attributes: Record<string, unknown> }>>;
  callService(domain: string, service: string, data: Record<string, unknown>): Promise<void>;
}

/**
 * The REST API beside a WebSocket or base URL: `http://ha:8123` or `ws://ha:8123/api/websocket`
 * → `http://ha:8123/api`; the Supervisor's proxy for an App, `ws://supervisor/core/websocket` →
 * `http://supervisor/core/api`.
 */
export function restBase(url: string): string {
  const u = new URL(url);
  if (u.protocol === 'ws:') u.protocol = 'http:';
  else if (u.protocol === 'wss:') u.protocol = 'https:';
  const path = u.pathname.replace(/\/+$/, '').replace(/\/websocket$/, '').replace(/\/api$/, '');
  u.pathname = `${path}/api`;
  u.search = '';
  u.hash = '';
  return u.toString();
}

export function haRest(url: string, token: string, timeoutMs = 15_000): HaRest {
  const base = restBase(url);
  const call = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new HaRestError(0, `Home Assistant at ${base} did not answer: ${(error as Error).message}`);
    }
    const text = await res.text();
    const json = (() => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return null;
      }
    })();
    if (!res.ok) {
      const said = (json as { message?: unknown } | null)?.message;
      throw new HaRestError(res.status, `Home Assistant refused ${method} ${path} (HTTP ${res.status}): ${typeof said === 'string' ? said : text.slice(0, 200)}`);
    }
    return json;
  };
  return {
    async saveAutomation(id, config) {
      await call('POST', `/config/automation/config/${encodeURIComponent(id)}`, config);
    },
    async states() {
      return (await call('GET', '/states')) as Array<{ entity_id: string; state: string; attributes: Record<string, unknown> }>;
    },
    async callService(domain, service, data) {
      await call('POST', `/services/${encodeURIComponent(domain)}/${encodeURIComponent(service)}`, data);
    },
  };
}
