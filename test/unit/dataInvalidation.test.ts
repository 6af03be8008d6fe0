import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { methods } from '../../core/api/contract/methods';
import {
  ENTITY_KINDS,
  READ_DEPENDS_ON,
  READ_SERVICES,
  WRITE_TOUCHES,
  readsInvalidatedBy,
  readsInvalidatedByEvent,
  type ChangeMethod,
  type QueryMethod,
} from '../../renderer/data/invalidation';

const ALL_READS = Object.keys(READ_DEPENDS_ON).sort();

describe('what a write made in this window invalidates', () => {
  const cases: { write: ChangeMethod; includes: QueryMethod[]; excludes: QueryMethod[] }[] = [
    {
      write: 'feedback.submit',
      includes: ['feedback.owed', 'feedback.mine', 'feedback.status', 'debrief.get', 'feedback.list', 'loops.get', 'home.get', 'team.list'],
      excludes: ['principles.list', 'questions.list', 'roles.list', 'candidates.list', 'workspace.get'],
    },
    { write: 'feedback.saveDraft', includes: ['feedback.mine', 'feedback.status'], excludes: ['questions.tags', 'candidates.get'] },
    {
      write: 'decision.decide',
      includes: ['debrief.get', 'loops.get', 'loops.list', 'candidates.list', 'candidates.get', 'feedback.owed', 'home.get'],
      excludes: ['principles.list', 'questions.tags'],
    },
    { write: 'debrief.revote', includes: ['debrief.get', 'loops.get'], excludes: ['principles.revisions'] },
    { write: 'principles.update', includes: ['principles.list', 'questions.coverage', 'kits.get', 'roles.list'], excludes: ['candidates.list', 'team.list'] },
    { write: 'candidates.update', includes: ['candidates.list', 'loops.list', 'home.get', 'feedback.owed'], excludes: ['principles.list', 'questions.list', 'team.list'] },
    { write: 'team.update', includes: ['team.list', 'roles.list', 'loops.get', 'settings.get'], excludes: ['candidates.list', 'questions.tags'] },
    { write: 'kits.swap', includes: ['kits.get', 'loops.get'], excludes: ['questions.list', 'principles.list'] },
    { write: 'packet.export', includes: [], excludes: ['loops.get', 'debrief.get', 'activity.list'] },
    { write: 'backups.create', includes: ['backups.list'], excludes: ['loops.get', 'activity.list'] },
    // The light read of names follows people, not their training records, which every feedback changes.
    { write: 'team.update', includes: ['team.names'], excludes: [] },
    { write: 'feedback.submit', includes: ['team.list'], excludes: ['team.names'] },
    { write: 'loops.plan', includes: ['team.list'], excludes: ['team.names'] },
    // A candidate's history lists their loops with each one's role and status, and loses them at an erasure.
    { write: 'loops.transition', includes: ['candidates.history'], excludes: [] },
    { write: 'roles.update', includes: ['candidates.history'], excludes: [] },
    { write: 'privacy.eraseCandidate', includes: ['candidates.history'], excludes: [] },
    { write: 'feedback.submit', includes: [], excludes: ['candidates.history'] },
    // An import preview says which rows are duplicates of what is already there.
    { write: 'principles.create', includes: ['transfer.preview'], excludes: [] },
    { write: 'candidates.update', includes: ['transfer.preview'], excludes: [] },
    // Team sync: a local write is this device's newest change; devices live in the folder, not in entities.
    { write: 'candidates.update', includes: ['sync.status'], excludes: [] },
    { write: 'sync.confirmDevice', includes: ['sync.status'], excludes: ['loops.get', 'home.get'] },
    { write: 'sync.revokeDevice', includes: ['sync.status'], excludes: ['loops.get'] },
    { write: 'sync.invite', includes: ['sync.status'], excludes: ['debrief.get'] },
  ];
  it.each(cases)('$write', ({ write, includes, excludes }) => {
    const reads = readsInvalidatedBy(write);
    for (const read of includes) expect(reads, read).toContain(read);
    for (const read of excludes) expect(reads, read).not.toContain(read);
  });

  it.each<ChangeMethod>(['backups.restore', 'recovery.restore', 'transfer.import', 'transfer.importWorkspace', 'workspace.start', 'settings.setMe', 'settings.update'])(
    '%s reaches every read (the whole file, or who "me" is, changed)',
    (write) => {
      expect([...readsInvalidatedBy(write)].sort()).toEqual(ALL_READS);
    },
  );

  it('every write with a visible effect refreshes the activity log', () => {
    for (const [write, touches] of Object.entries(WRITE_TOUCHES)) {
      if (touches.length > 0) expect(readsInvalidatedBy(write as ChangeMethod), write).toContain('activity.list');
    }
  });
});

describe('what a change announced by the server invalidates', () => {
  const cases: { name: string; event: { method: string; entities: string[] }; includes: QueryMethod[]; excludes: QueryMethod[] }[] = [
    {
      name: 'feedback submitted in another tab refreshes the debrief, the loop and what I owe',
      event: { method: 'feedback.submit', entities: ['feedback'] },
      includes: ['debrief.get', 'feedback.list', 'feedback.status', 'feedback.owed', 'loops.get', 'home.get'],
      excludes: ['principles.list', 'candidates.list'],
    },
    {
      name: 'opening the debrief in another tab refreshes the loop and the debrief',
      event: { method: 'debrief.open', entities: ['loop'] },
      includes: ['loops.get', 'loops.list', 'home.get', 'feedback.owed', 'feedback.status', 'debrief.get'],
      excludes: ['principles.list', 'questions.tags'],
    },
    {
      name: 'a loop moved on in another tab refreshes views that read it, the debrief included',
      event: { method: 'loops.transition', entities: ['loop'] },
      includes: ['loops.get', 'debrief.get', 'feedback.list', 'kits.get', 'feedback.owed'],
      excludes: ['principles.list', 'questions.tags', 'roles.get'],
    },
    {
      name: 'a role edited elsewhere',
      event: { method: 'roles.update', entities: ['role'] },
      includes: ['roles.list', 'roles.get', 'loops.list'],
      excludes: ['principles.list', 'team.list', 'candidates.list'],
    },
    {
      name: "another device's changes applied here (the importer) refresh the screens and the sync status",
      event: { method: 'sync.import', entities: ['*'] },
      includes: ['home.get', 'debrief.get', 'feedback.list', 'loops.get', 'feedback.owed', 'sync.status'],
      excludes: [],
    },
  ];
  it.each(cases)('$name', ({ event, includes, excludes }) => {
    const reads = readsInvalidatedByEvent(event);
    for (const read of includes) expect(reads, read).toContain(read);
    for (const read of excludes) expect(reads, read).not.toContain(read);
  });

  it.each(['*', 'workspace', 'settings', 'a_kind_added_later'])('"%s" refreshes every read', (entity) => {
    expect([...readsInvalidatedByEvent({ method: 'transfer.import', entities: [entity] })].sort()).toEqual(ALL_READS);
  });

  it('reads only read: no read method is a change, so refreshing a read can never announce another change', () => {
    for (const read of Object.keys(READ_DEPENDS_ON)) expect(WRITE_TOUCHES, read).not.toHaveProperty([read]);
  });
});

describe('the tables stay in step with the API', () => {
  it('every read method (and service that only reads) is a query and every other write or service a change, once', () => {
    const readServices: readonly string[] = READ_SERVICES;
    const reads = Object.entries(methods).filter(([name, spec]) => spec.kind === 'read' || readServices.includes(name)).map(([name]) => name);
    expect(Object.keys(READ_DEPENDS_ON).sort()).toEqual(reads.sort());
    const changes = Object.entries(methods).filter(([name, spec]) => spec.kind !== 'read' && !readServices.includes(name)).map(([name]) => name);
    expect(Object.keys(WRITE_TOUCHES).sort()).toEqual(changes.sort());
  });

  it('the services read as queries are services that write nothing', () => {
    for (const name of READ_SERVICES) {
      expect(methods[name].kind, name).toBe('service');
      expect(WRITE_TOUCHES, name).not.toHaveProperty([name]);
    }
  });

  it('every entity kind the server logs is one the data layer knows', () => {
    const dir = join(__dirname, '../../core/server');
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    const logged = new Set(files.flatMap((f) => [...readFileSync(join(dir, f), 'utf8').matchAll(/entity: '([a-z_]+)'/g)].map((m) => m[1])));
    expect(logged.size).toBeGreaterThan(5);
    for (const kind of logged) expect(ENTITY_KINDS, kind).toContain(kind);
  });
});
