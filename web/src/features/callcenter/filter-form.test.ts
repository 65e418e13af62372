import { expect, it } from 'vitest';
import { EMPTY_FILTER_FORM, fromCallListFilter, toCallListFilter } from './filter-form.ts';

it('sends only the fields given, trimmed', () => {
  expect(toCallListFilter(EMPTY_FILTER_FORM)).toEqual({});
  expect(
    toCallListFilter({
      ...EMPTY_FILTER_FORM,
      publicityIds: ['a'],
      contact: '  x@y.com ',
      contactedFrom: '2026-12-01',
    }),
  ).toEqual({ publicityIds: ['a'], contact: 'x@y.com', contactedFrom: '2026-12-01' });
});

it('a saved filter comes back into the same form', () => {
  const form = { ...EMPTY_FILTER_FORM, leadTypeIds: ['l'], ownerId: 'u', notContactedSince: '2026-11-01' };
  expect(fromCallListFilter(toCallListFilter(form))).toEqual(form);
});
