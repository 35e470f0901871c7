/**
 * The soak's branch: the demo branch (`hub/branch/demo-branch.json`, its services, counters and
 * rules) grown to the size under test. Each camera watches one customer zone of its own (the
 * demo's six, then queue areas), so its counts reach the floor tablet in order; the kiosks stand
 * in the self-service area; staff members and floor tablets get logins.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const DEMO_BRANCH = path.resolve(import.meta.dirname, '../hub/branch/demo-branch.json');
export const STAFF_PASSWORD = 'soak-staff-password';
export const FLOOR_PASSWORD = 'soak-floor-password';
/** The demo's customer zones, in the order cameras take them. */
const DEMO_CUSTOMER_ZONES = ['entrance', 'lobby', 'teller-line', 'kiosk-area', 'wealth-waiting', 'vip-room'];
export const KIOSK_ZONE = 'kiosk-area';
/** Staff skills: every fifth is floor staff (help requests prefer them), every seventh knows accessibility (falls). */
const skillsOf = (index: number) => [index % 5 === 0 ? 'floor' : 'teller', ...(index % 7 === 3 ? ['accessibility'] : [])];

export interface SoakCamera {
  sourceId: string;
  zoneId: string;
}

export interface SoakBranch {
  file: string;
  branchId: string;
  timezone: string;
  cameras: SoakCamera[];
  kioskIds: string[];
  counterIds: string[];
  /** Staff logins (username = staff id). */
  staffIds: string[];
  floorUsers: string[];
}

const pad = (n: number) => String(n).padStart(2, '0');

export function writeSoakBranch(dir: string, sizes: { cameras: number; kiosks: number; staff: number; tablets: number }): SoakBranch {
  const demo = JSON.parse(readFileSync(DEMO_BRANCH, 'utf8'));
  const cameras: SoakCamera[] = Array.from({ length: sizes.cameras }, (_, i) => ({
    sourceId: `cam-${pad(i + 1)}`,
    zoneId: DEMO_CUSTOMER_ZONES[i] ?? `queue-area-${pad(i + 1)}`,
  }));
  const extraZones = cameras.slice(DEMO_CUSTOMER_ZONES.length).map(({ zoneId }, i) => ({
    id: zoneId, nameEn: `Queue area ${i + DEMO_CUSTOMER_ZONES.length + 1}`, nameZh: `排队区${i + DEMO_CUSTOMER_ZONES.length + 1}`, kind: 'queue',
  }));
  const kioskIds = Array.from({ length: sizes.kiosks }, (_, i) => `kiosk-${i + 1}`);
  const staffIds = Array.from({ length: sizes.staff }, (_, i) => `soak-s${pad(i + 1)}`);
  const floorUsers = Array.from({ length: sizes.tablets }, (_, i) => `soak-floor-${i + 1}`);
  const branch = {
    ...demo,
    zones: [...demo.zones, ...extraZones],
    kiosks: kioskIds.map((id, i) => ({ id, nameEn: `Lobby kiosk ${i + 1}`, nameZh: `大堂自助机${i + 1}`, zoneId: KIOSK_ZONE, telemetryUrl: 'http://{host}:8791', idleWarnS: 45, idleResetS: 20 })),
    staff: [
      ...demo.staff,
      ...staffIds.map((id, i) => ({ id, displayName: `Soak staff ${i + 1}`, skills: skillsOf(i), languages: ['zh-CN', 'en'] })),
    ],
    users: [
      ...demo.users,
      ...staffIds.map((id, i) => ({ username: id, displayName: `Soak staff ${i + 1}`, role: 'staff', password: STAFF_PASSWORD, staffId: id })),
      ...floorUsers.map((username, i) => ({ username, displayName: `Floor tablet ${i + 1}`, role: 'floor', password: FLOOR_PASSWORD })),
    ],
  };
  const file = path.join(dir, 'soak-branch.json');
  writeFileSync(file, JSON.stringify(branch, null, 2));
  return {
    file,
    branchId: demo.branch.id,
    timezone: demo.branch.timezone,
    cameras,
    kioskIds,
    counterIds: demo.counters.map((counter: { id: string }) => counter.id),
    staffIds,
    floorUsers,
  };
}
