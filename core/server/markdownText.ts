// User text in a Markdown document is always literal text: these are the only
// ways the loop packet turns text into Markdown, so nothing a user types can
// become a heading, link, image, HTML, code, table row, list item, quote or rule.

// Control characters and text-direction controls are dropped: they are invisible,
// and the direction controls would reorder what the reader sees.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/g;
const LINE_BREAK = /\r\n|[\r\n\u2028\u2029]/;
// Every ASCII character that CommonMark or GitHub's dialect gives a meaning: a
// backslash makes each of them literal. `.` also breaks autolinks
// (www.x.com, http://x.com), `=` setext headings, `$` maths.
const SIGNIFICANT = /[\\`*_{}[\]()#+\-.!|~=$^]/g;

/** Text with its invisible controls removed and its line breaks as \n, for documents that take plain text (the PDF). */
export function plainText(text: string): string {
  return text.replace(INVISIBLE, '').split(LINE_BREAK).join('\n');
}

/** One line of literal text, for headings, table cells, list items and lines: any line breaks become spaces. */
export function escapeMarkdown(text: string): string {
  return plainText(text)
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(SIGNIFICANT, '\\$&');
}

/**
 * Text that may run over several lines, as Markdown lines: each line escaped and
 * without leading spaces (which would make code), lines kept apart with hard
 * breaks, blank lines kept as one paragraph break.
 */
export function markdownParagraphs(text: string): string[] {
  const out: string[] = [];
  for (const line of plainText(text).split('\n').map(escapeMarkdown)) {
    const last = out.length - 1;
    if (line === '') {
      if (last >= 0 && out[last] !== '') out.push('');
    } else {
      if (last >= 0 && out[last] !== '') out[last] += '\\';
      out.push(line);
    }
  }
  if (out[out.length - 1] === '') out.pop();
  return out;
}
