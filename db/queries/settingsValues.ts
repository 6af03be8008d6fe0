import {
  DEFAULT_FEEDBACK_DUE_HOURS,
  DEFAULT_FOUNDER_RULE_THRESHOLD,
  DEFAULT_SNAPSHOT_EVERY,
  type Settings,
} from '../../core/api/contract/settings';
import { DEFAULT_LOCK_AFTER_MINUTES } from '../../core/api/contract/lockTimes';
import { DEFAULT_EDITORS, EDITABLE_AREAS, type EditorSettings } from '../../core/rules/access';
import { CAPABILITIES, type Capability } from '../../core/rules/planTypes';
import { DEFAULT_TRAINING_SETTINGS, TRAINING_SETTING_KEYS, type TrainingSettings } from '../../core/rules/training/paths';
import type { ReadableDB } from '../handles';
import { countHiredCandidates } from './candidates';
import { getSetting } from './settings';

export const SETTING_KEYS = {
  companyName: 'company.name',
  me: 'me',
  founderRuleThreshold: 'founderRule.threshold',
  feedbackDueHours: 'feedback.dueHours',
  priorHires: 'hires.prior',
  snapshotEvery: 'sync.snapshotEvery',
  lockAfterMinutes: 'privacy.lockAfterMinutes',
} as const;

export const trainingKey = (key: keyof TrainingSettings) => `training.${key}`;

export const editorsKey = (area: keyof EditorSettings) => `editors.${area}`;

/** Stored as a comma-separated list of capabilities; unknown names (from a newer version) are ignored. */
export function readEditors(db: ReadableDB): EditorSettings {
  const out = { ...DEFAULT_EDITORS };
  for (const area of EDITABLE_AREAS) {
    const raw = getSetting(db, editorsKey(area));
    if (raw === null) continue;
    out[area] = raw.split(',').filter((c): c is Capability => (CAPABILITIES as readonly string[]).includes(c));
  }
  return out;
}

const numberSetting = (db: ReadableDB, key: string, fallback: number) => {
  const raw = getSetting(db, key);
  return raw === null ? fallback : Number(raw);
};

/** The counts of each training step, defaults where none was set. */
export function readTrainingSettings(db: ReadableDB): TrainingSettings {
  const out = { ...DEFAULT_TRAINING_SETTINGS };
  for (const key of TRAINING_SETTING_KEYS) out[key] = numberSetting(db, trainingKey(key), DEFAULT_TRAINING_SETTINGS[key]);
  return out;
}

/** The one setting the feedback screens need, without the rest: `readSettings` also counts every hire. */
export function readFeedbackDueHours(db: ReadableDB): number {
  return feedbackDueHoursOf(getSetting(db, SETTING_KEYS.feedbackDueHours));
}

/** The due hours from the setting's stored text, read by a query of its own (the debrief's lookups). */
export const feedbackDueHoursOf = (raw: string | null): number => (raw === null ? DEFAULT_FEEDBACK_DUE_HOURS : Number(raw));

/** Team sync's files between snapshots (a shared setting: every device of the team uses the same). */
export function readSnapshotEvery(db: ReadableDB): number {
  return numberSetting(db, SETTING_KEYS.snapshotEvery, DEFAULT_SNAPSHOT_EVERY);
}

/** What the founder rule needs, without the rest of the settings. */
export function readPlanningSettings(db: ReadableDB): Pick<Settings, 'hiresMade' | 'founderRuleThreshold'> {
  return {
    hiresMade: numberSetting(db, SETTING_KEYS.priorHires, 0) + countHiredCandidates(db),
    founderRuleThreshold: numberSetting(db, SETTING_KEYS.founderRuleThreshold, DEFAULT_FOUNDER_RULE_THRESHOLD),
  };
}

export function readSettings(db: ReadableDB): Settings {
  const priorHires = numberSetting(db, SETTING_KEYS.priorHires, 0);
  return {
    companyName: getSetting(db, SETTING_KEYS.companyName) ?? '',
    me: getSetting(db, SETTING_KEYS.me),
    founderRuleThreshold: numberSetting(db, SETTING_KEYS.founderRuleThreshold, DEFAULT_FOUNDER_RULE_THRESHOLD),
    feedbackDueHours: readFeedbackDueHours(db),
    priorHires,
    hiresMade: priorHires + countHiredCandidates(db),
    editors: readEditors(db),
    training: readTrainingSettings(db),
    sync: { snapshotEvery: readSnapshotEvery(db) },
    privacy: { lockAfterMinutes: numberSetting(db, SETTING_KEYS.lockAfterMinutes, DEFAULT_LOCK_AFTER_MINUTES) },
  };
}
