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

export type MethodKind = 'read' | 'write';

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

  'activity.list': returns<ActivityEntry[]>().read(ActivityListInput, 'Recent activity, newest first, optionally for one entity.'),
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type ParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = NonNullable<Methods[M]['output']>;

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(methods, name);
}
