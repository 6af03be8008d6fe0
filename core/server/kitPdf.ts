import { newPdfDocument, pdfBytes } from './pdfBytes';
import type { Kit } from '../api/contract/loops';
import { RATING_LABELS, RATING_LEVELS } from '../api/contract/principles';

/** An interview kit as a PDF, made in-process with pdfkit's built-in fonts so it works offline and in both hosts. */
export function renderKitPdf(kit: Kit): Buffer {
  const doc = newPdfDocument({ size: 'A4', margin: 56, info: { Title: `Interview kit: ${kit.slotTitle}`, Creator: 'Principled' } });
  doc.font('Helvetica-Bold').fontSize(18).text(kit.slotTitle);
  doc.moveDown(0.3).font('Helvetica').fontSize(10).fillColor('#444');
  doc.text(`Candidate: ${kit.candidateName}   ·   Role: ${kit.roleTitle}`);
  doc.text(
    `Interviewer: ${kit.interviewerName ?? 'not assigned'}   ·   ${kit.durationMinutes} minutes` +
      (kit.startsAt ? `   ·   ${new Date(kit.startsAt).toUTCString()}` : ''),
  );
  doc.moveDown(0.5).text('Ask for real past behaviour: "Tell me about a time…". Take notes on what they did, not on impressions.');
  for (const p of kit.principles) {
    doc.moveDown(1).fillColor('#000').font('Helvetica-Bold').fontSize(14).text(p.name);
    if (p.summary) doc.font('Helvetica-Oblique').fontSize(10).text(p.summary);
    const anchors = RATING_LEVELS.map((level, i) => ({ level, text: p.anchors[i] ?? '' })).filter((a) => a.text);
    if (anchors.length) {
      doc.moveDown(0.4).font('Helvetica-Bold').fontSize(10).text('Rating anchors');
      for (const a of anchors) doc.font('Helvetica').text(`${a.level} — ${RATING_LABELS[a.level]}: ${a.text}`, { indent: 10 });
    }
    doc.moveDown(0.4).font('Helvetica-Bold').fontSize(10).text('Questions');
    if (p.questions.length === 0) doc.font('Helvetica').text('No question available: add behavioural questions for this principle.', { indent: 10 });
    p.questions.forEach((q, i) => {
      doc.font('Helvetica').fontSize(11).text(`${i + 1}. ${q.text}`, { indent: 10 });
      for (const probe of q.probes) doc.fontSize(10).fillColor('#444').text(`– ${probe}`, { indent: 28 });
      doc.fillColor('#000');
    });
  }
  return pdfBytes(doc);
}
