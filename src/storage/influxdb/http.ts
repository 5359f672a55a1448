/**
 * InfluxDB's v1 HTTP API (`/ping`, `/write`, `/query`) over Node's fetch. InfluxDB 1.x serves it
 * natively, 2.x and 3.x as their v1 compatibility API (Token auth, databases mapped to buckets).
 * Errors say whether a retry makes sense; credentials never appear in messages or URLs.
 */
import { credentialsOf, withoutCredentials } from '../../redact.js';

export interface InfluxConnection {
  readonly url: string;
  /** 2.x/3.x: `Authorization: Token …`. */
  readonly token?: string;
  /** 1.x with auth enabled: HTTP Basic. */
  readonly username?: string;
  readonly password?: string;
  /** Longest a request may take before it counts as failed (and is retried or spooled). */
  readonly timeoutMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

export class InfluxError extends Error {
  constructor(
    message: string,
    /** True when the same request may succeed later (server down, slow, overloaded). */
    readonly retryable: boolean,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** One series of a /query answer. */
export interface Series {
  readonly name?: string;
  readonly tags?: Record<string, string>;
  readonly columns: string[];
  readonly values?: unknown[][];
}

interface QueryResult {
  readonly statement_id?: number;
  readonly series?: Series[];
  readonly error?: string;
}

/** Parses `partial write: points beyond retention policy dropped=N`. */
export function droppedBeyondRetention(message: string): number | null {
  const m = /points beyond retention policy dropped=(\d+)/.exec(message);
  return m === null ? null : Number(m[1]);
}

export class InfluxHttp {
  private readonly base: string;
  private readonly headers: Record<string, string>;
  private readonly timeoutMs: number;

  constructor(connection: InfluxConnection) {
    // Credentials in the URL (http://user:pass@influx:8086) become Basic auth: fetch refuses them in a URL, and the URL is shown.
    this.base = withoutCredentials(connection.url).replace(/\/+$/, '');
    this.timeoutMs = connection.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.headers = {};
    const inUrl = credentialsOf(connection.url);
    const username = connection.username ?? inUrl?.username;
    const password = connection.password ?? inUrl?.password;
    if (connection.token !== undefined && connection.token !== '') this.headers['authorization'] = `Token ${connection.token}`;
    else if (username !== undefined) {
      this.headers['authorization'] = `Basic ${Buffer.from(`${username}:${password ?? ''}`).toString('base64')}`;
    }
  }

  get url(): string {
    return this.base;
  }

  private async request(path: string, params: Record<string, string>, body?: string, contentType?: string): Promise<Response> {
    const url = `${this.base}${path}?${new URLSearchParams(params)}`;
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { ...this.headers, ...(contentType === undefined ? {} : { 'content-type': contentType }) },
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      throw this.unreachable(e);
    }
    if (res.ok) return res;
    const text = await res.text().catch(() => '');
    let message = text;
    try {
      message = (JSON.parse(text) as { error?: string }).error ?? text;
    } catch {
      // not JSON: keep the text
    }
    const retryable = res.status >= 500 || res.status === 429 || res.status === 408;
    const hint = res.status === 401 || res.status === 403 ? ' (check storage.influxdb token / username and password)' : '';
    throw new InfluxError(`InfluxDB ${path} answered ${res.status}: ${message.trim().slice(0, 500)}${hint}`, retryable, res.status);
  }

  /**
   * A request that got no answer, in words: a timeout (the abort of `AbortSignal.timeout`, while
   * waiting for the headers or for the body) says how long was waited, not the raw "The operation
   * was aborted due to timeout"; a refused connection says what the socket said.
   */
  private unreachable(e: unknown): InfluxError {
    const err = e as Error;
    const why = err.name === 'TimeoutError' || err.name === 'AbortError' ? `no answer within ${this.timeoutMs} ms` : (err.cause as Error | undefined)?.message ?? err.message;
    return new InfluxError(`InfluxDB at ${this.base} unreachable: ${why}`, true);
  }

  async ping(): Promise<void> {
    const res = await fetch(`${this.base}/ping`, { headers: this.headers, signal: AbortSignal.timeout(this.timeoutMs) }).catch((e: unknown) => {
      throw this.unreachable(e);
    });
    await res.body?.cancel();
    if (res.status !== 204 && res.status !== 200) throw new InfluxError(`InfluxDB /ping answered ${res.status}`, res.status >= 500, res.status);
  }

  /** Writes line protocol, its times in `precision` (ms; Layer 1 writes HA's microseconds, `u`). */
  async write(db: string, rp: string, lines: string, precision: TimePrecision = 'ms'): Promise<void> {
    if (lines === '') return;
    const res = await this.request('/write', { db, rp, precision }, lines, 'text/plain; charset=utf-8');
    await res.body?.cancel();
  }

  /** Runs statements (`;`-separated) and returns each statement's series; any statement error throws. */
  async query(q: string, db?: string, epoch: TimePrecision = 'ms'): Promise<Series[][]> {
    const params: Record<string, string> = { epoch };
    if (db !== undefined) params['db'] = db;
    // The statement goes in the form body: long entity lists would not fit in a URL.
    const res = await this.request('/query', params, new URLSearchParams({ q }).toString(), 'application/x-www-form-urlencoded');
    // The timeout covers the body too: a stalled answer fails here, in words.
    const body = (await res.json().catch((e: unknown) => {
      throw e instanceof SyntaxError ? new InfluxError(`InfluxDB /query answered with no JSON: ${e.message}`, true) : this.unreachable(e);
    })) as { results?: QueryResult[]; error?: string };
    if (body.error !== undefined) throw new InfluxError(`InfluxQL failed: ${body.error}`, false);
    return (body.results ?? []).map((r) => {
      if (r.error !== undefined) throw new InfluxError(`InfluxQL failed: ${r.error}`, false);
      return r.series ?? [];
    });
  }

  /** One statement's series. */
  async series(q: string, db?: string, epoch: TimePrecision = 'ms'): Promise<Series[]> {
    return (await this.query(q, db, epoch))[0] ?? [];
  }

  /**
   * One statement, streamed (`chunked=true`): InfluxDB answers with one JSON document per line,
   * each holding up to `chunkSize` rows, and this yields each document's series as it arrives,
   * so decoding overlaps InfluxDB's work and no answer is held whole. The timeout applies to the
   * wait for each next chunk (a long read that keeps delivering does not fail).
   */
  async *chunks(q: string, db: string, chunkSize: number, epoch: TimePrecision = 'ms'): AsyncIterable<Series[]> {
    const url = `${this.base}/query?${new URLSearchParams({ db, epoch, chunked: 'true', chunk_size: String(chunkSize) })}`;
    const abort = new AbortController();
    let timer = setTimeout(() => abort.abort(), this.timeoutMs);
    const rearm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => abort.abort(), this.timeoutMs);
    };
    const unreachable = (e: unknown) => (abort.signal.aborted ? new InfluxError(`InfluxDB at ${this.base} unreachable: no answer within ${this.timeoutMs} ms`, true) : this.unreachable(e));
    try {
      let res: Response;
      try {
        res = await fetch(url, {
          method: 'POST',
          headers: { ...this.headers, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ q }).toString(),
          signal: abort.signal,
        });
      } catch (e) {
        throw unreachable(e);
      }
      if (!res.ok) {
        const text = await res.text().catch(() => '');
        const retryable = res.status >= 500 || res.status === 429 || res.status === 408;
        throw new InfluxError(`InfluxDB /query answered ${res.status}: ${text.trim().slice(0, 500)}`, retryable, res.status);
      }
      const parse = (bytes: Buffer): Series[] => {
        const body = JSON.parse(bytes.toString('utf8')) as { results?: QueryResult[]; error?: string };
        if (body.error !== undefined) throw new InfluxError(`InfluxQL failed: ${body.error}`, false);
        const r = body.results?.[0];
        if (r?.error !== undefined) throw new InfluxError(`InfluxQL failed: ${r.error}`, false);
        return r?.series ?? [];
      };
      // Bytes of the document not complete yet; a newline is searched for in new bytes only.
      let pending: Buffer[] = [];
      const reader = res.body!.getReader();
      for (;;) {
        let next: Awaited<ReturnType<typeof reader.read>>;
        try {
          next = await reader.read();
        } catch (e) {
          throw unreachable(e);
        }
        rearm();
        if (next.done) break;
        const bytes = Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
        // JSON escapes line breaks inside strings: every newline byte ends a document.
        let nl = bytes.indexOf(0x0a);
        if (nl < 0) {
          pending.push(bytes);
          continue;
        }
        const out: Series[] = [];
        let from = 0;
        for (; nl >= 0; nl = bytes.indexOf(0x0a, from)) {
          pending.push(bytes.subarray(from, nl));
          const doc = pending.length === 1 ? pending[0]! : Buffer.concat(pending);
          pending = [];
          if (doc.length > 0) out.push(...parse(doc));
          from = nl + 1;
        }
        if (from < bytes.length) pending.push(bytes.subarray(from));
        if (out.length > 0) yield out;
      }
      const rest = Buffer.concat(pending);
      if (rest.toString('utf8').trim() !== '') yield parse(rest);
    } finally {
      clearTimeout(timer);
      abort.abort();
    }
  }
}

/** Times on the wire: epoch ms, or µs (`u`), as InfluxDB 1.x names the precision of `/write` and the epoch of `/query`. */
export type TimePrecision = 'ms' | 'u';

/** Rows of a series as objects keyed by column. */
export function rows(series: Series): Record<string, unknown>[] {
  return (series.values ?? []).map((v) => Object.fromEntries(series.columns.map((c, i) => [c, v[i]])));
}
