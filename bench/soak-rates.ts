/**
 * What "a busy day" is, taken from figures already in the repository, and the per-second rates
 * the soak drives at `--scale` times it. Each number says where it comes from, so a change there
 * can be carried here.
 */

/** One busy branch-day (scale 1). */
export const BUSY_DAY = {
  /**
   * bench/hq.ts's 100,000-event branch-day, the largest day the repo models ("a very large
   * branch"; 12,500 events is its "busy branch"): 82 % of its events are camera counts
   * (CAMERA_SHARE), published 08:30–17:30. The branch's cameras share them.
   */
  cameraCounts: 82_000,
  cameraHours: 9,
  /** edge/pipeline/publish.ts STATUS_EVERY_MS: each node sends its retained status every 60 s. */
  statusEveryS: 60,
  /** hub/queue/README.md (rate limits): a kiosk at its busiest has a session every ~20 s. */
  kioskSessionEveryS: 20,
  /** hub/tools/simulate/day-plan.ts KIOSK_TASK_MIX: what a kiosk session is for. */
  kioskTasks: { ticket: 0.55, 'self-help': 0.3, appointment: 0.05, feedback: 0.05, other: 0.05 },
  /** day-plan.ts KIOSK_OUTCOME_MIX (a ticket session completes at least half the time). */
  kioskOutcomes: { completed: 0.8, abandoned: 0.09, timeout: 0.05, error: 0.03, escalated: 0.03 },
  /** day-plan.ts: a struggling session shows kiosk friction half the time. */
  frictionOfStruggling: 0.5,
  /** day-plan.ts INCIDENTS_PER_VISIT (a visit = a ticket taken). Negative affect is off by default, so not sent. */
  helpRequestsPerVisit: 0.014,
  fallsPerVisit: 0.0008,
  /** bench/hq.ts: 30 % of the customers served rate the visit. */
  feedbackShare: 0.3,
  /** hub/queue/simulate-scenario.ts DEMO_BRANCH_DAY: the services customers come for. */
  services: { teller: 0.58, accounts: 0.2, fx: 0.15, wealth: 0.07 },
  /** day-plan.ts: assisted (elderly, disabled) tickets. */
  assistedShare: 0.05,
  /** hub/queue/README.md: a customer's phone reads its ticket once by code, then follows it live. */
  phoneReadsPerTicket: 1,
  /** day-plan.ts: customers who give up (of whom 30 % cancel on their phone) ≈ 7 % + no-shows 2 %. */
  cancelShare: 0.03,
  noShowShare: 0.02,
} as const;

export interface SoakRates {
  scale: number;
  cameras: number;
  kiosks: number;
  /** Per second, the whole branch. */
  queueCountsPerS: number;
  statusPerS: number;
  kioskSessionsPerS: number;
  ticketsPerS: number;
  helpRequestsPerS: number;
  fallsPerS: number;
  /** One camera's count interval, seconds. */
  countEveryS: number;
  /** One node's status interval, seconds. */
  statusEveryS: number;
  /** One kiosk's session interval, seconds. */
  sessionEveryS: number;
}

export function soakRates(scale: number, cameras: number, kiosks: number): SoakRates {
  const queueCountsPerS = (BUSY_DAY.cameraCounts / (BUSY_DAY.cameraHours * 3600)) * scale;
  const kioskSessionsPerS = (kiosks / BUSY_DAY.kioskSessionEveryS) * scale;
  const ticketsPerS = kioskSessionsPerS * BUSY_DAY.kioskTasks.ticket;
  return {
    scale,
    cameras,
    kiosks,
    queueCountsPerS,
    statusPerS: (cameras / BUSY_DAY.statusEveryS) * scale,
    kioskSessionsPerS,
    ticketsPerS,
    helpRequestsPerS: ticketsPerS * BUSY_DAY.helpRequestsPerVisit,
    fallsPerS: ticketsPerS * BUSY_DAY.fallsPerVisit,
    countEveryS: cameras / queueCountsPerS,
    statusEveryS: BUSY_DAY.statusEveryS / scale,
    sessionEveryS: BUSY_DAY.kioskSessionEveryS / scale,
  };
}

/** Kiosk sessions that end badly, and how many of those show friction; escalated = asked for a person. */
export function kioskSignShares(): { friction: number; helpRequest: number } {
  const { kioskTasks: tasks, kioskOutcomes: outcomes, frictionOfStruggling } = BUSY_DAY;
  const struggling = outcomes.abandoned + outcomes.timeout + outcomes.error;
  // day-plan.ts: a ticket session is completed outright half the time, else draws from the mix.
  const strugglingShare = tasks.ticket * 0.5 * struggling + (1 - tasks.ticket) * struggling;
  const escalatedShare = tasks.ticket * 0.5 * outcomes.escalated + (1 - tasks.ticket) * outcomes.escalated;
  return { friction: strugglingShare * frictionOfStruggling, helpRequest: escalatedShare };
}
