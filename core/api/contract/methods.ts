import type { z } from 'zod';
import { ActivityListInput, type ActivityEntry } from './activity';
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
import { BackupNameInput, BackupRestoreInput, type BackupList, type BackupSummary, type RecoveryStatus, type RestoreResult } from './backups';
import {
  ByLoop,
  DebriefGetInput,
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
import { SetMeInput, SettingsUpdateInput, type Settings } from './settings';
import { MemberCreateInput, MemberListInput, MemberUpdateInput, type TeamMember } from './team';
import { RoleCreateInput, RoleListInput, RoleUpdateInput, type Role } from './roles';
import { CandidateCreateInput, CandidateListInput, CandidateUpdateInput, type Candidate, type CandidatePage } from './candidates';
import { EraseCandidateInput, ErasurePlanInput, RetentionInput, type ErasurePlan, type ErasureResult, type RetentionItem } from './privacy';
import {
  CsvExportInput,
  ImportInput,
  ImportPreviewInput,
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
 * restore, recovery), so the workspace runs them outside any transaction.
 */
export type MethodKind = 'read' | 'write' | 'service';

export interface MethodSpec<I extends z.ZodType, O, K extends MethodKind = MethodKind> {
  kind: K;
  input: I;
  doc: string;
  /** Phantom: carries the output type; never set at run time. */
  readonly output?: O;
}

// `returns<O>()` fixes the output type, then `.read`/`.write` take the schema,
// so each method is declared once with its input, output and kind together.
function returns<O>() {
  return {
    read: <I extends z.ZodType>(input: I, doc: string): MethodSpec<I, O, 'read'> => ({ kind: 'read', input, doc }),
    write: <I extends z.ZodType>(input: I, doc: string): MethodSpec<I, O, 'write'> => ({ kind: 'write', input, doc }),
    service: <I extends z.ZodType>(input: I, doc: string): MethodSpec<I, O, 'service'> => ({ kind: 'service', input, doc }),
  };
}

export const methods = {
  'workspace.get': returns<WorkspaceInfo>().read(Empty, 'Workspace facts: whether it has been started, versions, data file.'),
  'workspace.start': returns<WorkspaceInfo>().write(
    WorkspaceStartInput,
    'First run: start blank, or from the starter set of draft principles.',
  ),

  'principles.list': returns<Principle[]>().read(PrincipleListInput, 'Principles in their order; archived ones on request.'),
  'principles.get': returns<Principle>().read(ById, 'One principle.'),
  'principles.create': returns<Principle>().write(PrincipleCreateInput, 'Add a principle at the end of the list.'),
  'principles.update': returns<Principle>().write(
    PrincipleUpdateInput,
    'Edit a principle; keeps a revision with the text before and after.',
  ),
  'principles.reorder': returns<Principle[]>().write(
    PrincipleReorderInput,
    'Set the order of the active principles; ids must list each active principle once.',
  ),
  'principles.archive': returns<Principle>().write(ById, 'Archive a principle; it stays attached to past loops.'),
  'principles.restore': returns<Principle>().write(ById, 'Restore an archived principle to the end of the list.'),
  'principles.revisions': returns<PrincipleRevision[]>().read(ById, "A principle's revisions, newest first."),

  'questions.list': returns<QuestionPage>().read(
    QuestionListInput,
    'Full-text search combined with filters: principle, tag, lint status, active/retired.',
  ),
  'questions.get': returns<Question>().read(ById, 'One question.'),
  'questions.create': returns<Question>().write(
    QuestionCreateInput,
    'Add a question; the linter runs on save; a hypothetical needs a reason.',
  ),
  'questions.update': returns<Question>().write(QuestionUpdateInput, 'Edit a question; the linter runs on save.'),
  'questions.retire': returns<Question>().write(ById, 'Retire a question from use in new kits.'),
  'questions.restore': returns<Question>().write(ById, 'Bring a retired question back.'),
  'questions.tags': returns<TagCount[]>().read(Empty, 'Tags in use on active questions, with counts.'),
  'questions.coverage': returns<PrincipleCoverage[]>().read(
    Empty,
    'Active behavioural questions per active principle; fewer than 3 is thin.',
  ),

  'settings.get': returns<Settings>().read(Empty, 'Company name, who "me" is, the founder rule threshold and the feedback due time.'),
  'settings.update': returns<Settings>().write(SettingsUpdateInput, 'Change workspace settings.'),
  'settings.setMe': returns<Settings>().write(SetMeInput, 'Choose which team member uses this machine; the switch is logged.'),

  'team.list': returns<TeamMember[]>().read(MemberListInput, 'Team members by name, with their training records.'),
  'team.get': returns<TeamMember>().read(ById, 'One team member.'),
  'team.create': returns<TeamMember>().write(MemberCreateInput, 'Add a team member; email unique when given.'),
  'team.update': returns<TeamMember>().write(
    MemberUpdateInput,
    'Edit a team member, or mark them as left; a manager may not report to them.',
  ),

  'roles.list': returns<Role[]>().read(RoleListInput, 'Roles (openings), open ones first.'),
  'roles.get': returns<Role>().read(ById, 'One role.'),
  'roles.create': returns<Role>().write(RoleCreateInput, 'Open a role with focus principles and a loop template.'),
  'roles.update': returns<Role>().write(RoleUpdateInput, 'Edit a role, its status, focus principles or loop template.'),

  'candidates.list': returns<CandidatePage>().read(CandidateListInput, 'Full-text search over candidates, filtered by status.'),
  'candidates.get': returns<Candidate>().read(ById, 'One candidate.'),
  'candidates.create': returns<Candidate>().write(CandidateCreateInput, 'Add a candidate; email unique when given.'),
  'candidates.update': returns<Candidate>().write(CandidateUpdateInput, "Edit a candidate's profile, status or cooldown date."),

  'loops.list': returns<LoopSummary[]>().read(LoopListInput, 'Loops filtered by status, role, candidate or person.'),
  'loops.get': returns<LoopDetail>().read(ById, 'A loop with its candidate, role and the planning checks.'),
  'loops.create': returns<Loop>().write(LoopCreateInput, "Create a draft loop for a candidate from the role's template."),
  'loops.plan': returns<Loop>().write(
    LoopPlanInput,
    'Edit the plan: hiring manager, bar raiser, shadows, slots; a planned loop needs an override to break a blocker.',
  ),
  'loops.transition': returns<Loop>().write(
    LoopTransitionInput,
    'Move a loop along draft → planned → interviewing → debrief → decided → closed, or cancel it with a reason.',
  ),
  'loops.suggest': returns<SuggestedLoopPlan>().read(ById, 'A deterministic suggested plan, with the reason for each choice.'),

  'kits.get': returns<Kit[]>().read(KitGetInput, 'The interview kits of a loop, or of one slot.'),
  'kits.swap': returns<Kit>().write(KitSwapInput, 'Swap one question in a kit for the next eligible one, or a chosen one.'),
  'kits.pdf': returns<{ fileName: string; base64: string }>().read(KitGetInput, "One slot's kit as a PDF (base64)."),

  'feedback.mine': returns<MyFeedback>().read(ByLoop, 'My assignment in a loop and my feedback, with earlier versions.'),
  'feedback.saveDraft': returns<FeedbackRecord>().write(FeedbackWriteInput, 'Autosave my feedback draft; partial is fine.'),
  'feedback.submit': returns<FeedbackRecord>().write(
    FeedbackWriteInput,
    'Submit my feedback: the vote, and every assigned principle rated with evidence or not assessed with a reason.',
  ),
  'feedback.amend': returns<FeedbackRecord>().write(FeedbackAmendInput, 'Amend submitted feedback with a reason; the original stays visible.'),
  'feedback.list': returns<FeedbackList>().write(
    FeedbackListInput,
    "The loop's submitted feedback, blind until I have submitted my own (counts only); each reading is logged.",
  ),
  'feedback.status': returns<ParticipantStatus[]>().read(ByLoop, 'Who has submitted, who owes feedback and who is overdue (no content).'),
  'feedback.owed': returns<OwedFeedback[]>().read(Empty, 'Feedback I owe, overdue first.'),

  'debrief.get': returns<Debrief>().write(
    DebriefGetInput,
    'Open the debrief: when all feedback is in, or earlier by the bar raiser with a reason; each viewing is logged.',
  ),
  'debrief.revote': returns<Debrief>().write(RevoteInput, 'Change my vote in the debrief; recorded beside the original with a note.'),
  'debrief.saveNotes': returns<Debrief>().write(DebriefNotesInput, 'The discussion notes, kept by the bar raiser or hiring manager.'),

  'decision.decide': returns<Decision>().write(DecideInput, 'The hiring manager decides hire or no hire, with a rationale.'),
  'decision.verdict': returns<Decision>().write(
    VerdictInput,
    'The bar raiser concurs or vetoes; a veto needs a rationale that cites evidence.',
  ),
  'decision.reopen': returns<Debrief>().write(ReopenInput, 'Reopen a final decision, with a reason.'),
  'packet.export': returns<{ fileName: string; mimeType: string; base64: string }>().write(
    PacketInput,
    'The loop packet (plan, every feedback, debrief, decision) as Markdown or PDF; as blind as the feedback.',
  ),

  'backups.list': returns<BackupList>().service(Empty, 'Automatic and manual backups next to the database, newest first.'),
  'backups.create': returns<BackupSummary>().service(Empty, 'Back up now, with SQLite’s online backup API.'),
  'backups.download': returns<{ fileName: string; base64: string }>().service(BackupNameInput, 'One backup file, to save a copy elsewhere.'),
  'backups.restore': returns<RestoreResult>().service(
    BackupRestoreInput,
    'Restore a backup (by name) or an uploaded file: checked first, the current database kept aside, then replaced.',
  ),
  'recovery.status': returns<RecoveryStatus>().service(Empty, 'Whether the workspace opened normally, or why it needs recovering.'),
  'recovery.restore': returns<RecoveryStatus>().service(BackupNameInput, 'In recovery: restore a good backup.'),
  'recovery.startFresh': returns<RecoveryStatus>().service(Empty, 'In recovery: start an empty workspace (the damaged file stays aside).'),

  'home.get': returns<Home>().read(Empty, 'What needs me now: my next interviews and the loops I am part of.'),

  'activity.list': returns<ActivityEntry[]>().read(ActivityListInput, 'Recent activity, newest first, optionally for one entity.'),

  'privacy.eraseCandidate': returns<ErasureResult>().write(
    EraseCandidateInput,
    "Erase a candidate's personal data everywhere (profile, every free text on their loops, activity, search index, and every backup: scrubbed, or removed when it cannot be), keeping anonymous ratings and votes; admins and founders only; confirmName must be the candidate's name.",
  ),
  'privacy.erasurePlan': returns<ErasurePlan>().read(
    ErasurePlanInput,
    'Before an erasure: how many texts it would empty, and which copies under the data folder it would scrub or remove.',
  ),
  'privacy.retention': returns<RetentionItem[]>().read(
    RetentionInput,
    'Candidates with no activity (on them or their loops) for the given number of months, oldest first, for review.',
  ),

  'transfer.preview': returns<ImportPreview>().read(
    ImportPreviewInput,
    "What importing a file would do, row by row: new, duplicate (re-importing creates nothing) or error, naming the line and field. CSV columns (a header line first; lists separated by ;): principles name, summary, description, anchor1–anchor4; questions text, principles (names), probes, tags, hypothetical_reason; team name, email, title, team, manager_email (in the workspace or on an earlier line), capabilities; candidates name, email, phone, source, links, notes. JSON (principles and questions only): a list of objects shaped like principles.create, or like questions.create with principles (names) in place of principleIds.",
  ),
  'transfer.import': returns<ImportResult>().write(
    ImportInput,
    'Import a file through the same checks as typing each row: all-or-nothing refuses the file if any row has an error; valid-only imports the new valid rows; duplicates are never created.',
  ),
  'transfer.exportWorkspace': returns<{ fileName: string; json: string }>().write(
    Empty,
    'The whole workspace as one versioned JSON document: every row of every table, as stored. It holds every feedback, so only admins and founders may export it, and each export is logged.',
  ),
  'transfer.importWorkspace': returns<WorkspaceImportResult>().write(
    WorkspaceImportInput,
    'Load a whole-workspace export into an empty workspace (CONFLICT otherwise); an older export is upgraded by the migrations, a newer one refused.',
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
