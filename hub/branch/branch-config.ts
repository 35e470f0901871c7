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

export const id = z.string().refine(isId, 'use lower-case letters, digits and dashes (max 63)');
const name = z.string().trim().min(1).max(100);

export const zoneInput = z.strictObject({
  id,
  nameEn: name,
  nameZh: name,
  kind: z.enum(ZONE_KINDS).describe('staff zones are masked: never analysed'),
  serviceId: id.nullable().optional().describe('the service whose queue this zone holds'),
});

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

export const branchConfigSchema = z.strictObject({
  branch: z.strictObject({ id, name, nameZh: name, timezone: z.string().min(1).max(64) }),
  zones: z.array(zoneInput).min(1),
  services: z.array(serviceInput).default([]),
  counters: z.array(counterInput).default([]),
  staff: z.array(staffInput).default([]),
  users: z.array(userInput).default([]),
});

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
