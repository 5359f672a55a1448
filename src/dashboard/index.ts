/** The health-dashboard (port 3000): its app for in-process use and tests, its service, and the automation suggestions. */
export { createDashboardApp, CONTENT_SECURITY_POLICY, type DashboardDeps } from './server.js';
export { createDashboardService, type DashboardService } from './service.js';
export { suggest, checkAutomation, SUGGESTED_TYPES, type Suggestion } from './suggest/index.js';
