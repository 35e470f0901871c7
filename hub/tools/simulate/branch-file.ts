/**
 * A simulated branch as a branch config file (the format of hub/branch/demo-branch.json), marked
 * `simulated`, with the logins the simulation works under. Every branch offers the same services
 * under the same ids, so HQ can filter and compare them; passwords are fresh for every run.
 */
import { randomBytes } from 'node:crypto';
import { branchConfigSchema, type BranchConfig } from '../../branch/branch-config.ts';
import type { BranchProfile } from './branch-profiles.ts';

export interface ServiceModel {
  id: string;
  nameEn: string;
  nameZh: string;
  ticketPrefix: string;
  targetWaitS: number;
  /** Service times are lognormal with this mean (seconds, before the branch's speed) and CV. */
  meanServiceS: number;
  serviceCv: number;
}

export const SERVICES: readonly ServiceModel[] = [
  { id: 'teller', nameEn: 'Deposits and withdrawals', nameZh: '存取款', ticketPrefix: 'A', targetWaitS: 600, meanServiceS: 240, serviceCv: 0.7 },
  { id: 'accounts', nameEn: 'Accounts and cards', nameZh: '开户与银行卡', ticketPrefix: 'B', targetWaitS: 900, meanServiceS: 570, serviceCv: 0.6 },
  { id: 'fx', nameEn: 'Foreign exchange', nameZh: '外汇业务', ticketPrefix: 'C', targetWaitS: 900, meanServiceS: 400, serviceCv: 0.8 },
  { id: 'wealth', nameEn: 'Wealth management', nameZh: '理财咨询', ticketPrefix: 'V', targetWaitS: 1200, meanServiceS: 1200, serviceCv: 0.5 },
];

export const WEALTH_DESK = 'vip1';
/** Which services each general counter takes, by position. */
const COUNTER_SERVICES = [['teller', 'accounts'], ['teller'], ['teller', 'fx'], ['accounts', 'fx'], ['teller', 'accounts'], ['teller', 'fx'], ['teller'], ['accounts', 'fx']];
/** Counters are staffed in this order, so even three tellers cover every service. */
const STAFFING_ORDER = [WEALTH_DESK, 'c1', 'c3', 'c4', 'c2', 'c5', 'c6', 'c7', 'c8'];

const CHINESE_NAMES = ['Wang Fang', 'Li Wei', 'Zhang Min', 'Liu Yang', 'Chen Jing', 'Yang Lei', 'Huang Li', 'Zhao Qiang', 'Wu Xia', 'Zhou Jun', 'Xu Ting', 'Sun Hao'];
const ENGLISH_NAMES = ['Olivia Hart', 'James Cole', 'Amelia Shaw', 'Harry Lin', 'Grace Wu', 'Thomas Reed', 'Emily Zhang', 'Oliver Grant'];

export interface Login {
  staffId: string;
  username: string;
  password: string;
}

export interface BranchFile {
  config: BranchConfig;
  admin: { username: string; password: string };
  /** One per teller on duty, with the counter they work. */
  tellers: Array<Login & { counterId: string }>;
  /** The floor manager first, then the other floor staff. */
  floor: Login[];
  /** Queue zones by the service whose line they hold. */
  queueZones: Record<string, string>;
}

const password = () => randomBytes(18).toString('base64url');

export function buildBranchFile(profile: BranchProfile): BranchFile {
  const generalCounters = profile.counters - 1;
  const counters = [
    ...Array.from({ length: generalCounters }, (_, index) => ({
      id: `c${index + 1}`, nameEn: `Counter ${index + 1}`, nameZh: `${index + 1}号柜台`, serviceIds: COUNTER_SERVICES[index % COUNTER_SERVICES.length]!, open: false,
    })),
    { id: WEALTH_DESK, nameEn: 'Wealth desk', nameZh: '理财柜台', serviceIds: ['wealth'], open: false },
  ];
  const names = profile.englishShare > 0.5 ? ENGLISH_NAMES : CHINESE_NAMES;
  const staffedCounters = STAFFING_ORDER.filter((id) => counters.some((counter) => counter.id === id)).slice(0, profile.tellers);
  const tellers = staffedCounters.map((counterId, index) => ({ staffId: `s-teller-${index + 1}`, username: `teller${index + 1}`, password: password(), counterId }));
  const floor = Array.from({ length: profile.floorStaff }, (_, index) => ({ staffId: `s-floor-${index + 1}`, username: index === 0 ? 'floor' : `floor${index + 1}`, password: password() }));
  const admin = { username: 'admin', password: password() };
  const staffName = (index: number) => names[index % names.length]!;
  const bilingual = profile.englishShare > 0.2;

  const input = {
    branch: { id: profile.id, name: profile.nameEn, nameZh: profile.nameZh, timezone: profile.timezone, region: profile.region, simulated: true },
    // Simulated branches switched expression analysis on where their incidents show negative affect (day-plan.ts).
    zones: [
      { id: 'entrance', nameEn: 'Entrance', nameZh: '入口', kind: 'entrance' },
      { id: 'lobby', nameEn: 'Lobby', nameZh: '大堂', kind: 'lobby', expressions: true },
      { id: 'teller-line', nameEn: 'Teller queue', nameZh: '柜台排队区', kind: 'queue', serviceId: 'teller', expressions: true },
      { id: 'accounts-line', nameEn: 'Accounts waiting area', nameZh: '开户等候区', kind: 'queue', serviceId: 'accounts', expressions: true },
      { id: 'wealth-lounge', nameEn: 'Wealth management lounge', nameZh: '理财等候区', kind: 'queue', serviceId: 'wealth' },
      { id: 'kiosk-area', nameEn: 'Self-service area', nameZh: '自助服务区', kind: 'kiosk' },
      { id: 'counters', nameEn: 'Counters', nameZh: '柜台', kind: 'counter' },
      { id: 'back-office', nameEn: 'Back office', nameZh: '后台办公区', kind: 'staff' },
    ],
    services: SERVICES.map(({ id, nameEn, nameZh, ticketPrefix, targetWaitS }) => ({ id, nameEn, nameZh, ticketPrefix, targetWaitS })),
    counters,
    staff: [
      ...tellers.map((teller, index) => ({
        id: teller.staffId, displayName: staffName(index), skills: ['teller', ...counters.find((counter) => counter.id === teller.counterId)!.serviceIds],
        languages: bilingual || index % 3 === 0 ? ['zh-CN', 'en'] : ['zh-CN'],
      })),
      ...floor.map((person, index) => ({
        id: person.staffId, displayName: staffName(tellers.length + index), skills: index === 0 ? ['floor', 'accessibility'] : index % 2 === 1 ? ['floor'] : ['floor', 'accessibility'],
        languages: ['zh-CN', 'en'],
      })),
    ],
    users: [
      { username: admin.username, displayName: 'Branch administrator (simulated)', role: 'admin', password: admin.password },
      ...floor.map((person, index) => ({ username: person.username, displayName: `${staffName(tellers.length + index)} (floor)`, role: index === 0 ? 'floor' : 'staff', password: person.password, staffId: person.staffId })),
      ...tellers.map((teller, index) => ({ username: teller.username, displayName: staffName(index), role: 'staff', password: teller.password, staffId: teller.staffId })),
    ],
    kiosks: [{ id: 'kiosk-1', nameEn: 'Lobby kiosk', nameZh: '大堂自助机', zoneId: 'kiosk-area' }],
  };
  const parsed = branchConfigSchema.safeParse(input);
  if (!parsed.success) throw new Error(`simulated branch ${profile.id} has an invalid config: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  return { config: parsed.data, admin, tellers, floor, queueZones: { teller: 'teller-line', accounts: 'accounts-line', wealth: 'wealth-lounge' } };
}
