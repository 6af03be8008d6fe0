import { createRequire } from 'node:module';
import type PDFDocument from 'pdfkit';

// pdfkit, its fonts and fontkit take about a third of a process's start-up to load (~0.2 s on a quiet machine,
// more than the rest of the background worker's modules but zod), and only a PDF needs them: loaded on the first
// document, not by every process and worker that imports the handlers.
let pdfkit: typeof PDFDocument | null = null;

/** A new pdfkit document (A4 and the like); pdfkit is loaded the first time. */
export function newPdfDocument(options: PDFKit.PDFDocumentOptions): InstanceType<typeof PDFDocument> {
  pdfkit ??= createRequire(import.meta.url)('pdfkit') as typeof PDFDocument;
  return new pdfkit(options);
}

/**
 * Ends a pdfkit document and returns its bytes. pdfkit pushes every chunk
 * synchronously as the document is written, so they can be read back at once
 * and dispatch stays synchronous.
 */
export function pdfBytes(doc: PDFKit.PDFDocument | InstanceType<typeof PDFDocument>): Buffer {
  doc.end();
  const chunks: Buffer[] = [];
  for (let chunk = doc.read() as Buffer | null; chunk !== null; chunk = doc.read() as Buffer | null) chunks.push(chunk);
  return Buffer.concat(chunks);
}
