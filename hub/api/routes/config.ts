/**
 * CRUD for the branch configuration: zones, services, counters and staff. Every role may read
 * zones, services and counters; the staff list (people's names) only admins and the floor. Only
 * admins change any of it, and every change is audited and announced on the bus.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { counterInput, expressionsProblem, serviceInput, staffInput, zoneInput, type Role } from '../../branch/branch-config.ts';
import type { BusEvents } from '../../bus.ts';
import type { Db } from '../../db/database.ts';
import { caller } from '../auth-plugin.ts';
import { conflict, HttpError, notFound } from '../errors.ts';
import { ALL_ROLES } from '../principal.ts';
import type { RouteOptions } from '../app.ts';

type Row = Record<string, unknown> & { id: string };
type Key = { branchId_id: { branchId: string; id: string } };
/** The part of a Prisma model delegate these routes use; all four models share it. */
interface Delegate {
  findMany(args: { where: { branchId: string }; orderBy: { id: 'asc' } }): Promise<Row[]>;
  findUnique(args: { where: Key }): Promise<Row | null>;
  create(args: { data: Record<string, unknown> }): Promise<Row>;
  update(args: { where: Key; data: Record<string, unknown> }): Promise<Row>;
  delete(args: { where: Key }): Promise<Row>;
}

interface Resource {
  path: string;
  what: string;
  entity: BusEvents['config.changed']['entity'];
  input: z.ZodObject;
  /** Who may read it; every role when absent. */
  readers?: readonly Role[];
  delegate: (db: Db) => Delegate;
  /** Input → database columns (JSON arrays are stored as text). */
  toRow?: (input: Record<string, unknown>) => Record<string, unknown>;
  fromRow?: (row: Row) => Record<string, unknown>;
  /** Checks references to other configuration; returns a problem or null. */
  check?: (db: Db, branchId: string, input: Record<string, unknown>) => Promise<string | null>;
}

const jsonArrays = (...keys: string[]) => ({
  toRow: (input: Record<string, unknown>) => Object.fromEntries(Object.entries(input).map(([k, v]) => [k, keys.includes(k) ? JSON.stringify(v) : v])),
  fromRow: (row: Row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, keys.includes(k) ? (JSON.parse(String(v)) as unknown) : v])),
});

async function missingServices(db: Db, branchId: string, ids: string[]): Promise<string | null> {
  if (ids.length === 0) return null;
  const found = await db.service.findMany({ where: { branchId, id: { in: ids } }, select: { id: true } });
  const missing = ids.filter((id) => !found.some((service) => service.id === id));
  return missing.length ? `unknown service ${missing.map((id) => JSON.stringify(id)).join(', ')}` : null;
}

const RESOURCES: Resource[] = [
  {
    path: 'zones', what: 'zone', entity: 'zone', input: zoneInput, delegate: (db) => db.zone as unknown as Delegate,
    check: async (db, branchId, input) => expressionsProblem(input as { kind: string; expressions?: boolean })
      ?? missingServices(db, branchId, input.serviceId ? [input.serviceId as string] : []),
  },
  { path: 'services', what: 'service', entity: 'service', input: serviceInput, delegate: (db) => db.service as unknown as Delegate },
  {
    path: 'counters', what: 'counter', entity: 'counter', input: counterInput, delegate: (db) => db.counter as unknown as Delegate,
    ...jsonArrays('serviceIds'),
    check: (db, branchId, input) => missingServices(db, branchId, (input.serviceIds as string[] | undefined) ?? []),
  },
  { path: 'staff', what: 'staff member', entity: 'staff', input: staffInput, readers: ['admin', 'floor'], delegate: (db) => db.staff as unknown as Delegate, ...jsonArrays('skills', 'languages') },
];

function publicRow(resource: Resource, row: Row): Record<string, unknown> {
  const { branchId: _branchId, createdAt: _createdAt, userId: _userId, ...rest } = resource.fromRow ? resource.fromRow(row) : row;
  return rest;
}

export const configRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { deps }) => {
  const branchId = deps.directory.branchId;
  const params = z.object({ id: z.string().max(63) });

  for (const resource of RESOURCES) {
    const store = resource.delegate(deps.db);
    const key = (id: string): Key => ({ branchId_id: { branchId, id } });
    const toRow = resource.toRow ?? ((input: Record<string, unknown>) => input);
    const changed = async (request: Parameters<typeof caller>[0], action: string, id: string, detail?: unknown) => {
      await deps.audit.record(caller(request).name, `${resource.entity}.${action}`, id, detail);
      deps.bus.emit('config.changed', { entity: resource.entity });
    };
    const checked = async (input: Record<string, unknown>) => {
      const problem = await resource.check?.(deps.db, branchId, input);
      if (problem) throw new HttpError(400, problem);
    };

    app.get(`/${resource.path}`, {
      config: { roles: resource.readers ?? ALL_ROLES },
      schema: { summary: `List ${resource.path}`, tags: ['configuration'] },
    }, async () => ({ items: (await store.findMany({ where: { branchId }, orderBy: { id: 'asc' } })).map((row) => publicRow(resource, row)) }));

    app.get(`/${resource.path}/:id`, {
      config: { roles: resource.readers ?? ALL_ROLES },
      schema: { summary: `One ${resource.what}`, tags: ['configuration'], params },
    }, async (request) => {
      const row = await store.findUnique({ where: key(request.params.id) });
      if (!row) throw notFound(resource.what);
      return publicRow(resource, row);
    });

    app.post(`/${resource.path}`, {
      config: { roles: ['admin'] },
      schema: { summary: `Add a ${resource.what}`, tags: ['configuration'], body: resource.input },
    }, async (request, reply) => {
      const input = request.body as Record<string, unknown> & { id: string };
      if (await store.findUnique({ where: key(input.id) })) throw conflict(`${resource.what} ${input.id} already exists`);
      await checked(input);
      const row = await store.create({ data: { ...toRow(input), branchId } });
      await changed(request, 'create', input.id, input);
      return reply.code(201).send(publicRow(resource, row));
    });

    app.put(`/${resource.path}/:id`, {
      config: { roles: ['admin'] },
      schema: { summary: `Replace a ${resource.what}`, tags: ['configuration'], params, body: resource.input.omit({ id: true }) },
    }, async (request) => {
      const input = request.body as Record<string, unknown>;
      if (!(await store.findUnique({ where: key(request.params.id) }))) throw notFound(resource.what);
      await checked(input);
      const row = await store.update({ where: key(request.params.id), data: toRow(input) });
      await changed(request, 'update', request.params.id, input);
      return publicRow(resource, row);
    });

    app.delete(`/${resource.path}/:id`, {
      config: { roles: ['admin'] },
      schema: { summary: `Remove a ${resource.what}`, tags: ['configuration'], params },
    }, async (request, reply) => {
      if (!(await store.findUnique({ where: key(request.params.id) }))) throw notFound(resource.what);
      await store.delete({ where: key(request.params.id) });
      await changed(request, 'delete', request.params.id);
      return reply.code(204).send();
    });
  }
};
