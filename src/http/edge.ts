/**
 * The first code a request meets on every port, before Hono sees it: how many requests a client
 * may have open at once (429 past `api.max_requests_per_client`), and how big a body may be
 * (413 past `api.max_body_bytes`). A declared Content-Length over the limit is refused before a
 * byte of the body is read; a chunked body is read only up to the limit. A body within the limit
 * is read here and handed on as `rawBody`, which @hono/node-server uses instead of the socket, so
 * no app and no proxy behind this can buffer more than the limit. On a listener that serves one
 * peer only (an App's ingress port), any other peer gets 403 before anything else is looked at.
 * A refusal closes the connection.
 */
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { AddressSet, clientOf, plainAddress } from './address.js';

export interface EdgeLimits {
  readonly maxBodyBytes: number;
  readonly maxRequestsPerClient: number;
  /** Proxies whose forwarding headers name the client (it is then the client that is counted). */
  readonly trusted: AddressSet;
  /** The only peer served (an App's ingress proxy); any other gets 403 and `refused` is told. */
  readonly onlyPeer?: { readonly address: string; readonly refused: (peer: string) => void };
}

/**
 * How long a refused connection stays open for its answer to be read, ms (nginx lingers 5 s too).
 * Closing a socket with unread data in it sends a reset, which can destroy the answer before a
 * busy client has read it; so the answer goes out with a FIN, reading stops (the client's sends
 * block once the buffers are full), and the socket is destroyed later.
 */
const LINGER_MS = 5000;

type Fetch = (request: Request, env: never) => Response | Promise<Response>;

const REASONS = { 403: 'Forbidden', 413: 'Payload Too Large', 429: 'Too Many Requests' } as const;
const ERRORS = { 403: 'forbidden', 413: 'payload_too_large', 429: 'too_many_requests' } as const;

/**
 * Answers on the socket itself rather than through the ServerResponse: Node would destroy a
 * `Connection: close` socket as soon as the answer is flushed, and otherwise read the rest of the
 * body to reach the next request. Neither is wanted here.
 */
function refuse(req: IncomingMessage, status: keyof typeof REASONS, message: string): void {
  const body = JSON.stringify({ error: ERRORS[status], message });
  const head = [
    `HTTP/1.1 ${status} ${REASONS[status]}`,
    `Date: ${new Date().toUTCString()}`,
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    ...(status === 429 ? ['Retry-After: 1'] : []),
  ];
  req.pause();
  const socket = req.socket;
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
  setTimeout(() => socket.destroy(), LINGER_MS).unref();
}

const tooLarge = (max: number) => `request body over ${max} bytes (api.max_body_bytes)`;

/** The declared length, or null when none is declared (or it is not a number: Node refuses those itself). */
function declaredLength(req: IncomingMessage): number | null {
  const value = req.headers['content-length'];
  return value === undefined ? null : Number(value);
}

const hasBody = (req: IncomingMessage) => req.headers['transfer-encoding'] !== undefined || (declaredLength(req) ?? 0) > 0;

/** Reads a body of at most `max` bytes into memory; refuses it (413) at the first byte over, then calls `refused`. */
function readBounded(req: IncomingMessage, max: number, done: (body: Buffer) => void, refused: () => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  const onData = (chunk: Buffer) => {
    size += chunk.length;
    if (size > max) {
      req.off('data', onData);
      req.off('end', onEnd);
      chunks.length = 0;
      refuse(req, 413, tooLarge(max));
      refused();
      return;
    }
    chunks.push(chunk);
  };
  const onEnd = () => done(Buffer.concat(chunks, size));
  req.on('data', onData);
  req.once('end', onEnd);
}

/** A request listener that applies the limits, then hands the request to `next`. */
export function edgeListener(next: RequestListener, limits: EdgeLimits): RequestListener {
  const open = new Map<string, number>();
  const release = (client: string) => {
    const n = (open.get(client) ?? 1) - 1;
    if (n <= 0) open.delete(client);
    else open.set(client, n);
  };
  return (req, res) => {
    const peer = req.socket.remoteAddress ?? 'unknown';
    if (limits.onlyPeer !== undefined && plainAddress(peer) !== limits.onlyPeer.address) {
      refuse(req, 403, `this port serves only Home Assistant's ingress proxy (${limits.onlyPeer.address}), not ${plainAddress(peer)}: open the App from Home Assistant's sidebar`);
      limits.onlyPeer.refused(plainAddress(peer));
      return;
    }
    const client = clientOf(peer, (name) => req.headers[name] as string | undefined, limits.trusted).address ?? peer;
    const count = open.get(client) ?? 0;
    if (count >= limits.maxRequestsPerClient) {
      refuse(req, 429, `more than ${limits.maxRequestsPerClient} requests at once from ${client} (api.max_requests_per_client): wait for answers before asking again`);
      return;
    }
    const declared = declaredLength(req);
    if (declared !== null && declared > limits.maxBodyBytes) {
      refuse(req, 413, tooLarge(limits.maxBodyBytes));
      return;
    }
    open.set(client, count + 1);
    // Open until answered, or until refused: a refused connection lingers, but no longer counts.
    let counted = true;
    const done = () => {
      if (counted) release(client);
      counted = false;
    };
    res.once('close', done);
    if (!hasBody(req)) {
      next(req, res);
      return;
    }
    readBounded(
      req,
      limits.maxBodyBytes,
      (body) => {
        (req as IncomingMessage & { rawBody?: Buffer }).rawBody = body;
        next(req, res);
      },
      done,
    );
  };
}

/**
 * An HTTP server for a Hono app behind the edge. `Expect: 100-continue` is answered only for a
 * body within the limit, so a client that asks first never sends one that is too large.
 */
export function edgeServer(fetch: Fetch, limits: EdgeLimits): Server {
  const listener = edgeListener(getRequestListener(fetch as never), limits);
  const server = createServer(listener);
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    const declared = declaredLength(req);
    if (declared === null || declared <= limits.maxBodyBytes) res.writeContinue();
    listener(req, res);
  });
  return server;
}

/** The limits of a configuration. */
export function edgeLimits(config: { readonly trusted_proxies: readonly string[]; readonly api: { readonly max_body_bytes: number; readonly max_requests_per_client: number } }): EdgeLimits {
  return { maxBodyBytes: config.api.max_body_bytes, maxRequestsPerClient: config.api.max_requests_per_client, trusted: new AddressSet(config.trusted_proxies) };
}
