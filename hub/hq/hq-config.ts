/** The HQ config file (TP_HQ_CONFIG): the people who sign in to an HQ-only hub, seeded once. */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { hashPassword } from '../auth/passwords.ts';
import { userInput } from '../branch/branch-config.ts';
import type { Db } from '../db/database.ts';
import type { Logger } from '../logger.ts';

const hqUser = userInput.omit({ staffId: true }).extend({ role: z.enum(['admin', 'hq']) });
export const hqConfigSchema = z.strictObject({ users: z.array(hqUser).min(1) });
export type HqConfig = z.infer<typeof hqConfigSchema>;

export function loadHqConfig(file: string): HqConfig {
  const result = hqConfigSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!result.success) throw new Error(`invalid HQ config ${file}:\n${result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n')}`);
  return result.data;
}

/** Creates the config's users in a database that has none; an existing one is left as it is. */
export async function seedHqUsers(db: Db, config: HqConfig, log: Logger): Promise<boolean> {
  if ((await db.user.count()) > 0) return false;
  for (const user of config.users) {
    await db.user.create({ data: { username: user.username, displayName: user.displayName, role: user.role, branchId: null, passwordHash: await hashPassword(user.password) } });
  }
  log.info({ users: config.users.length }, 'seeded HQ users from config');
  return true;
}
