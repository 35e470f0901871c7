/**
 * What the parts of one simulated branch share: the hub, the API client and logins, the edge
 * device, the virtual clock and the agenda of things the simulated people will do next, in
 * time order. Everything the simulation does to the hub is an agenda action.
 */
import type { RunningHub } from '../../hub.ts';
import { EventQueue } from '../../queue/simulate-events.ts';
import type { SeededRandom } from '../../queue/simulate-random.ts';
import type { BranchFile, Login } from './branch-file.ts';
import type { BranchProfile } from './branch-profiles.ts';
import type { EdgeDevice } from './edge-device.ts';
import type { HubClient } from './hub-client.ts';

export type Action = () => Promise<void>;

/** The simulation's clock: the hub reads it as its own `now`; only the driver moves it. */
export class VirtualClock {
  constructor(private ms: number) {}
  readonly now = (): number => this.ms;
  set(ms: number): void {
    if (ms < this.ms) throw new Error(`the simulation clock cannot go back (${new Date(ms).toISOString()} < ${new Date(this.ms).toISOString()})`);
    this.ms = ms;
  }
}

export class Agenda {
  readonly #queue = new EventQueue<Action>();

  constructor(private readonly clock: VirtualClock) {}

  get size(): number {
    return this.#queue.size;
  }

  at(ms: number, action: Action): void {
    this.#queue.push(Math.max(ms, this.clock.now()), action);
  }

  /** `seconds` from now on the virtual clock. */
  after(seconds: number, action: Action): void {
    this.at(this.clock.now() + Math.round(seconds * 1000), action);
  }

  next(): { atMs: number; event: Action } | undefined {
    return this.#queue.pop();
  }
}

/** What happened in the branch, counted as the simulation goes (for its progress lines). */
export interface BranchTally {
  tickets: number;
  served: number;
  gaveUp: number;
  feedback: number;
  incidents: number;
  dispatches: number;
  events: number;
}

export const emptyTally = (): BranchTally => ({ tickets: 0, served: 0, gaveUp: 0, feedback: 0, incidents: 0, dispatches: 0, events: 0 });

export interface BranchContext {
  hub: RunningHub;
  api: HubClient;
  edge: EdgeDevice;
  clock: VirtualClock;
  agenda: Agenda;
  /** Draws made while the day plays (reaction times, camera noise); seeded per branch. */
  random: SeededRandom;
  profile: BranchProfile;
  file: BranchFile;
  /** Bearer tokens by staff id, and the admin's. */
  tokens: Map<string, string>;
  adminToken: string;
  tally: BranchTally;
}

export function tokenOf(context: BranchContext, login: Login): string {
  const token = context.tokens.get(login.staffId);
  if (!token) throw new Error(`${login.username} is not logged in`);
  return token;
}
