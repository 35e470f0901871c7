/**
 * The branch config file: seeds an empty database with a branch, its zones, services,
 * counters, staff and people who log in. After the first start the database is the truth.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { isId } from '../../protocol/topics.ts';

export const ROLES = ['admin', 'hq', 'floor', 'staff', 'kiosk', 'edge'] as const;
export type Role = (typeof ROLES)[number];
export const PERSON_ROLES = ['admin', 'hq', 'floor', 'staff'] as const;
export const ZONE_KINDS = ['entrance', 'lobby', 'queue', 'kiosk', 'vip', 'counter', 'staff'] as const;
/** Zones where expression analysis may never be announced: the staff's workplace (EU AI Act Art. 5(1)(f)). */
export const NO_EXPRESSION_ZONE_KINDS: readonly string[] = ['counter', 'staff'];

export const id = z.string().refine(isId, 'use lower-case letters, digits and dashes (max 63)');
const name = z.string().trim().min(1).max(100);

export const zoneInput = z.strictObject({
  id,
  nameEn: name,
  nameZh: name,
  kind: z.enum(ZONE_KINDS).describe('staff zones are masked: never analysed'),
  serviceId: id.nullable().optional().describe('the service whose queue this zone holds'),
  expressions: z.boolean().default(false).describe('expression analysis is switched on here and announced in the privacy notice (customer zones only); off by default'),
});

/** Why a zone may not have expression analysis, or null when it may. */
export function expressionsProblem(zone: { kind: string; expressions?: boolean }): string | null {
  return zone.expressions && NO_EXPRESSION_ZONE_KINDS.includes(zone.kind) ? `expression analysis is never allowed in a ${zone.kind} zone` : null;
}

export const serviceInput = z.strictObject({
  id,
  nameEn: name,
  nameZh: name,
  ticketPrefix: z.string().regex(/^[A-Z]{1,2}$/, 'one or two capital letters'),
  targetWaitS: z.number().int().min(60).max(4 * 3600),
});

export const counterInput = z.strictObject({
  id,
  nameEn: name,
  nameZh: name,
  serviceIds: z.array(id).max(50),
  open: z.boolean().default(false),
});

export const staffInput = z.strictObject({
  id,
  displayName: name,
  skills: z.array(z.string().trim().min(1).max(40)).max(30).default([]),
  languages: z.array(z.string().regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, 'a BCP 47 language tag')).max(10).default([]),
});

export const userInput = z.strictObject({
  username: z.string().regex(/^[a-z0-9._-]{3,40}$/, '3-40 lower-case letters, digits, dot, dash or underscore'),
  displayName: name,
  role: z.enum(PERSON_ROLES),
  password: z.string().min(8, 'at least 8 characters').max(200),
  staffId: id.optional(),
});

const waitLimitS = z.number().int().min(60).max(8 * 3600);
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a branch-local time HH:MM');

export const queuePolicySchema = z.strictObject({
  priorityRatio: z.number().int().min(0).max(20).default(2).describe('a counter calls at most this many priority tickets in a row while a normal ticket waits'),
  maxWaitS: z.strictObject({
    appointment: waitLimitS.default(600),
    assisted: waitLimitS.default(900),
    vip: waitLimitS.default(900),
    normal: waitLimitS.default(3600),
  }).prefault({}).describe('a ticket waiting longer than its class maximum is called first'),
});

export const appointmentsSchema = z.strictObject({
  slotMinutes: z.number().int().min(5).max(240).default(15),
  perSlot: z.number().int().min(1).max(50).default(2).describe('bookings one slot takes'),
  open: clock.default('09:00'),
  close: clock.default('17:00'),
  daysAhead: z.number().int().min(1).max(180).default(30).describe('how far ahead customers may book'),
  services: z.array(id).default([]).describe('services that take appointments'),
}).refine((value) => value.open < value.close, { message: 'open must be before close', path: ['close'] });

export const kioskSchema = z.strictObject({
  id,
  nameEn: name,
  nameZh: name,
  zoneId: id,
  telemetryUrl: z.string().max(300).regex(/^https?:\/\/(\{host\}|[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?(\/\S*)?$/, 'an http(s) URL; {host} may stand for the host name').optional()
    .describe('the edge node that analyses this kiosk; {host} becomes the host name the kiosk reached the hub by'),
  idleWarnS: z.number().int().min(10).max(3600).default(60),
  idleResetS: z.number().int().min(5).max(600).default(20),
});

export type QueuePolicyConfig = z.infer<typeof queuePolicySchema>;
export type AppointmentsConfig = z.infer<typeof appointmentsSchema>;
export type KioskConfig = z.infer<typeof kioskSchema>;

export const branchConfigSchema = z.strictObject({
  branch: z.strictObject({
    id, name, nameZh: name, timezone: z.string().min(1).max(64),
    region: z.string().trim().min(1).max(64).default('unassigned').describe('how HQ groups branches'),
    simulated: z.boolean().default(false).describe('demo traffic from npm run simulate'),
    privacyContact: z.string().trim().min(1).max(200).optional().describe('who to ask about privacy (e.g. the data-protection office), printed on the privacy notice'),
  }),
  zones: z.array(zoneInput).min(1),
  services: z.array(serviceInput).default([]),
  counters: z.array(counterInput).default([]),
  staff: z.array(staffInput).default([]),
  users: z.array(userInput).default([]),
  queuePolicy: queuePolicySchema.prefault({}),
  appointments: appointmentsSchema.prefault({}),
  kiosks: z.array(kioskSchema).default([]),
}).superRefine((config, context) => {
  const services = new Set(config.services.map((service) => service.id));
  const zones = new Set(config.zones.map((zone) => zone.id));
  for (const [index, serviceId] of config.appointments.services.entries()) {
    if (!services.has(serviceId)) context.addIssue({ code: 'custom', path: ['appointments', 'services', index], message: `unknown service "${serviceId}"` });
  }
  for (const [index, zone] of config.zones.entries()) {
    const problem = expressionsProblem(zone);
    if (problem) context.addIssue({ code: 'custom', path: ['zones', index, 'expressions'], message: problem });
  }
  for (const [index, kiosk] of config.kiosks.entries()) {
    if (!zones.has(kiosk.zoneId)) context.addIssue({ code: 'custom', path: ['kiosks', index, 'zoneId'], message: `unknown zone "${kiosk.zoneId}"` });
  }
  if (!isValidTimeZone(config.branch.timezone)) context.addIssue({ code: 'custom', path: ['branch', 'timezone'], message: `unknown time zone "${config.branch.timezone}"` });
});

function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

export type BranchConfig = z.infer<typeof branchConfigSchema>;

export function loadBranchConfig(file: string): BranchConfig {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read branch config ${file}: ${(error as Error).message}`);
  }
  const result = branchConfigSchema.safeParse(json);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`invalid branch config ${file}:\n${lines.join('\n')}`);
  }
  return result.data;
}
