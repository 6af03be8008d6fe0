import { z } from 'zod';
import { LIMITS } from './limits';
import { LOCK_AFTER_MAX_MINUTES } from './privacy';
import { id, optionalLine } from './fields';
import { CAPABILITIES } from '../../rules/planTypes';
import type { EditorSettings } from '../../rules/access';
import { TRAINING_COUNT_MAX, TRAINING_SETTING_LABELS, type TrainingSettings } from '../../rules/training/paths';

const trainingCount = (key: keyof TrainingSettings) => {
  const label = TRAINING_SETTING_LABELS[key];
  return z
    .number({ error: `${label} must be a number` })
    .int({ error: `${label} must be a whole number` })
    .min(0, { error: `${label} cannot be negative` })
    .max(TRAINING_COUNT_MAX, { error: `${label} must be at most ${TRAINING_COUNT_MAX}` })
    .optional();
};

const editorList = (area: string) =>
  z
    .array(z.enum(CAPABILITIES, { error: `Capability must be one of ${CAPABILITIES.join(', ')}` }), {
      error: `editors.${area} must be a list of capabilities`,
    })
    .max(CAPABILITIES.length);

export const DEFAULT_FOUNDER_RULE_THRESHOLD = 50;
export const DEFAULT_FEEDBACK_DUE_HOURS = 24;
export const DEFAULT_SNAPSHOT_EVERY = 500;
export const SNAPSHOT_EVERY_MIN = 10;
export const SNAPSHOT_EVERY_MAX = 100_000;

export const SettingsUpdateInput = z.strictObject({
  companyName: optionalLine('Company name', LIMITS.companyName).optional(),
  founderRuleThreshold: z
    .number({ error: 'Founder rule threshold must be a number' })
    .int({ error: 'Founder rule threshold must be a whole number' })
    .min(0, { error: 'Founder rule threshold cannot be negative' })
    .max(100_000, { error: 'Founder rule threshold is too large' })
    .optional(),
  feedbackDueHours: z
    .number({ error: 'Feedback due time must be a number of hours' })
    .int({ error: 'Feedback due time must be whole hours' })
    .min(1, { error: 'Feedback due time must be at least 1 hour' })
    .max(24 * 14, { error: 'Feedback due time must be at most 14 days' })
    .optional(),
  priorHires: z
    .number({ error: 'Hires before Principled must be a number' })
    .int({ error: 'Hires before Principled must be a whole number' })
    .min(0, { error: 'Hires before Principled cannot be negative' })
    .max(1_000_000)
    .optional(),
  /** The counts each training step asks for (SPEC §11). */
  training: z
    .strictObject({
      interviewerShadows: trainingCount('interviewerShadows'),
      interviewerReverseShadows: trainingCount('interviewerReverseShadows'),
      barRaiserInterviews: trainingCount('barRaiserInterviews'),
      barRaiserShadows: trainingCount('barRaiserShadows'),
      barRaiserReverseShadows: trainingCount('barRaiserReverseShadows'),
    })
    .optional(),
  /** Team sync: a device writes a snapshot after this many files of its own (or applied from others), so its old batches can go. */
  sync: z
    .strictObject({
      snapshotEvery: z
        .number({ error: 'Snapshot interval must be a number of files' })
        .int({ error: 'Snapshot interval must be a whole number of files' })
        .min(SNAPSHOT_EVERY_MIN, { error: `Snapshot interval must be at least ${SNAPSHOT_EVERY_MIN} files` })
        .max(SNAPSHOT_EVERY_MAX, { error: `Snapshot interval must be at most ${SNAPSHOT_EVERY_MAX} files` })
        .optional(),
    })
    .optional(),
  /** The app lock (issue 12 item 4): minutes without activity before an encrypted workspace locks; 0 never. */
  privacy: z
    .strictObject({
      lockAfterMinutes: z
        .number({ error: 'Lock after must be a number of minutes' })
        .int({ error: 'Lock after must be whole minutes' })
        .min(0, { error: 'Lock after cannot be negative (0 is never)' })
        .max(LOCK_AFTER_MAX_MINUTES, { error: `Lock after must be at most ${LOCK_AFTER_MAX_MINUTES} minutes` })
        .optional(),
    })
    .optional(),
  /** Who may edit each area besides founders and admins. */
  editors: z
    .strictObject({ principles: editorList('principles').optional(), questions: editorList('questions').optional(), roles: editorList('roles').optional() })
    .optional(),
});

export const SetMeInput = z.strictObject({ memberId: id('memberId').nullable() });

export interface Settings {
  companyName: string;
  /** The team member using this machine, or null before anyone is chosen. */
  me: string | null;
  founderRuleThreshold: number;
  feedbackDueHours: number;
  /** Hires made before the company used Principled; counted by the founder rule. */
  priorHires: number;
  /** priorHires plus candidates hired in Principled. */
  hiresMade: number;
  /** Which capabilities may edit principles, questions and roles besides founders and admins. */
  editors: EditorSettings;
  /** The counts each training step asks for. */
  training: TrainingSettings;
  /** Team sync: files between snapshots. */
  sync: { snapshotEvery: number };
  /** Minutes without activity before an encrypted workspace locks (0 never); a plaintext one never locks. */
  privacy: { lockAfterMinutes: number };
}
