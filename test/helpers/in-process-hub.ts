/** A real hub (SQLite, embedded broker, HTTP) in this process, on free ports and a temp dir. */
import { loadHubConfig } from '../../hub/config.ts';
import { startHub, type HubOptions, type RunningHub } from '../../hub/hub.ts';
import { createLogger } from '../../hub/logger.ts';
import { tempDir } from './temp-dir.ts';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface TestHub extends RunningHub {
  dataDir: string;
  /** `app.inject` against the API (no socket) with the admin token, or the given one (null: none). */
  inject(method: string, url: string, options?: { token?: string | null; body?: unknown }): Promise<{ status: number; body: Record<string, any> | null; text: string }>;
  /** fetch against the hub's API with the admin token (or the given one). */
  request(path: string, init?: RequestInit & { token?: string | null; json?: unknown }): Promise<Response>;
  close(): Promise<void>;
}

export async function startTestHub(env: Record<string, string> = {}, options: HubOptions = {}): Promise<TestHub> {
  const dir = tempDir();
  // Every test client is 127.0.0.1: the public rate limits are off unless a test sets them (public-rate-limit.test.ts).
  const config = loadHubConfig({
    PORT: '0', MQTT_PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir.path, TP_ADMIN_TOKEN: ADMIN_TOKEN, TP_PUBLIC_WRITES_PER_MIN: '0', TP_PUBLIC_READS_PER_MIN: '0', ...env,
  });
  const hub = await startHub(config, createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'), options);
  return {
    ...hub,
    dataDir: dir.path,
    async inject(method, url, options = {}) {
      const token = options.token === undefined ? ADMIN_TOKEN : options.token;
      const response = await hub.api.inject({
        method: method as 'GET',
        url,
        headers: token ? { authorization: `Bearer ${token}` } : {},
        ...(options.body !== undefined ? { payload: options.body as object } : {}),
      });
      const json = String(response.headers['content-type'] ?? '').startsWith('application/json');
      return { status: response.statusCode, body: json ? (JSON.parse(response.body) as Record<string, any>) : null, text: response.body };
    },
    request(path, init = {}) {
      const { token = ADMIN_TOKEN, json, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (token) headers.set('authorization', `Bearer ${token}`);
      if (json !== undefined) headers.set('content-type', 'application/json');
      return fetch(`${hub.httpUrl}${path}`, { ...rest, headers, body: json !== undefined ? JSON.stringify(json) : rest.body });
    },
    async close() {
      await hub.stop();
      dir.remove();
    },
  };
}
