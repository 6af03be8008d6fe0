import type { z } from 'zod';
import { ADMINS, WORKSPACE_KEEPERS, type Access } from '../../rules/access';
import { ActivityListInput, type ActivityEntry, type ActivityVerifyResult } from './activity';
import { ById, Empty } from './fields';
import {
  PrincipleCreateInput,
  PrincipleListInput,
  PrincipleReorderInput,
  PrincipleUpdateInput,
  type Principle,
  type PrincipleRevision,
} from './principles';
import {
  QuestionCreateInput,
  QuestionListInput,
  QuestionUpdateInput,
  type PrincipleCoverage,
  type Question,
  type QuestionPage,
  type TagCount,
} from './questions';
import { WorkspaceStartInput, type WorkspaceInfo } from './workspace';
import type { Calibration } from './science';
import { BackupDownloadInput, BackupNameInput, BackupRestoreInput, type BackupList, type BackupSummary, type RecoveryStatus, type RestoreResult } from './backups';
import {
  ByLoop,
  DebriefOpenInput,
  DebriefNotesInput,
  DecideInput,
  FeedbackAmendInput,
  FeedbackListInput,
  FeedbackWriteInput,
  PacketInput,
  ReopenInput,
  RevoteInput,
  VerdictInput,
  type Debrief,
  type Decision,
  type FeedbackList,
  type FeedbackRecord,
  type MyFeedback,
  type OwedFeedback,
  type ParticipantStatus,
} from './feedback';
import { CheckinAssignInput, CheckinGetInput, CheckinListInput, CheckinRecordInput, type Checkin, type CheckinDue, type HireCheckins } from './checkins';
import { EvidenceSearchInput, type EvidenceSearchResult } from './evidence';
import {
  CoachingForLoopInput,
  CoachingNoteInput,
  CoachingProgressInput,
  CoachingSessionInput,
  type CoachingNote,
  type CoachingProgress,
  type CoachingSession,
  type CoachingSessionSummary,
} from './coaching';
import { PracticeFromLoopInput, PracticeRateInput, PracticeWriteInput, type PracticeItem, type PracticeSummary, type PracticeView } from './practice';
import { SetMeInput, SettingsUpdateInput, type Settings } from './settings';
import { ConflictsInput, DeviceInput, InviteInput, JoinInput, MakeTeamInput, UnlockInput, type ConflictPage, type Invitation, type QuarantinedChange, type SyncStatus } from './sync';
import { MemberCreateInput, MemberListInput, MemberUpdateInput, type TeamMember, type TeamMemberName } from './team';
import { CertifyInput, ProgressInput, RevokeInput, type Readiness, type TrainingProgress } from './training';
import { RoleCreateInput, RoleListInput, RoleUpdateInput, type Role, type RoleSummary } from './roles';
import { CandidateCreateInput, CandidateListInput, CandidateUpdateInput, type Candidate, type CandidatePage } from './candidates';
import {
  AppUnlockInput,
  EncryptWorkspaceInput,
  EraseCandidateInput,
  ErasurePlanInput,
  RetentionInput,
  type ErasurePlan,
  type ErasureResult,
  type LockState,
  type RetentionItem,
} from './privacy';
import {
  CsvExportInput,
  ImportInput,
  ImportPreviewInput,
  WorkspaceExportInput,
  WorkspaceImportInput,
  type ImportPreview,
  type ImportResult,
  type WorkspaceImportResult,
} from './transfer';
import {
  KitGetInput,
  KitSwapInput,
  LoopCreateInput,
  LoopListInput,
  LoopPlanInput,
  LoopTransitionInput,
  type CandidateLoop,
  type Home,
  type Kit,
  type Loop,
  type LoopDetail,
  type LoopSummary,
  type SuggestedLoopPlan,
} from './loops';

/**
 * read and write run inside dispatch (writes in one transaction with their
 * activity row); service methods work on the database file itself (backups,
 * restore, recovery) or do long work in the background worker (imports,
 * exports), so the workspace runs them outside dispatch.
 */
export type MethodKind = 'read' | 'write' | 'service';

export interface MethodSpec<I extends z.ZodType, O, K extends MethodKind = MethodKind> {
  kind: K;
  input: I;
  doc: string;
  /** Who may call it. Most reads are open to anyone (each read hides what its caller may not see). */
  access: Access;
  /** Phantom: carries the output type; never set at run time. */
  readonly output?: O;
}

const ANYONE: Access = { who: ['anyone'] };
const MEMBER: Access = { who: ['member'] };
const editors = (area: 'principles' | 'questions' | 'roles'): Access => ({ who: ['founder', 'admin', `editors.${area}`, 'setup'] });
const PRINCIPLE_EDITORS = editors('principles');
const QUESTION_EDITORS = editors('questions');
const ROLE_EDITORS = editors('roles');
const CANDIDATE_EDITORS: Access = {
  who: ['founder', 'admin', 'hiring_manager', 'setup'],
  note: 'Hired and rejected are set only by a decision. Clearing or shortening a cooldown: founders and admins, with a reason.',
};
const EXPORT_NOTE =
  'It holds every feedback: someone who still owes feedback on an open loop must give an early-access reason, which is logged for each such loop and flags their later feedback.';
const LOOP_OWNERS: Access = { who: ['loop.hiring_manager', 'founder', 'admin'], loopField: 'id' };
const AUTHOR: Access = {
  who: ['loop.interviewer', 'loop.shadow', 'loop.trainee'],
  loopField: 'loopId',
  authorField: 'authorId',
  note: 'Only your own feedback, as the person the form was opened as.',
};

// `returns<O>()` fixes the output type, then `.read`/`.write` take the schema,
// so each method is declared once with its input, output and kind together.
function returns<O>() {
  return {
    read: <I extends z.ZodType>(input: I, doc: string, access: Access = ANYONE): MethodSpec<I, O, 'read'> => ({ kind: 'read', input, doc, access }),
    write: <I extends z.ZodType>(input: I, doc: string, access: Access): MethodSpec<I, O, 'write'> => ({ kind: 'write', input, doc, access }),
    service: <I extends z.ZodType>(input: I, doc: string, access: Access): MethodSpec<I, O, 'service'> => ({
      kind: 'service',
      input,
      doc,
      access,
    }),
  };
}

export const methods = {
  'workspace.get': returns<WorkspaceInfo>().read(Empty, 'Workspace facts: whether it has been started, versions, data file.'),
  'workspace.start': returns<WorkspaceInfo>().write(
    WorkspaceStartInput,
    'First run: start blank, or from the starter set of draft principles.',
    { who: ['anyone'], note: 'Once, on first run.' },
  ),

  'principles.list': returns<Principle[]>().read(PrincipleListInput, 'Principles in their order; archived ones on request.'),
  'principles.get': returns<Principle>().read(ById, 'One principle.'),
  'principles.create': returns<Principle>().write(PrincipleCreateInput, 'Add a principle at the end of the list.', PRINCIPLE_EDITORS),
  'principles.update': returns<Principle>().write(
    PrincipleUpdateInput,
    'Edit a principle; keeps a revision with the text before and after.',
    PRINCIPLE_EDITORS,
  ),
  'principles.reorder': returns<Principle[]>().write(
    PrincipleReorderInput,
    'Set the order of the active principles; ids must list each active principle once.',
    PRINCIPLE_EDITORS,
  ),
  'principles.archive': returns<Principle>().write(ById, 'Archive a principle; it stays attached to past loops.', PRINCIPLE_EDITORS),
  'principles.restore': returns<Principle>().write(ById, 'Restore an archived principle to the end of the list.', PRINCIPLE_EDITORS),
  'principles.revisions': returns<PrincipleRevision[]>().read(ById, "A principle's revisions, newest first."),

  'questions.list': returns<QuestionPage>().read(
    QuestionListInput,
    'Full-text search combined with filters: principle, tag, lint status, active/retired.',
  ),
  'questions.get': returns<Question>().read(ById, 'One question.'),
  'questions.create': returns<Question>().write(
    QuestionCreateInput,
    'Add a question; the linter runs on save; a hypothetical needs a reason.',
    QUESTION_EDITORS,
  ),
  'questions.update': returns<Question>().write(QuestionUpdateInput, 'Edit a question; the linter runs on save.', QUESTION_EDITORS),
  'questions.retire': returns<Question>().write(ById, 'Retire a question from use in new kits.', QUESTION_EDITORS),
  'questions.restore': returns<Question>().write(ById, 'Bring a retired question back.', QUESTION_EDITORS),
  'questions.tags': returns<TagCount[]>().read(Empty, 'Tags in use on active questions, with counts.'),
  'questions.coverage': returns<PrincipleCoverage[]>().read(
    Empty,
    'Active behavioural questions per active principle; fewer than 3 is thin.',
  ),

  'settings.get': returns<Settings>().read(Empty, 'Company name, who "me" is, the founder rule threshold and the feedback due time.'),
  'settings.update': returns<Settings>().write(SettingsUpdateInput, 'Change workspace settings.', { who: ['founder', 'admin', 'setup'] }),
  'settings.setMe': returns<Settings>().write(SetMeInput, 'Choose which team member uses this machine; the switch is logged.', { who: ['anyone'], note: 'On a shared machine "me" is a choice recorded in the log, not a password.' }),

  'team.list': returns<TeamMember[]>().read(MemberListInput, 'Team members by name, with their training records.'),
  'team.names': returns<TeamMemberName[]>().read(
    MemberListInput,
    'Team members by name with their title, team, status and capabilities only: the light read for screens that only name people (no email, no training counts).',
  ),
  'team.get': returns<TeamMember>().read(ById, 'One team member.'),
  'team.create': returns<TeamMember>().write(MemberCreateInput, 'Add a team member; email unique when given.', { who: ['founder', 'admin', 'setup'], note: 'The first person in an empty workspace becomes its founder and admin, and "me".' }),
  'team.update': returns<TeamMember>().write(
    MemberUpdateInput,
    'Edit a team member, or mark them as left; a manager may not report to them.',
    {
      who: ['founder', 'admin', 'self'],
      note: 'People edit their own name, email, title and team; capabilities, manager, status and certification are for founders and admins, and nobody changes their own capabilities.',
    },
  ),

  'training.progress': returns<TrainingProgress>().read(
    ProgressInput,
    "One person's place on the interviewer and bar-raiser paths: the counts from real loops, each step against the settings, what is still missing, the live bar-raiser sign-offs and every certification and revocation.",
  ),
  'training.certify': returns<TrainingProgress>().write(
    CertifyInput,
    'Certify someone who has met every count of a path, with a reason. An interviewer: one sign-off by a trained interviewer or bar raiser grants `interviewer`. A bar raiser (a bar raiser in training): two sign-offs by different people, a certified bar raiser and a founder, either first; `bar_raiser` is granted when both have signed. Refused, naming what is missing, before the counts are met.',
    {
      who: ['interviewer', 'bar_raiser', 'founder'],
      note: 'Interviewers by trained interviewers and bar raisers; bar raisers by a certified bar raiser and a founder. Never oneself.',
    },
  ),
  'training.revoke': returns<TrainingProgress>().write(
    RevokeInput,
    'Revoke a certification (or the sign-offs so far) with a reason: the capability goes, the history stays.',
    ADMINS,
  ),
  'training.readiness': returns<Readiness>().read(
    Empty,
    "The team's readiness: trained interviewers per principle, bar raisers and this month's loops per team, the load in words, people in training with what each still needs, the founder rule, and who can take over from the founders.",
  ),

  'roles.list': returns<RoleSummary[]>().read(RoleListInput, 'Roles (openings), open ones first, with their focus principles and interviews counted (`roles.get` lists them).'),
  'roles.get': returns<Role>().read(ById, 'One role.'),
  'roles.create': returns<Role>().write(RoleCreateInput, 'Open a role with focus principles and a loop template.', ROLE_EDITORS),
  'roles.update': returns<Role>().write(RoleUpdateInput, 'Edit a role, its status, focus principles or loop template.', ROLE_EDITORS),

  'candidates.list': returns<CandidatePage>().read(CandidateListInput, 'Full-text search over candidates, filtered by status.'),
  'candidates.get': returns<Candidate>().read(ById, 'One candidate.'),
  'candidates.history': returns<CandidateLoop[]>().read(
    ById,
    "A candidate's loops, the latest changed first: each one's role, status and last change (empty for an unknown candidate).",
  ),
  'candidates.create': returns<Candidate>().write(CandidateCreateInput, 'Add a candidate; email unique when given.', CANDIDATE_EDITORS),
  'candidates.update': returns<Candidate>().write(CandidateUpdateInput, "Edit a candidate's profile, status or cooldown date.", CANDIDATE_EDITORS),

  'loops.list': returns<LoopSummary[]>().read(LoopListInput, 'Loops filtered by status, role, candidate or person.'),
  'loops.get': returns<LoopDetail>().read(ById, 'A loop with its candidate, role and the planning checks.'),
  'loops.create': returns<Loop>().write(LoopCreateInput, "Create a draft loop for a candidate from the role's template.", { who: ['founder', 'admin', 'hiring_manager'] }),
  'loops.plan': returns<Loop>().write(
    LoopPlanInput,
    'Edit the plan: hiring manager, bar raiser, shadows, slots; a planned loop needs an override to break a blocker.',
    LOOP_OWNERS,
  ),
  'loops.transition': returns<Loop>().write(
    LoopTransitionInput,
    'Move a loop along draft → planned → interviewing → debrief → decided → closed, or cancel it with a reason.',
    LOOP_OWNERS,
  ),
  'loops.suggest': returns<SuggestedLoopPlan>().read(ById, 'A deterministic suggested plan, with the reason for each choice.'),

  'kits.get': returns<Kit[]>().read(KitGetInput, 'The interview kits of a loop, or of one slot.'),
  'kits.swap': returns<Kit>().write(KitSwapInput, 'Swap one question in a kit for the next eligible one, or a chosen one.', { who: ['loop.interviewer', 'loop.hiring_manager', 'founder', 'admin'], loopField: 'loopId', note: 'An interviewer swaps questions in their own slot only.' }),
  'kits.pdf': returns<{ fileName: string; base64: string }>().read(KitGetInput, "One slot's kit as a PDF (base64)."),

  'feedback.mine': returns<MyFeedback>().read(ByLoop, 'My assignment in a loop and my feedback, with earlier versions.'),
  'feedback.saveDraft': returns<FeedbackRecord>().write(FeedbackWriteInput, 'Autosave my feedback draft; partial is fine.', AUTHOR),
  'feedback.submit': returns<FeedbackRecord>().write(
    FeedbackWriteInput,
    'Submit my feedback: the vote, and every assigned principle rated with evidence or not assessed with a reason.',
    AUTHOR,
  ),
  'feedback.amend': returns<FeedbackRecord>().write(FeedbackAmendInput, 'Amend submitted feedback with a reason; the original stays visible.', AUTHOR),
  'feedback.recordView': returns<Pick<FeedbackList, 'visibility'>>().write(
    FeedbackListInput,
    "Record that I am looking at the loop's feedback, before `feedback.list`: logged, and an early look (an admin's, with a reason) is recorded and flags my later feedback.",
    { ...MEMBER, note: 'Blind: counts only until you have submitted your own.' },
  ),
  'feedback.list': returns<FeedbackList>().read(
    FeedbackListInput,
    "The loop's submitted feedback, blind until I have submitted my own (counts only); early access only once `feedback.recordView` recorded it.",
    { ...MEMBER, note: 'Blind: counts only until you have submitted your own.' },
  ),
  'feedback.status': returns<ParticipantStatus[]>().read(ByLoop, 'Who has submitted, who owes feedback and who is overdue (no content).'),
  'feedback.owed': returns<OwedFeedback[]>().read(Empty, 'Feedback I owe, overdue first.'),

  'coaching.forLoop': returns<CoachingSessionSummary[]>().read(
    CoachingForLoopInput,
    "The loop's training sessions (reverse shadows and shadows) I am part of, as the trainee or as their coach, with where each stands.",
    { ...MEMBER, note: 'Only the trainee and their coach see a session.' },
  ),
  'coaching.session': returns<CoachingSession>().read(
    CoachingSessionInput,
    "One trainee's session: their write-up with the evidence linter's findings beside the panel's feedback, and the coaching notes. The write-up and the panel are as blind as any feedback.",
    { ...MEMBER, note: 'Only the trainee and their coach: the supervising interviewer of a reverse shadow, or the bar raiser for a shadow.' },
  ),
  'coaching.note': returns<CoachingNote>().write(CoachingNoteInput, "Leave a coaching note on a trainee's write-up; the trainee sees it.", {
    who: ['loop.interviewer', 'loop.bar_raiser'],
    loopField: 'loopId',
    note: "Only the trainee's coach (the supervising interviewer of a reverse shadow, or the bar raiser for a shadow), once the trainee has submitted and the panel's feedback is in.",
  }),
  'coaching.progress': returns<CoachingProgress>().read(CoachingProgressInput, "A trainee's training sessions and how many a coach has reviewed.", MEMBER),

  'practice.fromLoop': returns<PracticeItem>().write(
    PracticeFromLoopInput,
    "Add one submitted interview feedback of a decided loop to the calibration-practice library: its evidence and reasons with the candidate's name, email, phone and links removed; its ratings, the rest of the panel's (anonymous) and the decision kept as the answers. Never the loop, candidate, interviewers or dates.",
    { who: ['bar_raiser', 'founder', 'admin'] },
  ),
  'practice.write': returns<PracticeItem>().write(
    PracticeWriteInput,
    "A practice write-up written by hand: evidence per principle, with the writer's own ratings and vote as the answers.",
    { who: ['bar_raiser', 'founder', 'admin'] },
  ),
  'practice.list': returns<PracticeSummary[]>().read(Empty, 'The practice library, newest first, each marked whether I have rated it.', MEMBER),
  'practice.get': returns<PracticeView>().read(
    ById,
    'One practice write-up; the answers (the writer\'s and the panel\'s ratings and votes, the decision) and how mine compare only once I have rated it.',
    { ...MEMBER, note: 'Blind: the answers only after your own rating.' },
  ),
  'practice.rate': returns<PracticeView>().write(PracticeRateInput, 'Rate a practice write-up blind (every principle 1-4, and a vote), once; returns the answers and the comparison.', {
    ...MEMBER,
    note: 'Anyone on the interviewer path, in training or trained, as the training paths define it: every team member.',
  }),
  'practice.results': returns<PracticeView[]>().read(Empty, 'My own practice ratings, newest first, each with the answers and how mine compare; never anyone else\'s.', {
    ...MEMBER,
    note: 'Own only.',
  }),

  'debrief.open': returns<Debrief>().write(
    DebriefOpenInput,
    'Open the debrief (when all feedback is in, or earlier by the bar raiser with a reason) or, once open, record that I am viewing it; each viewing is logged.',
    { ...MEMBER, note: 'Blind: open to those who may read the feedback.' },
  ),
  'debrief.get': returns<Debrief>().read(ByLoop, 'The debrief, once `debrief.open` has opened it.', {
    ...MEMBER,
    note: 'Blind: open to those who may read the feedback.',
  }),
  'debrief.revote': returns<Debrief>().write(RevoteInput, 'Change my vote in the debrief; recorded beside the original with a note.', { who: ['loop.interviewer'], loopField: 'loopId', note: 'Interviewers who submitted feedback.' }),
  'debrief.saveNotes': returns<Debrief>().write(DebriefNotesInput, 'The discussion notes, kept by the bar raiser or hiring manager.', { who: ['loop.bar_raiser', 'loop.hiring_manager'], loopField: 'loopId', note: 'Only while they may read the feedback: one who also holds a slot submits their own first.' }),

  'decision.decide': returns<Decision>().write(DecideInput, 'The hiring manager decides hire or no hire, with a rationale.', { who: ['loop.hiring_manager'], loopField: 'loopId' }),
  'decision.verdict': returns<Decision>().write(
    VerdictInput,
    'The bar raiser concurs or vetoes; a veto needs a rationale that cites evidence.',
    { who: ['loop.bar_raiser'], loopField: 'loopId' },
  ),
  'decision.reopen': returns<Debrief>().write(ReopenInput, 'Reopen a final decision, with a reason; returns the debrief as blind as reading it.', { who: ['loop.hiring_manager', 'loop.bar_raiser', 'founder', 'admin'], loopField: 'loopId', note: 'The candidate\'s status and cooldown go back to before it; reopening a decision whose no-recycle cooldown still runs clears it, so that is for founders and admins.' }),
  'packet.export': returns<{ fileName: string; mimeType: string; base64: string }>().write(
    PacketInput,
    'The loop packet (plan, every feedback, debrief, decision) as Markdown or PDF; as blind as the feedback.',
    { ...MEMBER, note: 'As blind as the feedback.' },
  ),

  'backups.list': returns<BackupList>().service(Empty, 'Automatic and manual backups next to the database, newest first.', ANYONE),
  'backups.create': returns<BackupSummary>().service(Empty, 'Back up now, with SQLite’s online backup API, in the background.', ANYONE),
  'backups.download': returns<{ fileName: string; base64: string }>().service(
    BackupDownloadInput,
    'One backup file, to save a copy elsewhere; read in the background.',
    { ...ADMINS, note: EXPORT_NOTE },
  ),
  'backups.restore': returns<RestoreResult>().service(
    BackupRestoreInput,
    'Restore a backup (by name) or an uploaded file: checked first, the current database kept aside, then replaced.',
    { who: ['founder', 'admin', 'setup'], note: 'A new, empty workspace may restore too: that is how a new machine starts.' },
  ),
  'recovery.status': returns<RecoveryStatus>().service(Empty, 'Whether the workspace opened normally, or why it needs recovering.', ANYONE),
  'recovery.restore': returns<RecoveryStatus>().service(BackupNameInput, 'In recovery: restore a good backup.', { who: ['anyone'], note: 'The damaged file cannot say who is who; restoring only brings back data as it was.' }),
  'recovery.startFresh': returns<RecoveryStatus>().service(Empty, 'In recovery: start an empty workspace (the damaged file stays aside).', {
      who: ['founder', 'admin', 'setup'],
      note: 'Checked against the newest readable backup (who "me" was there); allowed when there is none.',
    }),

  'sync.status': returns<SyncStatus>().service(
    Empty,
    "Team sync in words: solo, in sync, syncing, waiting (\"waiting for Ana's laptop: change 41 not here yet\"), locked or a problem; the team's devices (owner, state, last seen, last change applied) and how many changes from other devices were quarantined.",
    ANYONE,
  ),
  'sync.makeTeam': returns<SyncStatus>().service(
    MakeTeamInput,
    "Turn this workspace into a team synced through a folder (empty; an engine such as Syncthing or Dropbox replicates it): makes this device's keys and the team key, and writes the workspace as it is, history included, as the team's first snapshot. The private keys are sealed on this computer with the passphrase and, in the desktop app where the OS has a key store, with that key store too, so the app unlocks without asking.",
    { ...ADMINS, note: '"me" becomes this device\'s owner and can no longer be switched.' },
  ),
  'sync.invite': returns<Invitation>().service(
    InviteInput,
    'An invitation for a team member to join from their own computer: text to send by any channel, with a one-time secret. Their device joins with it and waits until this device confirms it.',
    ADMINS,
  ),
  'sync.join': returns<SyncStatus>().service(
    JoinInput,
    "Join a team from a new, empty workspace: your copy of the team folder and the invitation. Makes this device's keys and asks to be confirmed; once an admin's device confirms it, the team's data arrives.",
    { who: ['setup', 'member'], note: 'Into an empty workspace only; "me" becomes the invited member.' },
  ),
  'sync.confirmDevice': returns<SyncStatus>().service(
    DeviceInput,
    'Confirm a device that joined with an invitation made on this device: signs its record and grants it the team key.',
    ADMINS,
  ),
  'sync.revokeDevice': returns<SyncStatus>().service(
    DeviceInput,
    'Revoke a device: its changes already in the folder are kept, later ones are rejected by every device.',
    ADMINS,
  ),
  'sync.quarantine': returns<QuarantinedChange[]>().read(
    Empty,
    'Changes from other devices refused at merge (not allowed for their author, or not applicable here), newest first: which device, its change number, when, the method, the author and the reason, and what it would have changed in outline.',
    ADMINS,
  ),
  'sync.conflicts': returns<ConflictPage>().service(
    ConflictsInput,
    "What concurrent edits resolved to, newest first, a page at a time: a field another device and this one both changed without seeing each other's change, and which change (the later) was kept on every device, in words. Values show only where the reader may see the row; feedback and other blind content never show. Kept on this device only.",
    { who: ['anyone'], note: "In a team the reader is this device's owner, who made one of the two changes." },
  ),
  'sync.unlock': returns<SyncStatus>().service(UnlockInput, "Unlock this device's sync keys with the passphrase they were sealed with.", ANYONE),

  'home.get': returns<Home>().read(
    Empty,
    'What needs me now: my next interviews, the loops I am part of, and check-ins due on the hires I manage.',
  ),

  'checkins.list': returns<CheckinDue[]>().read(
    CheckinListInput,
    "Quality of hire: the 90-day and 1-year check-ins of the hires I manage (every hire with `all`), soonest first, each upcoming, due (from two weeks before its date), overdue (a month after) or done.",
    { ...MEMBER, note: "Founders and admins may list every hire's (all: true)." },
  ),
  'checkins.get': returns<HireCheckins>().read(
    CheckinGetInput,
    'One hire: the principles its loop assessed, with their anchors, and both check-ins with what was recorded.',
    { ...MEMBER, note: "The hire's manager, founders and admins." },
  ),
  'checkins.record': returns<Checkin>().write(
    CheckinRecordInput,
    'Record a check-in once it is due: every principle the loop assessed rated 1–4 on its anchors (or null: not observed; at least one rated), and a short note. Recorded once.',
    { who: ['loop.hire_manager'], loopField: 'loopId', note: "The hire's manager: the loop's hiring manager unless someone else was chosen." },
  ),
  'checkins.assignManager': returns<CheckinDue[]>().write(
    CheckinAssignInput,
    "Choose who manages a hire (and so records its check-ins), when it is not the loop's hiring manager.",
    { who: ['loop.hiring_manager', 'founder', 'admin'], loopField: 'loopId' },
  ),

  'evidence.search': returns<EvidenceSearchResult>().read(
    EvidenceSearchInput,
    "Full-text search over the evidence of submitted feedback (current versions): whole words in any form, all required; newest first, each hit a snippet of the field that matched with highlight offsets, and its loop, candidate, principle and author; the total when it could be counted without reading the whole index, and whether there is a next page. Only feedback I may read now is searched or counted, by the same rules as `feedback.list` (no early access here).",
    { ...MEMBER, note: 'Blind: feedback I may not read yet is neither shown nor counted.' },
  ),

  'science.calibration': returns<Calibration>().service(
    Empty,
    "How far interviewers agree and how each one rates: Krippendorff's alpha (ordinal) with a 95% bootstrap interval and n, overall, per principle, per role and per quarter; per interviewer leniency against co-panelists (shrunk toward zero for small samples), agreement with decisions, re-vote changes and time to submit. Counts only decided and closed loops, whose feedback is no longer blind, and no erased candidate. Computed in the background and kept until the data changes.",
    { ...ADMINS, note: 'Judges named colleagues from every loop at once: founders and admins only.' },
  ),
  'science.calibrationPdf': returns<{ fileName: string; base64: string }>().service(
    Empty,
    'The calibration report as a PDF (base64): the same figures, words and "not enough data yet" as `science.calibration`, as tables with bar-and-whisker drawings. Built from the kept report.',
    { ...ADMINS, note: 'The same report as `science.calibration`: founders and admins only.' },
  ),

  'activity.list': returns<ActivityEntry[]>().read(ActivityListInput, 'Recent activity, newest first, optionally for one entity.'),
  'activity.verify': returns<ActivityVerifyResult>().service(
    Empty,
    "Checks this device's activity log against its hash chain: whether it is intact, how many entries it holds, and each entry changed, removed or put in by other means than the app (at most 50, oldest first, with the count of the rest), each named by its time and author as logged. An erasure's redactions and a draft's folded autosaves are links of the chain, not tampering. Reads every row (about a second per 100,000 on a quiet machine): runs in the background.",
    { ...ADMINS, note: 'Founders and admins: it is about the workspace as a whole.' },
  ),

  'privacy.eraseCandidate': returns<ErasureResult>().write(
    EraseCandidateInput,
    "Erase a candidate's personal data everywhere (profile, every free text on their loops, activity, search index, and every backup: scrubbed, or removed when it cannot be), keeping anonymous ratings and votes; admins and founders only; confirmName must be the candidate's name, or their id for a candidate whose name is not readable on this device (sealed).",
    ADMINS,
  ),
  'privacy.erasurePlan': returns<ErasurePlan>().read(
    ErasurePlanInput,
    'Before an erasure: how many texts it would empty, and which copies under the data folder it would scrub or remove.',
  ),
  'privacy.retention': returns<RetentionItem[]>().read(
    RetentionInput,
    'Candidates with no activity (on them or their loops) for the given number of months, oldest first, for review.',
  ),
  'privacy.encryptWorkspace': returns<LockState>().service(
    EncryptWorkspaceInput,
    'Encrypt a plaintext workspace at rest with a key sealed by this passphrase (at least 12 characters; confirm must match): a pre-migration backup first, then an encrypted copy swapped in; writes wait meanwhile. CONFLICT when already encrypted. The passphrase is never stored: lost, the data is lost.',
    { ...WORKSPACE_KEEPERS, note: 'Founders and admins: it decides how everyone on this machine opens the workspace. Before anyone is on the team, whoever sets it up (the first run asks for a passphrase).' },
  ),
  'privacy.lockState': returns<LockState>().service(
    Empty,
    'Whether the app is locked, how the workspace key is sealed (null: not encrypted) and the idle minutes before it locks. Answered while locked: the lock screen reads it.',
    ANYONE,
  ),
  'privacy.unlock': returns<LockState>().service(
    AppUnlockInput,
    'Unlock: derive the workspace key from the passphrase (or the OS key store when the key is sealed by it) and open the workspace. A wrong passphrase is VALIDATION at passphrase, nothing opened. Answered while locked; CONFLICT when not locked.',
    { who: ['anyone'], note: 'Whoever knows the passphrase (or is the OS user): the workspace cannot say who is who while locked.' },
  ),
  'privacy.lock': returns<LockState>().service(
    Empty,
    'Lock now: close the workspace and forget its key; every other call is LOCKED until `privacy.unlock`. CONFLICT for a plaintext workspace, which has nothing to lock the data with.',
    ANYONE,
  ),
  'privacy.activity': returns<null>().service(
    Empty,
    "Someone is using the app (the page reports pointer and key use, at most twice a minute): the idle time before the lock (`settings.privacy.lockAfterMinutes`) starts again. Logs nothing.",
    ANYONE,
  ),

  'transfer.preview': returns<ImportPreview>().service(
    ImportPreviewInput,
    "What importing a file would do, row by row: new, duplicate (re-importing creates nothing) or error, naming the line and field. At most 20,000 rows and 10 MB a file: a longer file is refused (VALIDATION on content, naming its row count) before its rows are read. Runs in the background, so other calls are answered meanwhile. CSV columns (a header line first; lists separated by ;): principles name, summary, description, anchor1–anchor4; questions text, principles (names), probes, tags, hypothetical_reason; team name, email, title, team, manager_email (in the workspace or on an earlier line), capabilities; candidates name, email, phone, source, links, notes. JSON (principles and questions only): a list of objects shaped like principles.create, or like questions.create with principles (names) in place of principleIds.",
    ANYONE,
  ),
  'transfer.import': returns<ImportResult>().service(
    ImportInput,
    'Import a file through the same checks as typing each row: all-or-nothing refuses the file if any row has an error; valid-only imports the new valid rows; duplicates are never created. The same limits as the preview (20,000 rows, 10 MB); the file is checked in the background, its new rows written in one transaction.',
    {
      who: ['founder', 'admin', 'editors.principles', 'editors.questions', 'hiring_manager', 'setup'],
      note: 'Each kind as its editors: principles, questions, candidates (founders, admins, hiring managers), team (founders and admins).',
    },
  ),
  'transfer.exportWorkspace': returns<{ fileName: string; json: string }>().service(
    WorkspaceExportInput,
    'The whole workspace as one versioned JSON document: every row of every table, as stored, read in the background from one consistent snapshot. It holds every feedback, so only admins and founders may export it, and each export is logged.',
    { ...ADMINS, note: EXPORT_NOTE },
  ),
  'transfer.importWorkspace': returns<WorkspaceImportResult>().service(
    WorkspaceImportInput,
    'Load a whole-workspace export (at most 12 MB) into an empty workspace (CONFLICT otherwise); an older export is upgraded by the migrations, a newer one refused. The document is parsed and upgraded in the background, its rows written in one transaction.',
    { who: ['founder', 'admin', 'setup'], note: 'Into an empty workspace only.' },
  ),
  'transfer.exportCsv': returns<{ fileName: string; csv: string }>().read(
    CsvExportInput,
    'One list as CSV with the documented columns: principles, questions, team and candidates re-import as duplicates; loops for reading.',
  ),
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type ParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = NonNullable<Methods[M]['output']>;

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(methods, name);
}
