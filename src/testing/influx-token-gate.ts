/**
 * TEST SCAFFOLDING standing in for InfluxDB 2.x/3.x's v1 compatibility API, which cannot run here
 * (Debian ships InfluxDB 1.6, which knows no `Authorization: Token`). As 2.x does, it takes a
 * request only with `Authorization: Token <token>` (401 otherwise) and hands it to a real influxd
 * (src/testing/influxd.ts) as that influxd's admin, so what is written and read is real.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { freePort } from './port.js';

export class InfluxTokenGate {
  /** Requests passed to influxd, and requests refused for want of the token. */
  forwarded = 0;
  refused = 0;

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  static async start(influxUrl: string, token: string, admin: { username: string; password: string }): Promise<InfluxTokenGate> {
    const basic = `Basic ${Buffer.from(`${admin.username}:${admin.password}`).toString('base64')}`;
    const server = createServer((req, res) => void forward(req, res));
    const port = await freePort();
    const gate = new InfluxTokenGate(server, port);
    async function forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
      if (req.headers.authorization !== `Token ${token}`) {
        gate.refused++;
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"code":"unauthorized","message":"unauthorized access"}');
        return;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const upstream = await fetch(`${influxUrl}${req.url ?? '/'}`, {
        method: req.method ?? 'GET',
        headers: { authorization: basic, ...(req.headers['content-type'] === undefined ? {} : { 'content-type': req.headers['content-type'] }) },
        body: req.method === 'GET' || req.method === 'HEAD' ? undefined : Buffer.concat(chunks),
      });
      gate.forwarded++;
      res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
      res.end(Buffer.from(await upstream.arrayBuffer()));
    }
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    return gate;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
