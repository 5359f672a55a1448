/**
 * HTTP/1.1 over a plain socket, for the tests of what reaches a server before any framework:
 * exact headers (Host, forwarding headers), and a body of any size streamed from one small buffer
 * (never allocated whole) that stops as soon as the server answers or closes.
 */
import { connect, type Socket } from 'node:net';

export interface RawAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** Body bytes written to the socket before the answer came (or the connection closed). */
  readonly sent: number;
}

export interface RawRequest {
  readonly host: string;
  readonly port: number;
  readonly method?: string;
  readonly path?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Body bytes to send; with `chunked` in chunked encoding, else with a Content-Length. */
  readonly bodyBytes?: number;
  readonly chunked?: boolean;
  /** Where the socket leaves from (a LAN test's own address). */
  readonly localAddress?: string;
  /** Called while the body is being sent (e.g. to sample the server's memory). */
  readonly onProgress?: (sent: number) => void;
}

const CHUNK = Buffer.alloc(64 * 1024, 0x61);

function parse(text: string): { status: number; headers: Record<string, string>; body: string } | null {
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const [statusLine = '', ...lines] = text.slice(0, end).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(statusLine.split(' ')[1]), headers, body: text.slice(end + 4) };
}

/** One request on a fresh connection; resolves with the answer once the server has answered and closed or the answer is complete. */
export function rawRequest(request: RawRequest): Promise<RawAnswer> {
  const { method = 'GET', path = '/', bodyBytes = 0, chunked = false } = request;
  return new Promise((resolve, reject) => {
    const socket: Socket = connect({ host: request.host, port: request.port, localAddress: request.localAddress });
    let received = '';
    let sent = 0;
    let answered = false;
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      const answer = parse(received);
      if (answer === null) reject(error ?? new Error(`no answer (sent ${sent} body bytes): ${JSON.stringify(received.slice(0, 200))}`));
      else resolve({ ...answer, sent });
    };
    const complete = () => {
      const answer = parse(received);
      if (answer === null) return false;
      const length = answer.headers['content-length'];
      return length !== undefined && Buffer.byteLength(answer.body) >= Number(length);
    };
    socket.setEncoding('latin1');
    socket.on('data', (text: string) => {
      received += text;
      answered = parse(received) !== null;
      if (complete()) finish();
    });
    socket.on('close', () => finish());
    socket.on('error', (e) => finish(e));
    socket.once('connect', async () => {
      const headers: Record<string, string> = { host: `${request.host}:${request.port}`, connection: 'close', ...request.headers };
      if (bodyBytes > 0) headers[chunked ? 'transfer-encoding' : 'content-length'] = chunked ? 'chunked' : String(bodyBytes);
      socket.write(`${method} ${path} HTTP/1.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`);
      while (sent < bodyBytes && !answered && !settled) {
        const piece = Math.min(CHUNK.length, bodyBytes - sent);
        const data = piece === CHUNK.length ? CHUNK : CHUNK.subarray(0, piece);
        const ok = chunked ? socket.write(`${piece.toString(16)}\r\n`) && socket.write(data) && socket.write('\r\n') : socket.write(data);
        sent += piece;
        request.onProgress?.(sent);
        if (!ok) await new Promise<void>((resume) => {
          const go = () => {
            socket.off('drain', go);
            socket.off('close', go);
            resume();
          };
          socket.once('drain', go);
          socket.once('close', go);
        });
      }
      if (chunked && sent >= bodyBytes && !answered && !settled) socket.write('0\r\n\r\n');
    });
  });
}
