/**
 * The dashboard over real sockets for the browser tests: the data-api and the dashboard services
 * on free ports in front of a store, and headless Chromium (Debian's) driven by playwright-core,
 * with every console error and page error collected so a test can fail on them.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createApiService } from '../../src/api/index.js';
import { configSchema, type Config } from '../../src/config.js';
import { createDashboardService, type DashboardService } from '../../src/dashboard/index.js';
import { createLogger } from '../../src/log.js';
import { contextFor } from '../../src/main.js';
import { HealthRegistry, type Service } from '../../src/service.js';
import type { Storage } from '../../src/storage/types.js';
import { freePort } from '../../src/testing/port.js';

export const SCREENSHOTS = join(process.cwd(), 'artifacts', 'screenshots');

export { freePort };

export interface Served {
  readonly url: string;
  readonly health: HealthRegistry;
  readonly config: Config;
  stop(): Promise<void>;
}

/** The dashboard (and, unless `withApi` is false, the data-api) for a store; a missing data-api is the "API down" state. `webRoot`: where web/ is when this runs compiled elsewhere (the bench). */
export async function serveDashboard(storage: Storage, options: { withApi?: boolean; config?: Record<string, unknown>; health?: HealthRegistry; webRoot?: string } = {}): Promise<Served> {
  const config = configSchema.parse({ data_dir: '/nonexistent', time_zone: 'Europe/Berlin', ...options.config, api: { port: await freePort(), ...(options.config?.['api'] as object) }, dashboard: { port: await freePort() } });
  const health = options.health ?? new HealthRegistry();
  health.register('storage', () => ({ status: 'ok', details: { backend: storage.backend } }));
  const ctx = contextFor(config, storage, createLogger('silent'), health);
  const services: Service[] = [];
  if (options.withApi ?? true) services.push(createApiService(ctx));
  const dashboard: DashboardService = createDashboardService(ctx, options.webRoot === undefined ? {} : { webRoot: options.webRoot });
  services.push(dashboard);
  for (const s of services) await s.start();
  return {
    url: dashboard.url!,
    health,
    config,
    async stop() {
      for (const s of services.reverse()) await s.stop();
    },
  };
}

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

export interface WatchedPage {
  readonly page: Page;
  /** Console errors and uncaught page errors seen so far. */
  readonly errors: string[];
}

export async function openPage(browser: Browser, options: { colorScheme?: 'light' | 'dark' } = {}): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: options.colorScheme ?? 'light', timezoneId: 'America/New_York' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page: ${e.message}`));
  return { page, errors };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
