import type { LateFeedback } from '../api/contract/feedback';

export interface FeedbackVersion {
  id: string;
  authorId: string;
  version: number;
}

/**
 * Which current feedback a decision did not use: submitted after it (on this device, or on another device
 * before the two had met) or amended after it. The decision stays as it was made; these are shown beside it
 * in words. `used` is every version the decision recorded, `current` the loop's current interview feedback.
 * A decision made before versions were recorded (`used` null) flags nothing: we do not know what it used.
 */
export function lateFeedback(
  used: readonly string[] | null,
  current: readonly FeedbackVersion[],
  usedVersions: readonly FeedbackVersion[],
  nameOf: (memberId: string) => string,
): LateFeedback[] {
  if (used === null) return [];
  const usedIds = new Set(used);
  return current
    .filter((f) => !usedIds.has(f.id))
    .map((f) => {
      const earlier = usedVersions.find((u) => u.authorId === f.authorId && usedIds.has(u.id));
      const name = nameOf(f.authorId);
      const text = earlier
        ? `${name}'s feedback was amended after the decision (version ${f.version}); the decision used version ${earlier.version}.`
        : `${name}'s feedback arrived after the decision and was not part of it.`;
      return { feedbackId: f.id, authorId: f.authorId, version: f.version, usedVersion: earlier?.version ?? null, text };
    });
}
