/** People's logins: admins create them, change roles and passwords, and disable them. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { userInput, PERSON_ROLES } from '../../branch/branch-config.ts';
import { hashPassword } from '../../auth/passwords.ts';
import { caller } from '../auth-plugin.ts';
import { conflict, HttpError, notFound } from '../errors.ts';
import type { RouteOptions } from '../app.ts';

const user = z.object({ id: z.string(), username: z.string(), displayName: z.string(), role: z.string(), disabled: z.boolean(), staffId: z.string().nullable() });
type UserRow = { id: string; username: string; displayName: string; role: string; disabled: boolean; staff: { id: string } | null };
const toUser = (row: UserRow) => ({ id: row.id, username: row.username, displayName: row.displayName, role: row.role, disabled: row.disabled, staffId: row.staff?.id ?? null });

export const userRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { deps }) => {
  const branchId = deps.directory.branchId;
  const include = { staff: { select: { id: true } } } as const;

  /** Refuses a link to a staff member who does not exist or has another login, before anything is written. */
  async function checkStaffLink(userId: string | null, staffId: string | null | undefined): Promise<void> {
    if (!staffId) return;
    const staff = await deps.db.staff.findUnique({ where: { branchId_id: { branchId, id: staffId } } });
    if (!staff) throw new HttpError(400, `unknown staff member ${JSON.stringify(staffId)}`);
    if (staff.userId && staff.userId !== userId) throw conflict(`staff member ${staffId} already has a login`);
  }

  async function linkStaff(userId: string, staffId: string | null | undefined): Promise<void> {
    if (staffId === undefined) return;
    await deps.db.staff.updateMany({ where: { userId }, data: { userId: null } });
    if (staffId === null) return;
    await deps.db.staff.update({ where: { branchId_id: { branchId, id: staffId } }, data: { userId } });
  }

  app.get('/users', {
    config: { roles: ['admin'] },
    schema: { summary: 'Logins (never their passwords)', tags: ['access'], response: { 200: z.object({ items: z.array(user) }) } },
  }, async () => ({ items: (await deps.db.user.findMany({ include, orderBy: { username: 'asc' } })).map(toUser) }));

  app.post('/users', {
    config: { roles: ['admin'] },
    schema: { summary: 'Create a login', tags: ['access'], body: userInput, response: { 201: user } },
  }, async (request, reply) => {
    const { password, staffId, ...input } = request.body;
    if (await deps.db.user.findUnique({ where: { username: input.username } })) throw conflict(`username ${input.username} is taken`);
    await checkStaffLink(null, staffId);
    const created = await deps.db.user.create({ data: { ...input, branchId, passwordHash: await hashPassword(password) } });
    await linkStaff(created.id, staffId);
    await deps.audit.record(caller(request).name, 'user.create', input.username, { role: input.role });
    return reply.code(201).send(toUser(await deps.db.user.findUniqueOrThrow({ where: { id: created.id }, include })));
  });

  app.patch('/users/:id', {
    config: { roles: ['admin'] },
    schema: {
      summary: 'Change a login; a new password or disabling it ends its sessions',
      tags: ['access'],
      params: z.object({ id: z.string().max(64) }),
      body: z.strictObject({
        displayName: userInput.shape.displayName.optional(),
        role: z.enum(PERSON_ROLES).optional(),
        password: userInput.shape.password.optional(),
        disabled: z.boolean().optional(),
        staffId: userInput.shape.staffId.unwrap().nullable().optional(),
      }).refine((body) => Object.keys(body).length > 0, 'nothing to change'),
      response: { 200: user },
    },
  }, async (request) => {
    const { password, staffId, ...changes } = request.body;
    const existing = await deps.db.user.findUnique({ where: { id: request.params.id } });
    if (!existing) throw notFound('user');
    await checkStaffLink(existing.id, staffId);
    await deps.db.user.update({ where: { id: existing.id }, data: { ...changes, ...(password ? { passwordHash: await hashPassword(password) } : {}) } });
    if (password || changes.disabled || changes.role) await deps.sessions.endAll(existing.id);
    await linkStaff(existing.id, staffId);
    await deps.audit.record(caller(request).name, 'user.update', existing.username, { ...changes, password: password ? 'changed' : undefined, staffId });
    return toUser(await deps.db.user.findUniqueOrThrow({ where: { id: existing.id }, include }));
  });
};
