import {
  DEFAULT_FEEDBACK_DUE_HOURS,
  DEFAULT_FOUNDER_RULE_THRESHOLD,
  type Settings,
} from '../../core/api/contract/settings';
import type { ReadableDB } from '../handles';
import { countHiredCandidates } from './candidates';
import { getSetting } from './settings';

export const SETTING_KEYS = {
  companyName: 'company.name',
  me: 'me',
  founderRuleThreshold: 'founderRule.threshold',
  feedbackDueHours: 'feedback.dueHours',
  priorHires: 'hires.prior',
} as const;

const numberSetting = (db: ReadableDB, key: string, fallback: number) => {
  const raw = getSetting(db, key);
  return raw === null ? fallback : Number(raw);
};

export function readSettings(db: ReadableDB): Settings {
  const priorHires = numberSetting(db, SETTING_KEYS.priorHires, 0);
  return {
    companyName: getSetting(db, SETTING_KEYS.companyName) ?? '',
    me: getSetting(db, SETTING_KEYS.me),
    founderRuleThreshold: numberSetting(db, SETTING_KEYS.founderRuleThreshold, DEFAULT_FOUNDER_RULE_THRESHOLD),
    feedbackDueHours: numberSetting(db, SETTING_KEYS.feedbackDueHours, DEFAULT_FEEDBACK_DUE_HOURS),
    priorHires,
    hiresMade: priorHires + countHiredCandidates(db),
  };
}
