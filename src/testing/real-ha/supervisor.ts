/**
 * TEST SCAFFOLDING, standing in for the Home Assistant Supervisor, which cannot run here (it
 * needs Docker and HA OS or a supervised install). Only its core proxy is played, as an App sees
 * it: `ws://supervisor/core/websocket` and `http://supervisor/core/api/...`, on a loopback port.
 * As the Supervisor does (supervisor/api/proxy.py), the WebSocket half answers `auth_required`
 * itself, accepts only the App's SUPERVISOR_TOKEN (`auth_invalid` and close otherwise), then opens
 * its own connection to HA with its own token and passes every frame both ways; the HTTP half
 * accepts only `Authorization: Bearer <SUPERVISOR_TOKEN>` (401 otherwise) and forwards to HA's
 * `/api/...` with HA's token. HA itself never sees the App's token.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import WebSocket, { WebSocketServer, type RawData } from 'ws';
import { freePort } from '../port.js';

export interface SupervisorProxyOptions {
  /** The test's HA, e.g. http://127.0.0.1:8123. */
  readonly haUrl: string;
  /** A token HA accepts (the test HA's long-lived token). */
  readonly haToken: string;
  readonly haVersion: string;
  /** What the App is given as SUPERVISOR_TOKEN. */
  readonly supervisorToken: string;
}

export class SupervisorProxy {
  /** WebSockets that authenticated with the App's token and were joined to HA. */
  websocketsJoined = 0;
  /** Attempts with another token (WebSocket or HTTP). */
  refused = 0;
  /** HTTP requests forwarded to HA's REST API. */
  restForwarded = 0;
  private readonly sockets = new Set<WebSocket>();

  private constructor(
    private readonly server: Server,
    private readonly wss: WebSocketServer,
    readonly port: number,
    private readonly options: SupervisorProxyOptions,
  ) {}

  /** What HOMERHYTHM_SUPERVISOR_URL points at in place of ws://supervisor/core/websocket. */
  get websocketUrl(): string {
    return `ws://127.0.0.1:${this.port}/core/websocket`;
  }

  static async start(options: SupervisorProxyOptions): Promise<SupervisorProxy> {
    const port = await freePort();
    const wss = new WebSocketServer({ noServer: true });
    const server = createServer((req, res) => void proxy.forwardRest(req, res));
    server.on('upgrade', (req, socket, head) => {
      if (new URL(req.url ?? '/', 'http://supervisor').pathname !== '/core/websocket') {
        socket.destroy();
        return;
      }
      wss.handleUpgrade(req, socket, head, (client) => proxy.join(client));
    });
    const proxy = new SupervisorProxy(server, wss, port, options);
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    return proxy;
  }

  /** The App's socket: authenticated here, then joined to a socket of our own to HA. */
  private join(client: WebSocket): void {
    this.sockets.add(client);
    client.on('close', () => this.sockets.delete(client));
    client.on('error', () => client.terminate());
    const early: RawData[] = [];
    let upstream: WebSocket | null = null;
    let upstreamReady = false;
    client.send(JSON.stringify({ type: 'auth_required', ha_version: this.options.haVersion }));
    client.on('message', (data, isBinary) => {
      if (upstream === null) {
        const message = JSON.parse(data.toString()) as { type?: string; access_token?: string };
        if (message.type !== 'auth' || message.access_token !== this.options.supervisorToken) {
          this.refused++;
          client.send(JSON.stringify({ type: 'auth_invalid', message: 'Invalid access' }));
          client.close();
          return;
        }
        client.send(JSON.stringify({ type: 'auth_ok', ha_version: this.options.haVersion }));
        upstream = this.connectUpstream(client, () => {
          upstreamReady = true;
          for (const m of early.splice(0)) upstream!.send(m, { binary: false });
        });
        return;
      }
      if (upstreamReady) upstream.send(data, { binary: isBinary });
      else early.push(data);
    });
    client.on('close', () => upstream?.close());
  }

  /** A socket to HA authenticated with HA's token; `ready` once HA said auth_ok, then every frame goes to the App. */
  private connectUpstream(client: WebSocket, ready: () => void): WebSocket {
    const upstream = new WebSocket(`${this.options.haUrl.replace(/^http/, 'ws')}/api/websocket`);
    this.sockets.add(upstream);
    let authenticated = false;
    upstream.on('message', (data, isBinary) => {
      if (authenticated) {
        if (client.readyState === WebSocket.OPEN) client.send(data, { binary: isBinary });
        return;
      }
      const message = JSON.parse(data.toString()) as { type?: string };
      if (message.type === 'auth_required') upstream.send(JSON.stringify({ type: 'auth', access_token: this.options.haToken }));
      else if (message.type === 'auth_ok') {
        authenticated = true;
        this.websocketsJoined++;
        ready();
      } else client.close(1011, `HA refused the Supervisor: ${message.type}`);
    });
    upstream.on('close', () => {
      this.sockets.delete(upstream);
      client.close();
    });
    upstream.on('error', () => upstream.terminate());
    return upstream;
  }

  /** `/core/api/<path>` → HA's `/api/<path>`, the App's token checked and HA's put in its place. */
  private async forwardRest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://supervisor');
    if (!url.pathname.startsWith('/core/api')) {
      res.writeHead(404).end();
      return;
    }
    if (req.headers.authorization !== `Bearer ${this.options.supervisorToken}`) {
      this.refused++;
      res.writeHead(401, { 'content-type': 'text/plain' }).end('401: Unauthorized');
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : Buffer.concat(chunks);
    const upstream = await fetch(`${this.options.haUrl}${url.pathname.slice('/core'.length)}${url.search}`, {
      method: req.method ?? 'GET',
      headers: { authorization: `Bearer ${this.options.haToken}`, ...(req.headers['content-type'] === undefined ? {} : { 'content-type': req.headers['content-type'] }) },
      body,
    });
    this.restForwarded++;
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/octet-stream' });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
