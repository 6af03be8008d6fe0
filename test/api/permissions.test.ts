import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { methods, type MethodName } from '../../core/api/contract/methods';
import { DATABASE_FILE_NAME } from '../../db/open';
import { failure, interviewingLoop, value } from '../support/company';
import { snapshot, workspacePerTest } from '../support/workspace';

/** Writes open to anyone, or any member, by design: each keeps its own finer rule (blindness, a first run). */
const OPEN_METHODS = [
  'workspace.start',
  'settings.setMe',
  'feedback.recordView',
  'debrief.open',
  'packet.export',
  'backups.list',
  'backups.create',
  'recovery.status',
  'recovery.restore',
  'transfer.preview',
  // Team sync: reading the status and the resolved conflicts (the reader made one side of each), and unlocking this device's keys change no data; joining needs an empty workspace.
  'sync.status',
  'sync.conflicts',
  'sync.unlock',
  'sync.join',
  // Every member is an interviewer or in training; the handler keeps the rating blind and once.
  'practice.rate',
  // The app lock: whoever sits at the machine may lock it, or report using it; unlocking takes the passphrase, not a person.
  'privacy.lockState',
  'privacy.unlock',
  'privacy.lock',
  'privacy.activity',
];

const restricted = (Object.keys(methods) as MethodName[]).filter(
  (m) => methods[m].kind !== 'read' && !methods[m].access.who.some((a) => a === 'anyone' || a === 'member'),
);

describe('who may do what: every write method', () => {
  const w = workspacePerTest();

  it('declares who may call it, and only the documented few are open to anyone', () => {
    const open = (Object.keys(methods) as MethodName[]).filter((m) => methods[m].kind !== 'read' && !restricted.includes(m));
    expect(open.sort()).toEqual([...OPEN_METHODS].sort());
    for (const m of restricted) expect(methods[m].access.who.length, m).toBeGreaterThan(0);
  });

  it('refuses each restricted write to someone without the right, with FORBIDDEN and nothing written', async () => {
    const s = await interviewingLoop(w.api);
    const backup = value(await w.api.call('backups.create'));
    await s.as(s.eng.id);
    value(await w.api.call('feedback.submit', { ...s.complete(s.slotOf(s.eng.id), 'inclined', 3), authorId: s.eng.id }));
    await s.as(s.ceo.id);
    const outsider = value(await w.api.call('team.create', { name: 'Mallory', team: 'Sales', capabilities: [] }));
    const [question] = value(await w.api.call('questions.list', { limit: 1 })).items;
    const slot = s.loop.slots[0];
    const loopId = s.loop.id;
    const content = { loopId, authorId: outsider.id, ratings: [], vote: 'inclined' as const };

    const inputs: Record<string, unknown> = {
      'principles.create': { name: 'Frugality', summary: 'Does more with less' },
      'principles.update': { id: s.own.id, revision: s.own.revision, name: 'Owning it' },
      'principles.reorder': { ids: [s.cust.id, s.own.id] },
      'principles.archive': { id: s.own.id },
      'principles.restore': { id: s.own.id },
      'questions.create': { text: 'Tell me about a time you cut costs.', principleIds: [s.own.id] },
      'questions.update': { id: question?.id, revision: question?.revision, text: 'Tell me about a time you owned a failure.' },
      'questions.retire': { id: question?.id },
      'questions.restore': { id: question?.id },
      'settings.update': { companyName: 'Evil Corp' },
      'team.create': { name: 'Sybil', capabilities: ['admin'] },
      'team.update': { id: s.cto.id, revision: s.cto.revision, capabilities: ['admin'] },
      'training.certify': { memberId: s.ops.id, path: 'bar_raiser', reason: 'I say so' },
      'training.revoke': { memberId: s.sales.id, path: 'bar_raiser', reason: 'I say so' },
      'roles.create': { title: 'Spy', team: 'Sales', hiringManagerId: outsider.id, focusPrincipleIds: [s.own.id], template: [] },
      'roles.update': { id: s.role.id, revision: s.role.revision, title: 'Renamed' },
      'candidates.create': { name: 'Eve Example' },
      'candidates.update': { id: s.candidate.id, revision: s.candidate.revision, notes: 'edited' },
      'loops.create': { candidateId: s.candidate.id, roleId: s.role.id },
      'loops.plan': { id: loopId, revision: s.loop.revision, barRaiserId: outsider.id, overrideReason: 'mine now' },
      'loops.transition': { id: loopId, revision: s.loop.revision, to: 'cancelled', reason: 'no reason' },
      'kits.swap': { loopId, slotId: slot?.id, principleId: s.own.id, questionId: question?.id },
      'feedback.saveDraft': content,
      'feedback.submit': content,
      'feedback.amend': { ...content, reason: 'changed my mind' },
      'debrief.revote': { loopId, vote: 'strong_no_hire', note: 'I was not there' },
      'debrief.saveNotes': { loopId, notes: 'forged notes' },
      'decision.decide': { loopId, decision: 'hire', rationale: 'I say so' },
      'decision.verdict': { loopId, verdict: 'concur', rationale: 'I say so' },
      'decision.reopen': { loopId, reason: 'I say so' },
      'checkins.record': { loopId, kind: 'day90', ratings: [{ principleId: s.own.id, rating: 3 }], note: 'forged' },
      'checkins.assignManager': { loopId, managerId: outsider.id },
      'coaching.note': { loopId, traineeId: s.eng.id, note: 'forged coaching' },
      'practice.fromLoop': { loopId, feedbackId: loopId },
      'practice.write': { title: 'Forged', principles: [{ principleId: s.own.id, rating: 3, evidence: { situation: 'x' } }], vote: 'inclined' },
      'privacy.eraseCandidate': { id: s.candidate.id, confirmName: s.candidate.name },
      'privacy.encryptWorkspace': { passphrase: 'correct horse battery', confirm: 'correct horse battery' },
      'transfer.import': { kind: 'principles', format: 'csv', content: 'name,summary\nFrugality,Less\n', mode: 'all-or-nothing' },
      'transfer.exportWorkspace': {},
      'transfer.importWorkspace': { json: '{}' },
      'backups.download': { name: backup.name },
      'backups.restore': { name: backup.name },
      'recovery.startFresh': {},
      'science.calibration': {},
      'science.calibrationPdf': {},
      'activity.verify': {},
      'sync.makeTeam': { folder: join(w.t.dir, 'team-folder'), passphrase: 'correct horse battery' },
      'sync.invite': { memberId: outsider.id },
      'sync.confirmDevice': { deviceId: outsider.id },
      'sync.revokeDevice': { deviceId: outsider.id },
    };
    // A new write method must be added here, so nobody forgets to say who may call it.
    expect(Object.keys(inputs).sort()).toEqual([...restricted].sort());

    await s.as(outsider.id);
    const file = join(w.t.dir, DATABASE_FILE_NAME);
    const before = snapshot(file);
    const backupsBefore = readdirSync(join(w.t.dir, 'backups')).sort();
    for (const method of restricted) {
      const error = failure(await w.api.call(method, inputs[method] as never));
      expect([method, error.code], error.message).toEqual([method, 'FORBIDDEN']);
      expect(error.message, method).toMatch(/^Only /);
    }
    expect(snapshot(file)).toBe(before);
    expect(readdirSync(join(w.t.dir, 'backups')).sort()).toEqual(backupsBefore);
  });

  it('keeps loop roles apart: an admin cannot decide, the hiring manager cannot give the verdict, an interviewer cannot plan', async () => {
    const s = await interviewingLoop(w.api);
    const loopId = s.loop.id;
    await s.as(s.admin.id);
    expect(failure(await w.api.call('decision.decide', { loopId, decision: 'hire', rationale: 'x' })).message).toBe(
      "Only the loop's hiring manager may do this.",
    );
    await s.as(s.cto.id);
    expect(failure(await w.api.call('decision.verdict', { loopId, verdict: 'concur', rationale: 'x' })).code).toBe('FORBIDDEN');
    await s.as(s.eng.id);
    expect(failure(await w.api.call('loops.plan', { id: loopId, revision: s.loop.revision, barRaiserId: s.eng.id })).code).toBe('FORBIDDEN');
    // The hiring manager may plan their own loop; an admin may too.
    await s.as(s.cto.id);
    expect(failure(await w.api.call('loops.transition', { id: loopId, revision: s.loop.revision, to: 'cancelled' })).issues?.[0]?.path).toBe(
      'reason',
    );
  });

  it('lets the settings widen who edits questions, principles and roles', async () => {
    const s = await interviewingLoop(w.api);
    await s.as(s.eng.id);
    // Trained interviewers add questions by default; principles are the founders' and admins' alone.
    value(await w.api.call('questions.create', { text: 'Tell me about a time you simplified a process.', principleIds: [s.own.id] }));
    expect(failure(await w.api.call('principles.create', { name: 'Frugality', summary: 'Less' })).code).toBe('FORBIDDEN');
    expect(failure(await w.api.call('settings.update', { editors: { principles: ['interviewer'] } })).code).toBe('FORBIDDEN');
    await s.as(s.ceo.id);
    value(await w.api.call('settings.update', { editors: { principles: ['interviewer'], questions: [] } }));
    await s.as(s.eng.id);
    value(await w.api.call('principles.create', { name: 'Frugality', summary: 'Less' }));
    expect(failure(await w.api.call('questions.create', { text: 'Tell me about a time you saved money.', principleIds: [s.own.id] })).code).toBe(
      'FORBIDDEN',
    );
    expect(value(await w.api.call('settings.get')).editors).toEqual({ principles: ['interviewer'], questions: [], roles: ['hiring_manager'] });
  });
});
