/**
 * The API's one error type and its one renderer: every failure leaves as `{error, message}` JSON
 * with a 4xx/5xx status. Bad input is always a 4xx; a 500 means a bug or a broken store, and its
 * details go to the log, not to the client.
 */
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import type { Logger } from '../log.js';
import { StorageInputError } from '../storage/types.js';
import { InvalidPeriodError } from '../time/calendar.js';

/** Machine-readable error names, one per status the API uses. */
const CODES: Readonly<Record<number, string>> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  500: 'internal',
  501: 'not_implemented',
  503: 'unavailable',
};

export class ApiError extends HTTPException {
  readonly code: string;
  readonly headers: Record<string, string> | undefined;

  constructor(status: ContentfulStatusCode, message: string, options: { code?: string; headers?: Record<string, string> } = {}) {
    super(status, { message });
    this.code = options.code ?? CODES[status] ?? 'error';
    this.headers = options.headers;
  }
}

export const badRequest = (message: string) => new ApiError(400, message);

/** The body of every error response. */
export const errorSchema = z
  .object({
    error: z.string().openapi({ example: 'bad_request' }),
    message: z.string().openapi({ example: 'start (2026-11-30T00:00:00.000Z) is after end (2026-11-01T00:00:00.000Z)' }),
  })
  .openapi('Error');

type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 415 | 501;
const DESCRIPTIONS: Readonly<Record<ErrorStatus, string>> = {
  400: 'bad input (unknown measurement, bad time, start after end, limit out of range, …)',
  401: 'missing or wrong bearer token',
  403: 'not allowed from this address or host, or no API token configured',
  404: 'not found',
  409: 'conflicts with what is stored or running',
  415: 'the body is not application/json',
  501: 'not built yet',
};

/** OpenAPI response entries for the errors a route can return. */
export function errorResponses<S extends ErrorStatus>(...statuses: S[]) {
  const entry = (s: S) => ({ description: DESCRIPTIONS[s], content: { 'application/json': { schema: errorSchema } } });
  return Object.fromEntries(statuses.map((s) => [s, entry(s)])) as Record<S, ReturnType<typeof entry>>;
}

export function formatIssues(error: ZodError): string {
  return error.issues
    .map((i) => {
      const path = i.path.map(String).join('.');
      return path === '' ? i.message : `${path}: ${i.message}`;
    })
    .join('; ');
}

/** The validation hook of every route: a schema failure is a 400 with what was wrong. */
export function validationHook(result: { success: true } | { success: false; error: ZodError }): void {
  if (!result.success) throw badRequest(formatIssues(result.error));
}

export function errorBody(err: ApiError): { error: string; message: string } {
  return { error: err.code, message: err.message };
}

/** Turns anything thrown into an ApiError: ours as is, Hono's by status, input errors as 400, the rest as 500. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof HTTPException) {
    const status = err.status >= 400 ? (err.status as ContentfulStatusCode) : 500;
    return new ApiError(status, err.message || CODES[status] || 'error');
  }
  if (err instanceof StorageInputError || err instanceof InvalidPeriodError) return badRequest((err as Error).message);
  return new ApiError(500, 'internal error (see the homerhythm log)');
}

export function errorHandler(log: Logger | undefined) {
  return (err: unknown, c: Context): Response => {
    const api = toApiError(err);
    if (api.status >= 500) log?.error({ err, method: c.req.method, path: c.req.path }, 'data-api request failed');
    return c.json(errorBody(api), api.status, api.headers);
  };
}

export function notFound(c: Context): Response {
  return c.json({ error: 'not_found', message: `no such endpoint: ${c.req.method} ${c.req.path} (see GET /openapi.json)` }, 404);
}
