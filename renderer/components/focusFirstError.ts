import { attentionSummary } from './attentionSummary';

/** Marked invalid by Control, RadioGroup and the forms' own groups (a principle's evidence). */
const INVALID = '.field-invalid, [aria-invalid="true"]';
const FOCUSABLE =
  'input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), button:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** What the user calls a field in error: its own data-field-name, else its legend or label. */
function nameOf(region: Element): string {
  const given = region.getAttribute('data-field-name');
  if (given) return given;
  const labelled = region.getAttribute('aria-labelledby');
  const byId = labelled ? region.ownerDocument.getElementById(labelled) : null;
  const label = byId ?? region.querySelector('legend, label, .group-label');
  const text = label?.textContent?.trim() || region.getAttribute('aria-label') || '';
  return text.replace(/\s*\*$/, '');
}

/**
 * After a refused submit: focuses the first control in error (document order) inside `form` and
 * returns the summary to announce, or null when nothing is marked. Only the outermost invalid
 * region counts, so a field's wrapper and its input are named once.
 */
export function focusFirstError(form: Element | null | undefined): string | null {
  if (!form) return null;
  const regions = [...form.querySelectorAll(INVALID)].filter((el) => {
    const outer = el.parentElement?.closest(INVALID);
    return !outer || !form.contains(outer);
  });
  if (regions.length === 0) return null;
  const first = regions[0]!;
  const target = (first.matches(FOCUSABLE) ? first : first.querySelector(FOCUSABLE)) as HTMLElement | null;
  target?.focus();
  (target ?? first).scrollIntoView?.({ block: 'center' });
  return attentionSummary(regions.map(nameOf).filter(Boolean));
}

/** Runs after React has committed the errors just set, so the DOM shows them. */
export function afterErrorsRender(fn: () => void): void {
  setTimeout(fn);
}
