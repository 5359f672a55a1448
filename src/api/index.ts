/** The data-api (port 8006): its app for in-process use and tests, and its service. */
export { createApp, OPENAPI_PATH } from './app.js';
export type { AddressSource, ApiDeps, JobRunner, RunSummary } from './context.js';
export { ApiError } from './errors.js';
export { createApiService, type ApiService } from './service.js';
