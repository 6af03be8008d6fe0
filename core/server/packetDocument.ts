import { escapeMarkdown, markdownParagraphs, plainText } from './markdownText';
import { newPdfDocument, pdfBytes } from './pdfBytes';

// A document as structure: headings, lines, tables and labelled free text. The
// packet is built as these blocks and only then written out, as Markdown or PDF,
// so the structure comes from the code and every string in it is plain text.

/** A piece of one line; `strong` sets it in bold. */
export interface Span {
  text: string;
  strong?: boolean;
}

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3 | 4; text: string }
  | { kind: 'line'; spans: Span[] }
  /** Free text that may run over several lines, after a bold label. */
  | { kind: 'text'; label: string; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; header: string[]; rows: string[][] };

const EMPTY = '—';

function spansMarkdown(spans: readonly Span[]): string {
  return spans.map((s) => (s.strong ? `**${escapeMarkdown(s.text)}**` : escapeMarkdown(s.text))).join(' ');
}

const cell = (text: string) => escapeMarkdown(text) || EMPTY;
const tableRow = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |`;

function blockMarkdown(block: Block): string[] {
  switch (block.kind) {
    case 'heading':
      return [`${'#'.repeat(block.level)} ${escapeMarkdown(block.text)}`];
    case 'line':
      return [spansMarkdown(block.spans)];
    case 'text': {
      const [first = EMPTY, ...rest] = markdownParagraphs(block.text);
      return [`**${escapeMarkdown(`${block.label}:`)}** ${first}`, ...rest];
    }
    case 'list':
      return block.items.length ? block.items.map((item) => `- ${escapeMarkdown(item) || EMPTY}`) : [EMPTY];
    case 'table':
      return [tableRow(block.header), `|${block.header.map(() => ' --- |').join('')}`, ...block.rows.map(tableRow)];
  }
}

/** The blocks as CommonMark (with GitHub's tables), one blank line between blocks. */
export function documentMarkdown(blocks: readonly Block[]): string {
  return `${blocks.map((b) => blockMarkdown(b).join('\n')).join('\n\n')}\n`;
}

const HEADING_SIZES = { 1: 18, 2: 14, 3: 12, 4: 11 } as const;

/**
 * The blocks as a PDF. pdfkit draws every string as text only: it makes a link
 * only when given a `link` option, which is never passed here.
 */
export function documentPdf(blocks: readonly Block[], title: string): Buffer {
  const doc = newPdfDocument({ size: 'A4', margin: 56, info: { Title: plainText(title), Creator: 'Principled' } });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  for (const block of blocks) {
    switch (block.kind) {
      case 'heading':
        doc.moveDown(0.5).font('Helvetica-Bold').fontSize(HEADING_SIZES[block.level]).text(plainText(block.text));
        doc.moveDown(0.2);
        break;
      case 'line':
        doc.fontSize(10);
        block.spans.forEach((s, i) => {
          doc.font(s.strong ? 'Helvetica-Bold' : 'Helvetica').text(`${i ? ' ' : ''}${plainText(s.text)}`, { continued: i < block.spans.length - 1 });
        });
        break;
      case 'text':
        doc.fontSize(10).font('Helvetica-Bold').text(`${plainText(block.label)}: `, { continued: true });
        doc.font('Helvetica').text(plainText(block.text).trim() || EMPTY);
        break;
      case 'list':
        doc.font('Helvetica').fontSize(10);
        for (const item of block.items.length ? block.items : [EMPTY]) doc.text(`•  ${plainText(item)}`, { indent: 8 });
        break;
      case 'table': {
        const columnWidth = width / Math.max(1, block.header.length);
        [block.header, ...block.rows].forEach((row, r) => {
          if (doc.y > doc.page.height - doc.page.margins.bottom - 40) doc.addPage();
          const top = doc.y;
          let bottom = top;
          doc.font(r === 0 ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
          row.forEach((text, c) => {
            doc.text(plainText(text) || EMPTY, left + c * columnWidth, top, { width: columnWidth - 6 });
            bottom = Math.max(bottom, doc.y);
          });
          doc.x = left;
          doc.y = bottom + 2;
        });
        break;
      }
    }
    doc.moveDown(0.4);
  }
  return pdfBytes(doc);
}
