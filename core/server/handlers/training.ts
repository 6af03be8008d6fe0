import type { Readiness, TrainingProgress } from '../../api/contract/training';
import type { TeamMember } from '../../api/contract/team';
import { newId } from '../../../db/ids';
import type { ReadableDB } from '../../../db/handles';
import { readPlanningSettings, readTrainingSettings } from '../../../db/queries/settingsValues';
import { updateMember } from '../../../db/queries/team';
import { certificationHistory, insertCertificationEvent, liveSignOffs, trainingCounts } from '../../../db/queries/training';
import {
  barRaisersByTeam,
  hiresWithFounder,
  loopsByTeamBetween,
  peopleOnPaths,
  trainedInterviewersPerPrinciple,
} from '../../../db/queries/trainingReadiness';
import type { Capability } from '../../rules/planTypes';
import { barRaiserSignOff, barRaiserStage, certificationGap, interviewerStage, type TrainingPath } from '../../rules/training/paths';
import { bottleneckWords, founderRuleWords, takeOverWords } from '../../rules/training/readiness';
import { actorOf } from '../access';
import { ApiFailure, invalidField } from '../apiFailure';
import type { WriteContext } from '../context';
import { mustGetMember } from './team';
import type { HandlersFor } from './types';

const NO_COUNTS = { interviews: 0, shadows: 0, interviewsShadowed: 0, barRaiserShadows: 0, reverseShadows: 0 };
const PATH_NAME: Record<TrainingPath, string> = { interviewer: 'an interviewer', bar_raiser: 'a bar raiser' };

function progressOf(db: ReadableDB, member: Pick<TeamMember, 'id' | 'name' | 'capabilities'>): TrainingProgress {
  const settings = readTrainingSettings(db);
  const counts = trainingCounts(db, [member.id]).get(member.id) ?? NO_COUNTS;
  const signers = liveSignOffs(db, member.id, 'bar_raiser');
  const signOff = barRaiserSignOff(signers);
  return {
    memberId: member.id,
    name: member.name,
    counts,
    interviewer: interviewerStage(member.capabilities, counts, settings),
    barRaiser: {
      ...barRaiserStage(member.capabilities, counts, settings, signOff),
      signOff: { byBarRaiser: signOff.byBarRaiser, byFounder: signOff.byFounder },
      signedBy: signers.map((s) => s.actorName),
    },
    history: certificationHistory(db, member.id),
  };
}

/** The member with `capabilities` changed, saved as a new revision (as team.update would). */
function saveCapabilities(ctx: WriteContext, member: TeamMember, capabilities: Capability[], certifiedAt: string | null): void {
  updateMember(ctx.db, {
    ...member,
    capabilities: [...new Set(capabilities)],
    training: { ...member.training, certifiedAt },
    revision: member.revision + 1,
    updatedAt: ctx.now,
  });
}

function mustGetActive(db: ReadableDB, memberId: string): TeamMember {
  const member = mustGetMember(db, memberId, 'memberId');
  if (member.status !== 'active') throw invalidField('memberId', `${member.name} has left the company`);
  return member;
}

export const trainingHandlers: HandlersFor<'training'> = {
  'training.progress': ({ memberId }, { db }) => progressOf(db, mustGetMember(db, memberId, 'memberId')),

  'training.certify': ({ memberId, path, reason }, ctx) => {
    const member = mustGetActive(ctx.db, memberId);
    const actor = actorOf(ctx.db, ctx.actor);
    if (!actor) throw new ApiFailure('FORBIDDEN', 'Choose who you are in Settings first.');
    if (actor.id === member.id) {
      throw new ApiFailure('FORBIDDEN', 'Nobody certifies themselves: ask a colleague.', [{ path: 'memberId', message: 'Nobody certifies themselves' }]);
    }
    const caps = actor.capabilities;
    const asBarRaiser = caps.includes('bar_raiser');
    const asFounder = caps.includes('founder');
    if (path === 'interviewer' && !asBarRaiser && !caps.includes('interviewer')) {
      throw new ApiFailure('FORBIDDEN', 'Only trained interviewers and bar raisers certify interviewers.');
    }
    if (path === 'bar_raiser' && !asBarRaiser && !asFounder) {
      throw new ApiFailure('FORBIDDEN', 'Only certified bar raisers and founders sign off bar raisers.');
    }
    const progress = progressOf(ctx.db, member);
    const gap = certificationGap(path === 'interviewer' ? progress.interviewer : progress.barRaiser);
    if (gap) throw invalidField('memberId', `${member.name} ${gap}`);

    const record = (flags: { asBarRaiser: boolean; asFounder: boolean }) =>
      insertCertificationEvent(ctx.db, { id: newId(), memberId, path, kind: 'sign', actorId: actor.id, ...flags, reason, at: ctx.now });

    if (path === 'interviewer') {
      record({ asBarRaiser, asFounder });
      saveCapabilities(ctx, member, [...member.capabilities, 'interviewer'], member.training.certifiedAt);
      ctx.log({ entity: 'team_member', entityId: member.id, summary: `Certified ${member.name} as an interviewer: ${reason}` });
      return progressOf(ctx.db, { ...member, capabilities: [...member.capabilities, 'interviewer'] });
    }

    const before = liveSignOffs(ctx.db, memberId, 'bar_raiser');
    if (before.some((s) => s.actorId === actor.id)) {
      throw new ApiFailure('CONFLICT', `You have already signed ${member.name} off: the other sign-off must come from someone else.`);
    }
    const was = barRaiserSignOff(before);
    const now = barRaiserSignOff([...before, { actorId: actor.id, asBarRaiser, asFounder }]);
    if (!now.complete && now.byBarRaiser === was.byBarRaiser && now.byFounder === was.byFounder) {
      const missing = was.byBarRaiser ? 'a founder' : 'a certified bar raiser';
      throw new ApiFailure('CONFLICT', `${member.name} already has that sign-off: the other must come from ${missing}.`);
    }
    record({ asBarRaiser, asFounder });
    if (now.complete) {
      const capabilities = [...member.capabilities.filter((c) => c !== 'bar_raiser_in_training'), 'bar_raiser' as const];
      saveCapabilities(ctx, member, capabilities, ctx.now.slice(0, 10));
      const names = [...before.map((s) => s.actorName), 'you'].join(' and ');
      ctx.log({ entity: 'team_member', entityId: member.id, summary: `Certified ${member.name} as a bar raiser, signed off by ${names}: ${reason}` });
      return progressOf(ctx.db, { ...member, capabilities });
    }
    const role = asBarRaiser && !was.byBarRaiser ? 'a bar raiser' : 'a founder';
    ctx.log({ entity: 'team_member', entityId: member.id, summary: `Signed ${member.name} off as a bar raiser, as ${role}: ${reason}` });
    return progressOf(ctx.db, member);
  },

  'training.revoke': ({ memberId, path, reason }, ctx) => {
    const member = mustGetMember(ctx.db, memberId, 'memberId');
    const capability: Capability = path;
    const pending = liveSignOffs(ctx.db, memberId, path);
    if (!member.capabilities.includes(capability) && pending.length === 0) {
      throw invalidField('path', `${member.name} is not certified as ${PATH_NAME[path]}`);
    }
    const actor = actorOf(ctx.db, ctx.actor);
    if (!actor) throw new ApiFailure('FORBIDDEN', 'Choose who you are in Settings first.');
    insertCertificationEvent(ctx.db, {
      id: newId(),
      memberId,
      path,
      kind: 'revoke',
      actorId: actor.id,
      asBarRaiser: actor.capabilities.includes('bar_raiser'),
      asFounder: actor.capabilities.includes('founder'),
      reason,
      at: ctx.now,
    });
    const capabilities = member.capabilities.filter((c) => c !== capability);
    saveCapabilities(ctx, member, capabilities, path === 'bar_raiser' ? null : member.training.certifiedAt);
    const what = member.capabilities.includes(capability) ? 'certification' : 'sign-offs';
    ctx.log({ entity: 'team_member', entityId: member.id, summary: `Revoked ${member.name}'s ${what} as ${PATH_NAME[path]}: ${reason}` });
    return progressOf(ctx.db, { ...member, capabilities });
  },

  'training.readiness': (_input, { db, now }) => {
    const settings = readTrainingSettings(db);
    const month = now.slice(0, 7);
    const [y, m] = month.split('-').map(Number) as [number, number];
    const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
    const loops = loopsByTeamBetween(db, `${month}-01`, `${next}-01`);
    const raisers = barRaisersByTeam(db);
    const teamNames = [...new Set([...loops.keys(), ...raisers.keys()])].sort((a, b) => a.localeCompare(b));
    const teams = teamNames.map((team) => ({ team, barRaisers: raisers.get(team) ?? 0, loopsThisMonth: loops.get(team) ?? 0 }));
    const barRaisers = [...raisers.values()].reduce((a, b) => a + b, 0);
    const loopsThisMonth = [...loops.values()].reduce((a, b) => a + b, 0);

    const onPaths = peopleOnPaths(db);
    const people = onPaths.map((p) => ({ ...p, capabilities: JSON.parse(p.capabilities) as Capability[] }));
    const counts = trainingCounts(db, people.filter((p) => !p.capabilities.includes('bar_raiser')).map((p) => p.id));
    const inTraining: Readiness['inTraining'] = [];
    const readyToTakeOver: Readiness['readyToTakeOver'] = [];
    for (const p of people) {
      const founder = p.capabilities.includes('founder');
      if (p.capabilities.includes('bar_raiser')) {
        if (!founder) readyToTakeOver.push({ memberId: p.id, name: p.name, why: takeOverWords({ certified: true, barRaised: p.barRaised }) });
        continue;
      }
      const c = counts.get(p.id) ?? NO_COUNTS;
      const interviewer = interviewerStage(p.capabilities, c, settings);
      if (interviewer.stage !== 'trained') {
        inTraining.push({ memberId: p.id, name: p.name, path: 'interviewer', stageLabel: interviewer.stageLabel, needs: interviewer.needs });
      }
      if (!p.capabilities.includes('bar_raiser_in_training')) continue;
      const progress = barRaiserStage(p.capabilities, c, settings, barRaiserSignOff(liveSignOffs(db, p.id, 'bar_raiser')));
      inTraining.push({ memberId: p.id, name: p.name, path: 'bar_raiser', stageLabel: progress.stageLabel, needs: progress.needs });
      if (progress.readyToCertify && !founder) readyToTakeOver.push({ memberId: p.id, name: p.name, why: takeOverWords({ certified: false, needs: progress.needs }) });
    }

    const planning = readPlanningSettings(db);
    const withFounder = hiresWithFounder(db);
    return {
      month,
      principles: trainedInterviewersPerPrinciple(db),
      teams,
      barRaisers,
      loopsThisMonth,
      bottleneck: bottleneckWords(barRaisers, loopsThisMonth),
      inTraining,
      founderRule: {
        threshold: planning.founderRuleThreshold,
        hiresMade: planning.hiresMade,
        hiresWithFounder: withFounder,
        summary: founderRuleWords(planning.founderRuleThreshold, planning.hiresMade, withFounder),
      },
      readyToTakeOver,
    };
  },
};
