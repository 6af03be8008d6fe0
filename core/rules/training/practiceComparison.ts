/**
 * Calibration practice (SPEC §11, issue 13 item 4): a trainee rates a practice write-up blind, then sees
 * how their ratings and vote compare with the write-up's author, the rest of the panel and the decision.
 * Pure, so the API computes it once and the renderer can explain it with the same words.
 */

import type { Rating, Vote } from '../feedbackTypes';

export type Side = 'hire' | 'no_hire';

/** Which way a vote leans: the scale has no neutral, so every vote is on one side. */
export const sideOf = (vote: Vote): Side => (vote === 'strong_hire' || vote === 'inclined' ? 'hire' : 'no_hire');

export interface PracticeRatings {
  ratings: { principleId: string; rating: Rating }[];
  vote: Vote;
}

/** What the practice item keeps hidden until the trainee has submitted. */
export interface PracticeAnswers {
  /** The write-up's own author (an interviewer of the loop, or the bar raiser who wrote it). */
  writer: { ratings: { principleId: string; rating: Rating | null }[]; vote: Vote };
  /** The loop's other counted feedback, anonymous; empty for a written practice. */
  panel: { ratings: { principleId: string; rating: Rating | null }[]; vote: Vote }[];
  /** The loop's decision; null for a written practice. */
  decision: Side | null;
}

export interface PrincipleComparison {
  principleId: string;
  mine: Rating;
  writer: Rating | null;
  /** The other panel members' ratings of the same principle, where they rated it. */
  panel: Rating[];
  /** Mine minus the writer's: positive is more generous; null when the writer did not rate it. */
  gap: number | null;
}

export interface PracticeComparison {
  principles: PrincipleComparison[];
  vote: { mine: Vote; writer: Vote; panel: Vote[]; sameSideAsWriter: boolean; sameSideAsDecision: boolean | null };
  decision: Side | null;
  /** Principles the writer rated where mine is within one point of theirs, and how many the writer rated. */
  withinOne: number;
  comparable: number;
}

export function comparePractice(mine: PracticeRatings, answers: PracticeAnswers): PracticeComparison {
  const principles = mine.ratings.map(({ principleId, rating }): PrincipleComparison => {
    const writer = answers.writer.ratings.find((r) => r.principleId === principleId)?.rating ?? null;
    const panel = answers.panel.flatMap((p) => p.ratings.filter((r) => r.principleId === principleId && r.rating !== null).map((r) => r.rating as Rating));
    return { principleId, mine: rating, writer, panel, gap: writer === null ? null : rating - writer };
  });
  const comparable = principles.filter((p) => p.gap !== null);
  return {
    principles,
    vote: {
      mine: mine.vote,
      writer: answers.writer.vote,
      panel: answers.panel.map((p) => p.vote),
      sameSideAsWriter: sideOf(mine.vote) === sideOf(answers.writer.vote),
      sameSideAsDecision: answers.decision === null ? null : sideOf(mine.vote) === answers.decision,
    },
    decision: answers.decision,
    withinOne: comparable.filter((p) => Math.abs(p.gap ?? 0) <= 1).length,
    comparable: comparable.length,
  };
}
