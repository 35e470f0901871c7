/** Seeds an empty database from the branch config file; an existing branch is left as it is. */
import type { Db } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { hashPassword } from '../auth/passwords.ts';
import type { BranchConfig } from './branch-config.ts';

export async function seedBranch(db: Db, config: BranchConfig, log: Logger): Promise<boolean> {
  const branchId = config.branch.id;
  if (await db.branch.findUnique({ where: { id: branchId } })) return false;
  const passwordHashes = await Promise.all(config.users.map((user) => hashPassword(user.password)));
  await db.$transaction(async (tx) => {
    await tx.branch.create({ data: config.branch });
    await tx.zone.createMany({ data: config.zones.map((zone) => ({ ...zone, serviceId: zone.serviceId ?? null, branchId })) });
    await tx.service.createMany({ data: config.services.map((service) => ({ ...service, branchId })) });
    await tx.counter.createMany({
      data: config.counters.map((counter) => ({ ...counter, serviceIds: JSON.stringify(counter.serviceIds), branchId })),
    });
    await tx.staff.createMany({
      data: config.staff.map((person) => ({
        ...person,
        skills: JSON.stringify(person.skills),
        languages: JSON.stringify(person.languages),
        branchId,
      })),
    });
    for (const [index, user] of config.users.entries()) {
      const created = await tx.user.create({
        data: { username: user.username, displayName: user.displayName, role: user.role, branchId, passwordHash: passwordHashes[index]! },
      });
      if (user.staffId) await tx.staff.update({ where: { branchId_id: { branchId, id: user.staffId } }, data: { userId: created.id } });
    }
  });
  log.info({ branchId, zones: config.zones.length, users: config.users.length }, 'seeded branch from config');
  return true;
}
