/**
 * JSON over HTTP to the hub's `/api/v1`. A reply with an error status becomes an `ApiError`
 * carrying the hub's message; no reply at all (network down, hub stopped, timeout) becomes a
 * `NetworkError` and marks the hub unreachable.
 */
import { connectivity } from './connectivity.ts';

export const API_PREFIX = '/api/v1';
const DEFAULT_TIMEOUT_MS = 10_000;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The hub asks this device to slow down (429, its public rate limit): a moment later it answers again. */
export function isBusy(error: unknown): boolean {
  return error instanceof ApiError && error.status === 429;
}

export class NetworkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NetworkError';
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  json?: unknown;
  token?: string | null;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

async function errorMessage(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { message?: unknown };
    if (typeof body.message === 'string') return body.message;
  } catch {
    // not JSON: fall back to the status text
  }
  return `${response.status} ${response.statusText}`;
}

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.json !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`${API_PREFIX}${path}`, {
      method: options.method ?? (options.json === undefined ? 'GET' : 'POST'),
      headers,
      body: options.json === undefined ? null : JSON.stringify(options.json),
      signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      cache: 'no-store',
    });
  } catch (error) {
    connectivity.markUnreachable();
    throw new NetworkError((error as Error).message);
  }
  connectivity.markReachable();
  if (!response.ok) throw new ApiError(response.status, await errorMessage(response));
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}
