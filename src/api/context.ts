/**
 * What the API is built from: everything injected (storage, config, clock, calendar, health, the
 * source of a request's remote address), so tests build an app in-process and call
 * `app.request()`. Each resource's router is made by `router()`, which validates with the
 * API's one hook.
 */
import type { HttpBindings } from '@hono/node-server';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Config } from '../config.js';
import { haRest, type HaRest } from '../ha/rest.js';
import type { Logger } from '../log.js';
import type { ComponentHealth } from '../service.js';
import type { Storage } from '../storage/types.js';
import type { Calendar } from '../time/calendar.js';
import { socketPeer } from '../http/index.js';
import { AnswerCache, DEFAULT_ANSWER_TTL_MS } from './cache.js';
import { validationHook } from './errors.js';

export interface ApiEnv {
  /** Set by @hono/node-server; absent when a test calls `app.request()`. */
  Bindings: Partial<HttpBindings>;
  Variables: {
    /** The request carried the configured bearer token. */
    authenticated: boolean;
  };
}

export type ApiContext = Context<ApiEnv>;

/** Where a request comes from (an IP address), or undefined when unknown (treated as remote). */
export type AddressSource = (c: ApiContext) => string | undefined;

/** The socket's peer address, as @hono/node-server exposes it. */
export const socketAddress: AddressSource = socketPeer;

export type RunnableJob = 'daily' | 'weekly' | 'monthly';

export interface RunSummary {
  readonly period: string;
  readonly runId: number;
  readonly patterns: number;
  readonly error: string | null;
}

/**
 * Runs a job for a period now (undefined: the last complete one). Throws an ApiError for a period
 * it refuses; resolves when the run is committed.
 */
export type JobRunner = (period: string | undefined) => Promise<RunSummary>;

export interface ApiDeps {
  readonly storage: Storage;
  readonly config: Config;
  /** The home's calendar (its zone may change once HA tells it). */
  readonly calendar: () => Calendar;
  /** UTC ms; default Date.now. */
  readonly clock?: () => number;
  /** Health of the other components in this process (ServiceContext.health.snapshot). */
  readonly health?: () => Record<string, ComponentHealth>;
  /** Default: the socket's remote address. Tests inject one to act as a remote client. */
  readonly remoteAddress?: AddressSource;
  /** How `POST /api/v1/jobs/{job}/run` runs each job (e.g. through the jobs service's queue). Default: each runs here, in the API's own queue. */
  readonly jobs?: Partial<Record<RunnableJob, JobRunner>>;
  /** How long an aggregate answer may be reused, ms (default 1000; 0: never). */
  readonly answerTtlMs?: number;
  /** Runs job work one at a time with the scheduled jobs (the jobs service's queue); default: directly. */
  readonly serialize?: <T>(work: () => Promise<T>) => Promise<T>;
  /** Home Assistant's REST API, for creating a reviewed suggestion there; null when HA is not configured. Default: from the config. */
  readonly homeAssistant?: () => HaRest | null;
  readonly log?: Logger;
}

/** ApiDeps with the defaults filled in. */
export interface Resolved extends Required<Omit<ApiDeps, 'log' | 'answerTtlMs'>> {
  readonly log: Logger | undefined;
  /** Aggregate answers of this app, cleared when a job runs through it. */
  readonly answers: AnswerCache<unknown>;
}

export function resolveDeps(deps: ApiDeps): Resolved {
  return {
    storage: deps.storage,
    config: deps.config,
    calendar: deps.calendar,
    clock: deps.clock ?? Date.now,
    health: deps.health ?? (() => ({})),
    remoteAddress: deps.remoteAddress ?? socketAddress,
    jobs: deps.jobs ?? {},
    serialize: deps.serialize ?? ((work) => work()),
    homeAssistant: deps.homeAssistant ?? (() => {
      const { url, token } = deps.config.homeassistant;
      return url === undefined || token === undefined ? null : haRest(url, token);
    }),
    log: deps.log,
    answers: new AnswerCache(deps.answerTtlMs ?? DEFAULT_ANSWER_TTL_MS),
  };
}

export function router(): OpenAPIHono<ApiEnv> {
  return new OpenAPIHono<ApiEnv>({ defaultHook: validationHook });
}
