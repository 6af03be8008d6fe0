import type { Rating } from '../../../core/rules/feedbackTypes';

export const RATINGS: { value: Rating; label: string }[] = [
  { value: 1, label: '1 — Strong no' },
  { value: 2, label: '2 — No' },
  { value: 3, label: '3 — Yes' },
  { value: 4, label: '4 — Strong yes' },
];

export const EVIDENCE_LABELS = [
  ['situation', 'Situation'],
  ['task', 'Task'],
  ['action', 'Action'],
  ['result', 'Result'],
] as const;
