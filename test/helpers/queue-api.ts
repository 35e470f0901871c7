/** Calls the queue API of a test hub through `app.inject`, and a clock the hub's queue runs on. */
import { ADMIN_TOKEN, type TestHub } from './in-process-hub.ts';

export interface Answer {
  status: number;
  // Tests read arbitrary fields of the JSON answer.
  body: any;
}

/** A clock that moves only when told to. */
export class FakeClock {
  constructor(public ms: number) {}
  readonly now = (): number => this.ms;
  advance(minutes: number): void {
    this.ms += minutes * 60_000;
  }
}

export function queueApi(hub: () => TestHub) {
  async function call(method: 'GET' | 'POST', url: string, options: { token?: string | null; body?: unknown } = {}): Promise<Answer> {
    const token = options.token === undefined ? ADMIN_TOKEN : options.token;
    const response = await hub().api.inject({
      method,
      url: `/api/v1${url}`,
      headers: token ? { authorization: `Bearer ${token}` } : {},
      ...(options.body !== undefined ? { payload: options.body as object } : {}),
    });
    return { status: response.statusCode, body: response.body ? JSON.parse(response.body) : null };
  }

  return {
    call,
    async login(username: string, password: string): Promise<string> {
      return (await call('POST', '/auth/login', { token: null, body: { username, password } })).body.token;
    },
    /** A customer takes a ticket at the kiosk (no credentials). */
    async take(serviceId: string, priority: 'normal' | 'assisted' = 'normal', language: 'zh-CN' | 'en' = 'zh-CN') {
      const answer = await call('POST', '/queue/tickets', { token: null, body: { serviceId, priority, language } });
      if (answer.status !== 201) throw new Error(`taking a ticket failed: ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.body;
    },
    async callNext(counterId: string) {
      return call('POST', `/queue/counters/${counterId}/call-next`);
    },
    async act(ticketId: string, action: 'recall' | 'start' | 'done' | 'no-show' | 'left') {
      return call('POST', `/queue/tickets/${ticketId}/${action}`);
    },
    /** Sets exactly these counters open and the rest closed. */
    async openOnly(...counterIds: string[]) {
      const counters = (await call('GET', '/queue/counters')).body as { id: string }[];
      for (const counter of counters) {
        const answer = await call('POST', `/queue/counters/${counter.id}/${counterIds.includes(counter.id) ? 'open' : 'close'}`);
        if (answer.status !== 200) throw new Error(`counter ${counter.id}: ${answer.status} ${answer.body?.message}`);
      }
    },
  };
}
