import type { Debrief, FeedbackRecord } from '../api/contract/feedback';
import { LOOP_STATUS_LABELS, type Loop } from '../api/contract/loops';
import { RATING_LABELS } from '../api/contract/principles';
import { DECISION_LABELS, RAISE_BAR_LABELS, RECYCLE_LABELS, VERDICT_LABELS, VOTE_LABELS, type Rating } from '../rules/feedbackTypes';
import { calendarDay, utcDateTime } from '../rules/utcDates';
import { documentMarkdown, documentPdf, type Block } from './packetDocument';

export interface PacketInput {
  loop: Loop;
  candidateName: string;
  roleTitle: string;
  nameOf(memberId: string | null): string;
  principleName(principleId: string): string;
  debrief: Debrief;
  /** Superseded versions, shown under the feedback they were amended into. */
  history: FeedbackRecord[];
}

const EVIDENCE_PARTS = [
  ['situation', 'Situation'],
  ['task', 'Task'],
  ['action', 'Action'],
  ['result', 'Result'],
] as const;

/** A rating in words, the same in the matrix and under each feedback. */
export function ratingWords(rating: Rating | null, notAssessed: boolean): string {
  if (notAssessed) return 'Not assessed';
  return rating ? `${rating} — ${RATING_LABELS[rating]}` : 'Not rated';
}

function feedbackBlocks(f: FeedbackRecord, p: PacketInput, earlier: boolean): Block[] {
  const who = p.nameOf(f.authorId);
  const blocks: Block[] = [
    { kind: 'heading', level: earlier ? 4 : 3, text: earlier ? `Earlier version by ${who} — version ${f.version}` : `${who} — version ${f.version}` },
  ];
  if (f.amendmentReason) blocks.push({ kind: 'text', label: 'Amended because', text: f.amendmentReason });
  blocks.push(
    {
      kind: 'line',
      spans: [
        { text: 'Vote:' },
        { text: f.vote ? VOTE_LABELS[f.vote] : 'No vote', strong: true },
        { text: '· Raises the bar:' },
        { text: f.raiseBar ? RAISE_BAR_LABELS[f.raiseBar] : 'Not answered', strong: true },
        { text: `· Submitted ${f.submittedAt ? utcDateTime(f.submittedAt) : 'not yet'}` },
      ],
    },
    { kind: 'text', label: 'Top reason to hire', text: f.reasonToHire },
    { kind: 'text', label: 'Top reason not to hire', text: f.reasonNotToHire },
  );
  for (const r of f.ratings) {
    blocks.push({ kind: 'line', spans: [{ text: `${p.principleName(r.principleId)}:`, strong: true }, { text: ratingWords(r.rating, r.notAssessed) }] });
    if (r.notAssessed) blocks.push({ kind: 'text', label: 'Not assessed because', text: r.notAssessedReason });
    for (const [part, label] of EVIDENCE_PARTS) {
      if (r.evidence[part]) blocks.push({ kind: 'text', label, text: r.evidence[part] });
    }
  }
  if (f.questionsAsked.length) {
    blocks.push({ kind: 'line', spans: [{ text: 'Questions asked', strong: true }] }, { kind: 'list', items: f.questionsAsked.map((q) => q.text) });
  }
  return blocks;
}

function debriefBlocks(p: PacketInput): Block[] {
  const { debrief } = p;
  const authors = debrief.interviewers.map((i) => i.memberId);
  const blocks: Block[] = [
    { kind: 'heading', level: 2, text: 'Debrief' },
    { kind: 'line', spans: [{ text: 'Ratings', strong: true }] },
    {
      kind: 'table',
      header: ['Principle', ...authors.map((id) => p.nameOf(id))],
      rows: debrief.matrix.map((row) => [
        `${row.name}${row.focus ? ' (focus)' : ''}`,
        ...authors.map((id) => {
          const c = row.cells.find((x) => x.authorId === id);
          return c ? ratingWords(c.rating, c.notAssessed) : 'Not rated';
        }),
      ]),
    },
    { kind: 'line', spans: [{ text: 'Votes', strong: true }] },
    {
      kind: 'table',
      header: ['Interviewer', 'Vote', 'Vote now', 'Raises the bar'],
      rows: debrief.interviewers.map((i) => [
        i.name,
        i.vote ? VOTE_LABELS[i.vote] : 'No vote',
        i.currentVote ? VOTE_LABELS[i.currentVote] : 'No vote',
        i.raiseBar ? RAISE_BAR_LABELS[i.raiseBar] : 'Not answered',
      ]),
    },
  ];
  if (debrief.flags.length) {
    const about = (f: Debrief['flags'][number]) =>
      f.principleId ? `${p.principleName(f.principleId)}: ` : f.authorId ? `${p.nameOf(f.authorId)}: ` : '';
    blocks.push({ kind: 'line', spans: [{ text: 'Flags', strong: true }] }, { kind: 'list', items: debrief.flags.map((f) => `${about(f)}${f.message}`) });
  }
  if (debrief.revotes.length) {
    blocks.push(
      { kind: 'line', spans: [{ text: 'Re-votes', strong: true }] },
      {
        kind: 'list',
        items: debrief.revotes.map((r) => `${p.nameOf(r.authorId)}: ${VOTE_LABELS[r.fromVote]} → ${VOTE_LABELS[r.toVote]} on ${utcDateTime(r.at)} (${r.note})`),
      },
    );
  }
  blocks.push({ kind: 'text', label: 'Discussion notes', text: debrief.notes });
  return blocks;
}

function decisionBlocks(p: PacketInput): Block[] {
  const d = p.debrief.decision;
  const blocks: Block[] = [{ kind: 'heading', level: 2, text: 'Decision' }];
  if (!d) return [...blocks, { kind: 'line', spans: [{ text: 'No decision yet.' }] }];
  blocks.push(
    {
      kind: 'line',
      spans: [
        { text: `Hiring manager (${p.nameOf(d.hiringManagerId)}):` },
        { text: DECISION_LABELS[d.decision], strong: true },
        { text: `· ${utcDateTime(d.decidedAt)}` },
      ],
    },
    { kind: 'text', label: 'Rationale', text: d.rationale },
  );
  if (d.feedbackIds) {
    blocks.push({ kind: 'line', spans: [{ text: `Made on ${d.feedbackIds.length} submitted interview feedback${d.feedbackIds.length === 1 ? '' : 's'}.` }] });
  }
  for (const late of p.debrief.lateFeedback) blocks.push({ kind: 'line', spans: [{ text: late.text }] });
  if (d.verdict) {
    blocks.push({
      kind: 'line',
      spans: [
        { text: `Bar raiser (${p.nameOf(d.barRaiserId)}):` },
        { text: VERDICT_LABELS[d.verdict], strong: true },
        ...(d.verdictAt ? [{ text: `· ${utcDateTime(d.verdictAt)}` }] : []),
      ],
    });
    if (d.verdictRationale) blocks.push({ kind: 'text', label: 'Bar raiser’s rationale', text: d.verdictRationale });
    if (d.citedPrincipleIds.length) {
      blocks.push({ kind: 'line', spans: [{ text: `Evidence cited: ${d.citedPrincipleIds.map((id) => p.principleName(id)).join(', ')}` }] });
    }
  } else blocks.push({ kind: 'line', spans: [{ text: 'Bar raiser: no verdict yet.' }] });
  const recycle = d.recycle ? ` (${RECYCLE_LABELS[d.recycle]}${d.cooldownUntil ? ` until ${calendarDay(d.cooldownUntil)}` : ''})` : '';
  blocks.push({
    kind: 'line',
    spans: [{ text: 'Outcome:' }, { text: d.outcome === 'pending' ? 'Pending' : DECISION_LABELS[d.outcome], strong: true }, ...(recycle ? [{ text: recycle.trim() }] : [])],
  });
  return blocks;
}

/** The whole loop on paper, as structure: the plan, every feedback with its amendments, the debrief and the decision. */
export function loopPacketBlocks(p: PacketInput): Block[] {
  const { loop, debrief } = p;
  const blocks: Block[] = [
    { kind: 'heading', level: 1, text: `Loop packet: ${p.candidateName} — ${p.roleTitle}` },
    {
      kind: 'line',
      spans: [
        { text: 'Status:' },
        { text: LOOP_STATUS_LABELS[loop.status], strong: true },
        { text: `· Hiring manager: ${p.nameOf(loop.hiringManagerId)} · Bar raiser: ${p.nameOf(loop.barRaiserId)}` },
      ],
    },
  ];
  if (loop.shadowIds.length) blocks.push({ kind: 'line', spans: [{ text: `Shadows: ${loop.shadowIds.map((id) => p.nameOf(id)).join(', ')}` }] });
  blocks.push(
    { kind: 'heading', level: 2, text: 'Plan' },
    {
      kind: 'table',
      header: ['#', 'Interview', 'Length', 'Starts', 'Interviewer', 'Principles'],
      rows: loop.slots.map((s, i) => [
        String(i + 1),
        s.title,
        `${s.durationMinutes} min`,
        s.startsAt ? utcDateTime(s.startsAt) : 'Not scheduled',
        p.nameOf(s.interviewerId),
        s.principleIds.map((id) => p.principleName(id)).join(', '),
      ]),
    },
    { kind: 'heading', level: 2, text: 'Feedback' },
  );
  if (!debrief.feedback.length) blocks.push({ kind: 'line', spans: [{ text: 'No feedback submitted.' }] });
  for (const f of debrief.feedback) {
    blocks.push(...feedbackBlocks(f, p, false));
    for (const old of p.history.filter((h) => h.authorId === f.authorId).sort((a, b) => b.version - a.version)) {
      blocks.push(...feedbackBlocks(old, p, true));
    }
  }
  return [...blocks, ...debriefBlocks(p), ...decisionBlocks(p)];
}

export const loopPacketMarkdown = (p: PacketInput): string => documentMarkdown(loopPacketBlocks(p));

export const loopPacketPdf = (p: PacketInput, title: string): Buffer => documentPdf(loopPacketBlocks(p), title);
