import { describe, expect, it } from 'vitest';
import { matchOptions, MAX_SHOWN, type ComboboxOption } from '../../renderer/components/comboboxMatch';

const people: ComboboxOption[] = [
  { value: '1', label: 'Ben Lead', hint: '(bar raiser)' },
  { value: '2', label: 'Ada Founder' },
  { value: '3', label: 'Ben' },
  { value: '4', label: 'Dan Sales', hint: '— Head of Sales' },
];

describe('people picker matching', () => {
  it.each([
    ['', ['1', '2', '3', '4']],
    ['lead', ['1']],
    ['  BEN  lead ', ['1']],
    ['sales', ['4']],
    ['bar raiser', ['1']],
    ['nobody', []],
  ])('typed %j shows %j', (query, values) => {
    expect(matchOptions(people, query).shown.map((o) => o.value)).toEqual(values);
  });

  it('puts a name typed in full first, so Enter picks "Ben" rather than "Ben Lead"', () => {
    expect(matchOptions(people, 'Ben').shown.map((o) => o.value)).toEqual(['3', '1']);
  });

  it('shows at most MAX_SHOWN of a company and counts the rest', () => {
    const company = Array.from({ length: 1500 }, (_, i) => ({ value: String(i), label: `Person ${i}` }));
    const all = matchOptions(company, '');
    expect(all.shown).toHaveLength(MAX_SHOWN);
    expect(all.total).toBe(1500);
    const narrowed = matchOptions(company, 'person 149');
    expect(narrowed.shown.map((o) => o.label)).toEqual(['Person 149', 'Person 1149', ...Array.from({ length: 10 }, (_, i) => `Person 149${i}`)]);
    expect(narrowed.total).toBe(12);
  });

  it('keeps an exact name found past the first MAX_SHOWN', () => {
    const company = [...Array.from({ length: 80 }, (_, i) => ({ value: String(i), label: `Sam ${i}` })), { value: 'x', label: 'Sam' }];
    expect(matchOptions(company, 'sam').shown[0]?.value).toBe('x');
  });
});
