/**
 * One simulated branch: a real branch hub (its own data directory, SQLite, embedded broker and
 * API) started in this process on a virtual clock, and the people around it played day by day
 * from the day plans. The clock jumps from one planned action to the next; before it passes the
 * moment an unanswered dispatch offer runs out, the hub is given that moment to time it out, and
 * after each action the run waits for what the hub does in reaction (alerts, dispatch offers).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadHubConfig } from '../../config.ts';
import { FINAL_GRACE_MS } from '../../experience/experience-service.ts';
import { HOUR_MS } from '../../experience/local-hours.ts';
import { startHub } from '../../hub.ts';
import type { Logger } from '../../logger.ts';
import { addDays, startOfLocalDay } from '../../queue/branch-time.ts';
import { SeededRandom } from '../../queue/simulate-random.ts';
import { Agenda, emptyTally, VirtualClock, type BranchContext, type BranchTally } from './branch-context.ts';
import type { BranchFile } from './branch-file.ts';
import type { BranchProfile } from './branch-profiles.ts';
import { CounterFlow } from './counter-flow.ts';
import { mixSeed, planDay } from './day-plan.ts';
import { EdgeDevice } from './edge-device.ts';
import { FloorFlow } from './floor-flow.ts';
import { HubClient } from './hub-client.ts';

/** MQTT credentials HQ issued for this branch (POST /api/v1/hq/uplinks). */
export interface Uplink {
  mqttUrl: string;
  username: string;
  password: string;
}

export interface BranchDriverOptions {
  profile: BranchProfile;
  file: BranchFile;
  /** An empty directory of its own: the branch config file and the database go there. */
  dataDir: string;
  /** The first simulated day (branch-local); the clock starts at its midnight. */
  firstDay: string;
  seed: number;
  uplink: Uplink | null;
  log: Logger;
}

export interface DayReport extends BranchTally {
  branchId: string;
  day: string;
  open: boolean;
  elapsedMs: number;
}

const FLOOR_ARRIVES_MS = 15 * 60_000;
const DRAIN_CHECK_MS = 5 * 60_000;

export class BranchDriver {
  readonly #context: BranchContext;
  readonly #counters: CounterFlow;
  readonly #floor: FloorFlow;
  readonly #log: Logger;

  private constructor(context: BranchContext, log: Logger) {
    this.#context = context;
    this.#log = log;
    this.#counters = new CounterFlow(context);
    this.#floor = new FloorFlow(context, this.#counters);
  }

  static async start(options: BranchDriverOptions): Promise<BranchDriver> {
    const { profile, file, dataDir, uplink } = options;
    const configFile = path.join(dataDir, 'branch.json');
    // The file holds the run's passwords: readable by its owner only.
    writeFileSync(configFile, JSON.stringify(file.config, null, 2), { mode: 0o600 });
    const clock = new VirtualClock(startOfLocalDay(options.firstDay, profile.timezone));
    const adminToken = randomBytes(24).toString('base64url');
    const config = loadHubConfig({
      HUB_ROLE: 'branch', PORT: '0', MQTT_PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, TP_BRANCH_CONFIG: configFile,
      TP_ADMIN_TOKEN: adminToken, TP_DEMO_EDGE: '0', TP_HQ_LIVE_MIN: '0', MQTT_CLIENT_ID: `tp-hub-${profile.id}`,
      // The simulated customers all come from this process, many times faster than real ones.
      TP_PUBLIC_WRITES_PER_MIN: '0', TP_PUBLIC_READS_PER_MIN: '0',
      ...(uplink ? { HQ_MQTT_URL: uplink.mqttUrl, HQ_MQTT_USERNAME: uplink.username, HQ_MQTT_PASSWORD: uplink.password } : {}),
    });
    const hub = await startHub(config, options.log, { now: clock.now });
    const api = new HubClient(hub.api);
    const context: BranchContext = {
      hub, api, clock, profile, file, adminToken,
      edge: new EdgeDevice({ branchId: profile.id, mqttUrl: hub.mqttUrl, now: clock.now }),
      agenda: new Agenda(clock),
      random: new SeededRandom(mixSeed(options.seed, `${profile.id}:runtime`)),
      tokens: new Map(),
      tally: emptyTally(),
    };
    try {
      for (const login of [...file.tellers, ...file.floor]) context.tokens.set(login.staffId, await api.login(login.username, login.password));
      await context.edge.start(api, adminToken);
    } catch (error) {
      await context.edge.stop();
      await hub.stop();
      throw error;
    }
    const driver = new BranchDriver(context, options.log);
    driver.#floor.start();
    return driver;
  }

  get branchId(): string {
    return this.#context.profile.id;
  }

  /** Plays one branch-local day, through to the next midnight's hours being final. */
  async runDay(day: string, seed: number): Promise<DayReport> {
    const started = performance.now();
    const { agenda, profile, file, tally } = this.#context;
    const before = { ...tally };
    const plan = planDay(profile, file, day, seed);
    if (plan) {
      agenda.at(plan.openMs - FLOOR_ARRIVES_MS, () => this.#floor.setShift(true));
      this.#counters.plan(plan.visits, plan.shifts, plan.closeMs);
      this.#floor.plan(plan.incidents, plan.kioskSessions, plan.openMs, plan.closeMs);
      agenda.at(plan.closeMs + DRAIN_CHECK_MS, () => this.#closeWhenDrained());
    }
    // Each hour becomes final a little after it ends; the next midnight's tick closes the day.
    const dayStart = startOfLocalDay(day, profile.timezone);
    const nextDay = startOfLocalDay(addDays(day, 1), profile.timezone);
    for (let hour = dayStart; hour < nextDay; hour += HOUR_MS) agenda.at(hour + HOUR_MS + FINAL_GRACE_MS + 60_000, () => this.#context.hub.experience.tick());
    await this.#play();
    const delta = Object.fromEntries(Object.entries(tally).map(([key, value]) => [key, value - before[key as keyof BranchTally]])) as unknown as BranchTally;
    return { branchId: profile.id, day, open: plan !== null, elapsedMs: performance.now() - started, ...delta };
  }

  /** Sends every final hour to HQ and waits for each to be acknowledged; answers how many hours HQ has. */
  async publishAll(timeoutMs: number): Promise<number> {
    const { hub } = this.#context;
    await hub.experience.tick();
    if (!hub.summaries) return 0;
    const deadline = Date.now() + timeoutMs;
    while ((await hub.summaries.pending()) > 0) {
      if (Date.now() > deadline) throw new Error(`${this.branchId}: ${await hub.summaries.pending()} hours were not acknowledged by HQ within ${timeoutMs / 1000} s (is HQ's broker reachable?)`);
      await hub.summaries.publishPending();
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return hub.db.experienceHour.count({ where: { branchId: this.branchId, publishedAt: { not: null } } });
  }

  async stop(): Promise<void> {
    this.#floor.stop();
    await this.#context.edge.stop();
    await this.#context.hub.stop();
  }

  async #play(): Promise<void> {
    const { agenda } = this.#context;
    for (let next = agenda.next(); next; next = agenda.next()) {
      await this.#advanceTo(next.atMs);
      await next.event();
      await this.#floor.settled();
    }
  }

  /** Moves the clock to `ms`, letting the hub time out every dispatch offer that runs out on the way. */
  async #advanceTo(ms: number): Promise<void> {
    const { clock, hub } = this.#context;
    for (;;) {
      const due = Math.min(...this.#floor.offers.values());
      if (!(due <= ms)) break;
      clock.set(Math.max(clock.now(), due));
      await hub.dispatch.expireDue();
      await this.#floor.settled();
      // An offer the hub did not time out (already answered) is no longer watched.
      for (const [id, expiry] of this.#floor.offers) if (expiry <= clock.now()) this.#floor.offers.delete(id);
    }
    clock.set(Math.max(clock.now(), ms));
  }

  /** After closing: floor staff go home once every customer has been seen to. */
  async #closeWhenDrained(): Promise<void> {
    if (!this.#counters.allClosed) {
      this.#context.agenda.after(DRAIN_CHECK_MS / 1000, () => this.#closeWhenDrained());
      return;
    }
    const stranded = await this.#counters.sendHomeStranded();
    if (stranded > 0) this.#log.warn({ branchId: this.branchId, stranded }, 'customers were still waiting when every counter had closed');
    await this.#floor.setShift(false);
  }
}
