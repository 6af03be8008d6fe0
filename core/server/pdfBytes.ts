import type PDFDocument from 'pdfkit';

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
