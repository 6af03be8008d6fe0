import type { AlphaFigure, Calibration, CorrelationFigure } from '../api/contract/science';
import { ALPHA_READING, interval, LENIENCY_LABEL, two } from '../rules/science/figureFormat';
import { plainText } from './markdownText';
import { newPdfDocument, pdfBytes } from './pdfBytes';

// The calibration report (science.calibration) as a PDF: what the Calibration screen shows, in the same
// words and numbers (core/rules/science/figureFormat), as tables with a bar-and-whisker drawing beside
// each alpha and leniency table. No logo or branding: it is a working document, and the words about a
// small sample ("too few to judge", "not enough data yet") are the screen's, so print never brands anyone
// the screen would not. pdfkit's built-in fonts keep it offline and the same in both hosts.

const MARGIN = 48;
const INK = '#000000';
const MUTED = '#555555';
const RULE = '#bbbbbb';
const BAR = '#8fb3d9';
const WHISKER = '#1f3f66';

// The built-in fonts are WinAnsi: Latin-1 and a few typographic marks. The report's Greek letters and
// minus sign are written out; anything else outside it (a name in another script) would draw as garbage
// and is shown as "?" instead.
const SPELLED: Record<string, string> = { '\u2212': '-', α: 'alpha', ρ: 'rho', σ: 'sigma', τ: 'tau' };
const WIN_ANSI_EXTRA = new Set('ƒ–—‘’‚“”„†‡•…€‰‹›ˆ™ŒœŠšŸŽž˜'.split(''));
const pdfText = (text: string) =>
  [...plainText(text)].map((ch) => SPELLED[ch] ?? (ch.charCodeAt(0) < 256 || WIN_ANSI_EXTRA.has(ch) ? ch : '?')).join('');

interface Column {
  head: string;
  /** Share of the line's width. */
  width: number;
}

class ReportWriter {
  readonly doc = newPdfDocument({ size: 'A4', margin: MARGIN, info: { Title: 'Calibration report', Creator: 'Principled' } });
  readonly left = MARGIN;
  readonly width = this.doc.page.width - 2 * MARGIN;

  private room(height: number): void {
    if (this.doc.y + height > this.doc.page.height - MARGIN) this.doc.addPage();
  }

  heading(text: string, size = 14): void {
    this.room(size * 4);
    this.doc.moveDown(0.6).fillColor(INK).font('Helvetica-Bold').fontSize(size).text(pdfText(text), this.left, this.doc.y, { width: this.width });
    this.doc.moveDown(0.25);
  }

  paragraph(text: string, options: { muted?: boolean; size?: number } = {}): void {
    this.doc
      .fillColor(options.muted ? MUTED : INK)
      .font('Helvetica')
      .fontSize(options.size ?? 10)
      .text(pdfText(text), this.left, this.doc.y, { width: this.width });
    this.doc.moveDown(0.3).fillColor(INK);
  }

  list(items: readonly string[]): void {
    this.doc.font('Helvetica').fontSize(9).fillColor(INK);
    for (const item of items) {
      this.room(14);
      this.doc.text(`•  ${pdfText(item)}`, this.left + 6, this.doc.y, { width: this.width - 6 });
    }
    this.doc.moveDown(0.3);
  }

  table(caption: string, columns: readonly Column[], rows: readonly (string | number)[][]): void {
    const doc = this.doc;
    const total = columns.reduce((a, c) => a + c.width, 0);
    const widths = columns.map((c) => (c.width / total) * this.width);
    const line = (cells: readonly string[], bold: boolean) => {
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8.5);
      const height = Math.max(...cells.map((text, i) => doc.heightOfString(text || '—', { width: widths[i]! - 6 })));
      this.room(height + 6);
      const top = doc.y;
      let x = this.left;
      cells.forEach((text, i) => {
        doc.text(text || '—', x, top, { width: widths[i]! - 6 });
        x += widths[i]!;
      });
      doc.y = top + height + 3;
      doc.moveTo(this.left, doc.y - 1.5).lineTo(this.left + this.width, doc.y - 1.5).lineWidth(0.4).strokeColor(RULE).stroke();
    };
    this.room(40);
    doc.font('Helvetica-Bold').fontSize(10).fillColor(INK).text(pdfText(caption), this.left, doc.y, { width: this.width });
    doc.moveDown(0.2);
    line(columns.map((c) => pdfText(c.head)), true);
    for (const row of rows) line(row.map((c) => pdfText(String(c))), false);
    doc.x = this.left;
    doc.moveDown(0.5);
  }

  /**
   * Horizontal bars from zero with 95% whiskers, one row each, as on the screen; a row without a figure
   * gets its reason in words instead of a bar.
   */
  whiskers(rows: readonly { label: string; value: number | null; low: number | null; high: number | null; missing: string }[], domain: [number, number]): void {
    if (rows.length === 0) return;
    const doc = this.doc;
    const ROW = 14;
    const labelWidth = 150;
    const plotLeft = this.left + labelWidth + 8;
    const plotWidth = this.width - labelWidth - 16;
    const [min, max] = domain[1] > domain[0] ? domain : [domain[0], domain[0] + 1];
    const xOf = (v: number) => plotLeft + ((Math.min(max, Math.max(min, v)) - min) / (max - min)) * plotWidth;
    const height = rows.length * ROW + 16;
    this.room(height + 8);
    const top = doc.y + 2;
    doc.lineWidth(0.5).strokeColor(RULE);
    doc.moveTo(xOf(0), top).lineTo(xOf(0), top + rows.length * ROW).stroke();
    rows.forEach((r, i) => {
      const y = top + i * ROW;
      doc.font('Helvetica').fontSize(8).fillColor(INK).text(pdfText(r.label), this.left, y + 3, { width: labelWidth, height: ROW, ellipsis: true, lineBreak: false });
      if (r.value === null) {
        doc.fillColor(MUTED).text(pdfText(r.missing), plotLeft + 4, y + 3, { width: plotWidth, lineBreak: false });
        return;
      }
      const from = xOf(Math.min(0, r.value));
      doc.rect(from, y + 3, Math.max(0.5, xOf(Math.max(0, r.value)) - from), ROW - 6).fillColor(BAR).fill();
      if (r.low !== null && r.high !== null) {
        const mid = y + ROW / 2;
        doc.lineWidth(0.9).strokeColor(WHISKER);
        doc.moveTo(xOf(r.low), mid).lineTo(xOf(r.high), mid).stroke();
        for (const end of [r.low, r.high]) doc.moveTo(xOf(end), mid - 3).lineTo(xOf(end), mid + 3).stroke();
      }
    });
    const axis = top + rows.length * ROW + 2;
    doc.lineWidth(0.5).strokeColor(RULE).moveTo(plotLeft, axis).lineTo(plotLeft + plotWidth, axis).stroke();
    doc.font('Helvetica').fontSize(7).fillColor(MUTED);
    for (const tick of new Set([min, 0, max])) doc.text(pdfText(tick.toFixed(1)), xOf(tick) - 15, axis + 2, { width: 30, align: 'center', lineBreak: false });
    doc.fillColor(INK);
    doc.x = this.left;
    doc.y = axis + 14;
  }
}

const ALPHA_COLUMNS = (first: string): Column[] => [
  { head: first, width: 3 },
  { head: 'Alpha', width: 1 },
  { head: '95% interval', width: 1.8 },
  { head: 'Pairable ratings', width: 1.3 },
  { head: 'Candidates', width: 1.2 },
  { head: 'Reading', width: 1.8 },
];

function alphaSection<T extends AlphaFigure>(w: ReportWriter, title: string, first: string, figures: readonly T[], label: (f: T) => string): void {
  if (figures.length === 0) return;
  w.heading(title, 12);
  const readable = (f: AlphaFigure) => f.reading !== 'not-enough-data' && f.alpha !== null;
  const low = Math.min(0, ...figures.map((f) => f.low ?? f.alpha ?? 0));
  w.whiskers(
    figures.map((f) => ({
      label: label(f),
      value: readable(f) ? f.alpha : null,
      low: readable(f) ? f.low : null,
      high: readable(f) ? f.high : null,
      missing: ALPHA_READING[f.reading],
    })),
    [Math.floor(low * 10) / 10, 1],
  );
  w.table(
    `${title}: table`,
    ALPHA_COLUMNS(first),
    figures.map((f) => [label(f), f.reading === 'not-enough-data' ? '—' : two(f.alpha), interval(f.low, f.high), f.pairable, f.units, ALPHA_READING[f.reading]]),
  );
  w.list(figures.map((f) => f.words));
}

function correlationTable(w: ReportWriter, title: string, first: string, rows: readonly { label: string; figure: CorrelationFigure }[]): void {
  if (rows.length === 0) return;
  w.table(
    title,
    [
      { head: first, width: 2.6 },
      { head: 'Rank correlation', width: 1.1 },
      { head: '95% interval', width: 1.5 },
      { head: 'Pairs', width: 0.7 },
      { head: 'In words', width: 4 },
    ],
    rows.map(({ label, figure: f }) => [label, f.status === 'ok' ? two(f.rho) : '—', f.status === 'ok' ? interval(f.low, f.high) : '—', f.n, f.words]),
  );
}

/** The report as a PDF; `at` is the moment it is printed for, shown on the first page. */
export function renderCalibrationPdf(r: Calibration, at: Date): Buffer {
  const w = new ReportWriter();
  w.doc.font('Helvetica-Bold').fontSize(18).text('Calibration report');
  w.paragraph(`Printed ${at.toISOString().slice(0, 10)}. ${r.basis} ${r.loops.toLocaleString('en')} loops, ${r.ratings.toLocaleString('en')} ratings.`, { muted: true, size: 9 });

  w.heading('Do interviewers agree?');
  w.paragraph(r.overall.words);
  if (r.principles.length === 0) w.paragraph('No decided loops with ratings yet.', { muted: true });
  else {
    alphaSection(w, "Agreement per principle (Krippendorff's alpha)", 'Principle', r.principles, (p) => p.name);
    alphaSection(w, 'Agreement per role', 'Role', r.roles, (p) => p.title);
    alphaSection(w, 'Agreement over time (quarter of the loop)', 'Quarter', r.quarters, (p) => p.quarter);
  }

  w.heading('Interviewer calibration');
  if (r.interviewers.length === 0) w.paragraph('No interviewer has feedback in a decided loop yet.', { muted: true });
  else {
    w.paragraph(
      'Leniency is the rating points above (or below) co-panelists on the same candidates and principles, pulled toward zero when there are few ratings to go on. It describes how someone rates, not whether they judge well.',
      { muted: true, size: 9 },
    );
    // Only people with enough ratings to judge are drawn, as on the screen.
    const judged = r.interviewers.filter((i) => i.leniency && i.leniency.label !== 'too-few');
    if (judged.length > 0) {
      const spread = Math.max(1, ...judged.map((i) => Math.max(Math.abs(i.leniency!.low), Math.abs(i.leniency!.high))));
      const edge = Math.ceil(spread * 2) / 2;
      w.heading('Leniency against co-panelists (rating points)', 12);
      w.whiskers(
        judged.map((i) => ({ label: i.name, value: i.leniency!.shrunk, low: i.leniency!.low, high: i.leniency!.high, missing: '' })),
        [-edge, edge],
      );
    }
    w.table(
      'Interviewers',
      [
        { head: 'Interviewer', width: 1.6 },
        { head: 'Leniency', width: 3 },
        { head: 'Sided with the decision', width: 2 },
        { head: 'Changed at re-vote', width: 2 },
        { head: 'Time to submit', width: 2 },
      ],
      r.interviewers.map((i) => {
        const label = LENIENCY_LABEL[i.leniency?.label ?? 'too-few'];
        const figure = i.leniency && i.leniency.label !== 'too-few' ? ` (${two(i.leniency.shrunk)})` : '';
        return [i.name, `${label}${figure}. ${i.words.leniency}`, i.words.decisions, i.words.revotes, i.words.timeToSubmit];
      }),
    );
  }

  const p = r.predicts;
  w.heading('What predicts');
  w.paragraph(`${p.basis} ${p.hires === 1 ? '1 hire has' : `${p.hires.toLocaleString('en')} hires have`} a check-in so far; a figure needs ${p.minimum} pairs.`, {
    muted: true,
    size: 9,
  });
  if (p.hires === 0) w.paragraph('Not enough data yet: no hire has a check-in recorded.');
  else {
    correlationTable(w, 'Per principle', 'Principle', p.principles.map((x) => ({ label: x.name, figure: x })));
    correlationTable(w, 'Per question', 'Question', p.questions.map((x) => ({ label: x.text, figure: x })));
    correlationTable(w, 'Per interviewer', 'Interviewer', p.interviewers.map((x) => ({ label: x.name, figure: x })));
  }

  w.heading('Flagged questions');
  if (r.questionFlags.length === 0) w.paragraph('No question is flagged: none gets the same rating from nearly everyone, none is asked far more than the rest.', { muted: true });
  else w.list(r.questionFlags.map((f) => `${f.flag === 'over-used' ? 'Over-used' : 'Does not discriminate'}: “${f.text}” (${f.principleName}): ${f.words}`));

  return pdfBytes(w.doc);
}
