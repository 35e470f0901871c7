/**
 * The simulation's calls to a branch hub's API. They go through `app.inject`: the same routing,
 * validation, authentication and roles as a request over the network, without a socket per call
 * (several times faster, and the simulated hub needs no client reaching it from outside).
 */
import type { Api } from '../../api/app.ts';

export interface Answer {
  status: number;
  // Answers are read field by field where the driver needs them.
  body: any;
}

export class HubClient {
  constructor(private readonly api: Api) {}

  async call(method: 'GET' | 'POST' | 'PUT', url: string, options: { token?: string | null; body?: unknown } = {}): Promise<Answer> {
    const response = await this.api.inject({
      method,
      url: `/api/v1${url}`,
      headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
      ...(options.body !== undefined ? { payload: options.body as object } : {}),
    });
    return { status: response.statusCode, body: response.body ? JSON.parse(response.body) : null };
  }

  /** A call that must succeed with `expected`; anything else is a failure of the run. */
  async must(expected: number, method: 'GET' | 'POST' | 'PUT', url: string, options: { token?: string | null; body?: unknown } = {}): Promise<any> {
    const answer = await this.call(method, url, options);
    if (answer.status !== expected) throw new Error(`${method} ${url} answered ${answer.status}: ${answer.body?.message ?? JSON.stringify(answer.body)}`);
    return answer.body;
  }

  async login(username: string, password: string): Promise<string> {
    return (await this.must(200, 'POST', '/auth/login', { body: { username, password } })).token as string;
  }
}
