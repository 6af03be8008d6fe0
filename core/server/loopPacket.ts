import PDFDocument from 'pdfkit';
import { pdfBytes } from './pdfBytes';
import type { Debrief, FeedbackRecord } from '../api/contract/feedback';
import type { Loop } from '../api/contract/loops';
import { RATING_LABELS } from '../api/contract/principles';
import { VOTE_LABELS } from '../rules/feedbackTypes';

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

function feedbackMarkdown(f: FeedbackRecord, p: PacketInput, heading: string): string[] {
  const lines = [
    `${heading} ${p.nameOf(f.authorId)} — version ${f.version}${f.amendmentReason ? ` (amended: ${f.amendmentReason})` : ''}`,
    '',
    `Vote: **${f.vote ? VOTE_LABELS[f.vote] : 'none'}** · Raises the bar: ${f.raiseBar ?? 'not answered'} · Submitted ${f.submittedAt ?? 'not yet'}`,
    '',
    `- Top reason to hire: ${f.reasonToHire || '—'}`,
    `- Top reason not to hire: ${f.reasonNotToHire || '—'}`,
    '',
  ];
  for (const r of f.ratings) {
    const rating = r.notAssessed ? `not assessed (${r.notAssessedReason})` : r.rating ? `${r.rating} — ${RATING_LABELS[r.rating]}` : 'unrated';
    lines.push(`**${p.principleName(r.principleId)}**: ${rating}`, '');
    for (const part of ['situation', 'task', 'action', 'result'] as const) {
      if (r.evidence[part]) lines.push(`- ${part[0]?.toUpperCase()}${part.slice(1)}: ${r.evidence[part]}`);
    }
    lines.push('');
  }
  if (f.questionsAsked.length) lines.push('Questions asked:', ...f.questionsAsked.map((q) => `- ${q.text}`), '');
  return lines;
}

/** The whole loop on paper: the plan, every feedback with its amendments, the debrief and the decision. */
export function loopPacketMarkdown(p: PacketInput): string {
  const { loop, debrief } = p;
  const lines = [
    `# Loop packet: ${p.candidateName} — ${p.roleTitle}`,
    '',
    `Status: ${loop.status} · Hiring manager: ${p.nameOf(loop.hiringManagerId)} · Bar raiser: ${p.nameOf(loop.barRaiserId)}`,
    loop.shadowIds.length ? `Shadows: ${loop.shadowIds.map((id) => p.nameOf(id)).join(', ')}` : '',
    '',
    '## Plan',
    '',
    ...loop.slots.map(
      (s, i) =>
        `${i + 1}. ${s.title} (${s.durationMinutes} min) — ${p.nameOf(s.interviewerId)}; principles: ${s.principleIds.map((id) => p.principleName(id)).join(', ')}`,
    ),
    '',
    '## Feedback',
    '',
  ];
  for (const f of debrief.feedback) {
    lines.push(...feedbackMarkdown(f, p, '###'));
    for (const old of p.history.filter((h) => h.authorId === f.authorId).sort((a, b) => b.version - a.version)) {
      lines.push(...feedbackMarkdown(old, p, '#### Earlier version by'));
    }
  }
  lines.push('## Debrief', '');
  if (debrief.flags.length) lines.push('Flags:', ...debrief.flags.map((f) => `- ${f.message}`), '');
  if (debrief.revotes.length) {
    lines.push(
      'Re-votes:',
      ...debrief.revotes.map((r) => `- ${p.nameOf(r.authorId)}: ${VOTE_LABELS[r.fromVote]} → ${VOTE_LABELS[r.toVote]} (${r.note})`),
      '',
    );
  }
  lines.push('Discussion notes:', '', debrief.notes || '—', '', '## Decision', '');
  const d = debrief.decision;
  if (!d) lines.push('No decision yet.');
  else {
    lines.push(
      `Hiring manager (${p.nameOf(d.hiringManagerId)}): **${d.decision === 'hire' ? 'Hire' : 'No hire'}** — ${d.rationale}`,
      '',
      d.verdict
        ? `Bar raiser (${p.nameOf(d.barRaiserId)}): **${d.verdict === 'veto' ? 'Veto' : 'Concur'}**${d.verdictRationale ? ` — ${d.verdictRationale}` : ''}`
        : 'Bar raiser: no verdict yet.',
      '',
      `Outcome: **${d.outcome === 'pending' ? 'pending' : d.outcome === 'hire' ? 'Hire' : 'No hire'}**${d.recycle ? ` (${d.recycle.replace('_', ' ')}${d.cooldownUntil ? ` until ${d.cooldownUntil}` : ''})` : ''}`,
    );
  }
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n')}\n`;
}

/** The packet as a PDF: the Markdown's text with headings set in bold. */
export function loopPacketPdf(markdown: string, title: string): Buffer {
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: title, Creator: 'Principled' } });
  for (const line of markdown.split('\n')) {
    const heading = /^(#+)\s+(.*)$/.exec(line);
    if (heading) {
      const level = heading[1]?.length ?? 1;
      doc.moveDown(0.5).font('Helvetica-Bold').fontSize(level === 1 ? 18 : level === 2 ? 14 : 11).text(heading[2] ?? '');
    } else doc.font('Helvetica').fontSize(10).text(line.replace(/\*\*/g, ''));
  }
  return pdfBytes(doc);
}
