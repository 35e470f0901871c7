/**
 * The simulated branches: who they are (names, region, time zone) and how they behave (size,
 * staffing, speed, warmth). Deliberately different, so an HQ ranking has a clear best and worst:
 * Lujiazui is large and excellent, Tianhe is understaffed for its traffic, the overseas branches
 * serve many customers in English. Beyond the list, branches repeat with a number and a seeded
 * variation of size and staffing.
 */
import { SeededRandom } from '../../queue/simulate-random.ts';

export type WeekendHours = 'saturday' | 'both' | 'none';

export interface BranchProfile {
  id: string;
  nameEn: string;
  nameZh: string;
  region: string;
  timezone: string;
  /** Customers per hour at the day's peak on an ordinary weekday. */
  peakPerHour: number;
  /** Counters in the hall; the wealth desk is the last. */
  counters: number;
  /** Tellers on duty: how many counters are staffed at once (before lunch breaks). */
  tellers: number;
  /** People on the floor who answer alerts, the floor manager included. */
  floorStaff: number;
  /** Multiplies service times: below 1 is faster than the network's average. */
  serviceSpeed: number;
  /** Multiplies how long customers are willing to wait. */
  patience: number;
  /** Added to customers' satisfaction (CSAT points): friendly, well-run branches score higher. */
  warmth: number;
  /** Multiplies how long floor staff take to accept, arrive and resolve. */
  responsiveness: number;
  /** Multiplies the rate of incidents (help requests, falls, unhappy faces). */
  incidentRate: number;
  /** Share of customers who use English rather than Chinese. */
  englishShare: number;
  /** Share of customers who come for foreign exchange (higher where trade and travel are). */
  fxShare: number;
  weekend: WeekendHours;
}

const ARCHETYPES: readonly BranchProfile[] = [
  { id: 'sim-lujiazui', nameEn: 'Shanghai Lujiazui Branch', nameZh: '上海陆家嘴支行', region: 'east', timezone: 'Asia/Shanghai', peakPerHour: 56, counters: 9, tellers: 8, floorStaff: 3, serviceSpeed: 0.88, patience: 1.1, warmth: 0.35, responsiveness: 0.6, incidentRate: 0.8, englishShare: 0.08, fxShare: 0.14, weekend: 'both' },
  { id: 'sim-haidian', nameEn: 'Beijing Haidian Branch', nameZh: '北京海淀支行', region: 'north', timezone: 'Asia/Shanghai', peakPerHour: 48, counters: 8, tellers: 6, floorStaff: 2, serviceSpeed: 1, patience: 1, warmth: 0.05, responsiveness: 1, incidentRate: 1, englishShare: 0.04, fxShare: 0.1, weekend: 'saturday' },
  { id: 'sim-tianhe', nameEn: 'Guangzhou Tianhe Branch', nameZh: '广州天河支行', region: 'south', timezone: 'Asia/Shanghai', peakPerHour: 44, counters: 7, tellers: 4, floorStaff: 1, serviceSpeed: 1.12, patience: 0.85, warmth: -0.25, responsiveness: 1.7, incidentRate: 1.2, englishShare: 0.03, fxShare: 0.16, weekend: 'saturday' },
  { id: 'sim-chunxi', nameEn: 'Chengdu Chunxi Road Branch', nameZh: '成都春熙路支行', region: 'west', timezone: 'Asia/Shanghai', peakPerHour: 34, counters: 6, tellers: 5, floorStaff: 2, serviceSpeed: 1.05, patience: 1.15, warmth: 0.15, responsiveness: 1.1, incidentRate: 1, englishShare: 0.02, fxShare: 0.08, weekend: 'both' },
  { id: 'sim-hk-central', nameEn: 'Hong Kong Central Branch', nameZh: '香港中环分行', region: 'international', timezone: 'Asia/Hong_Kong', peakPerHour: 26, counters: 5, tellers: 4, floorStaff: 2, serviceSpeed: 0.95, patience: 0.9, warmth: 0.1, responsiveness: 0.8, incidentRate: 0.7, englishShare: 0.45, fxShare: 0.3, weekend: 'saturday' },
  { id: 'sim-suzhou-sip', nameEn: 'Suzhou Industrial Park Branch', nameZh: '苏州工业园区支行', region: 'east', timezone: 'Asia/Shanghai', peakPerHour: 22, counters: 5, tellers: 4, floorStaff: 1, serviceSpeed: 0.95, patience: 1.1, warmth: 0.2, responsiveness: 0.9, incidentRate: 0.8, englishShare: 0.06, fxShare: 0.12, weekend: 'saturday' },
  { id: 'sim-qujiang', nameEn: "Xi'an Qujiang Branch", nameZh: '西安曲江支行', region: 'west', timezone: 'Asia/Shanghai', peakPerHour: 24, counters: 5, tellers: 3, floorStaff: 1, serviceSpeed: 1.15, patience: 1.2, warmth: -0.1, responsiveness: 1.3, incidentRate: 1.6, englishShare: 0.01, fxShare: 0.05, weekend: 'saturday' },
  { id: 'sim-london-city', nameEn: 'London City Branch', nameZh: '伦敦城分行', region: 'international', timezone: 'Europe/London', peakPerHour: 16, counters: 4, tellers: 3, floorStaff: 1, serviceSpeed: 0.9, patience: 0.8, warmth: 0.15, responsiveness: 0.8, incidentRate: 0.6, englishShare: 0.75, fxShare: 0.35, weekend: 'none' },
  { id: 'sim-heping', nameEn: 'Shenyang Heping Branch', nameZh: '沈阳和平支行', region: 'north', timezone: 'Asia/Shanghai', peakPerHour: 30, counters: 6, tellers: 4, floorStaff: 1, serviceSpeed: 1.05, patience: 1.05, warmth: -0.05, responsiveness: 1.2, incidentRate: 1.3, englishShare: 0.01, fxShare: 0.06, weekend: 'saturday' },
  { id: 'sim-optics-valley', nameEn: 'Wuhan Optics Valley Branch', nameZh: '武汉光谷支行', region: 'central', timezone: 'Asia/Shanghai', peakPerHour: 36, counters: 7, tellers: 5, floorStaff: 2, serviceSpeed: 1, patience: 1, warmth: 0.05, responsiveness: 1, incidentRate: 0.9, englishShare: 0.03, fxShare: 0.09, weekend: 'both' },
];

export const MAX_BRANCHES = 40;

/**
 * The first `count` simulated branches. Past the named ones, each archetype comes again as
 * "<name> 2", "… 3" with its size and staffing varied (seeded, so a rerun builds the same ones).
 */
export function branchProfiles(count: number, seed: number): BranchProfile[] {
  if (!Number.isInteger(count) || count < 1 || count > MAX_BRANCHES) throw new RangeError(`branches must be 1..${MAX_BRANCHES}, not ${count}`);
  const random = new SeededRandom(seed);
  const profiles: BranchProfile[] = [];
  for (let index = 0; index < count; index++) {
    const base = ARCHETYPES[index % ARCHETYPES.length]!;
    const round = Math.floor(index / ARCHETYPES.length) + 1;
    if (round === 1) {
      profiles.push(base);
      continue;
    }
    const size = 0.75 + 0.5 * random.next();
    // Three tellers at least: the wealth desk, a teller-and-accounts counter and one that takes foreign exchange.
    const tellers = Math.max(3, Math.min(base.counters, Math.round(base.tellers * size + random.normal() * 0.6)));
    profiles.push({
      ...base,
      id: `${base.id}-${round}`,
      nameEn: `${base.nameEn} ${round}`,
      nameZh: `${base.nameZh}${round}`,
      peakPerHour: Math.round(base.peakPerHour * size),
      tellers,
      warmth: base.warmth + 0.2 * random.normal(),
      responsiveness: base.responsiveness * (0.8 + 0.4 * random.next()),
    });
  }
  return profiles;
}
