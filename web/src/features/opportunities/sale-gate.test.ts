import { describe, expect, it } from 'vitest';
import { ApiError } from '../../lib/api.ts';
import { isSaleRequirementsProblem, missingFromPeople, missingFromProblem } from './sale-gate.ts';

describe('missingFromProblem', () => {
  it('reads the list the problem carries, dropping unknown requirements', () => {
    const problem = {
      missing: [
        { personId: 'p1', name: 'Ana', missing: ['document', 'shoeSize'] },
        { personId: 'p2', name: 'Bia', missing: [] },
        { nope: true },
      ],
    };
    expect(missingFromProblem(problem)).toEqual([{ personId: 'p1', name: 'Ana', missing: ['document'] }]);
  });

  it('is null when the error has no list, empty when the list is', () => {
    expect(missingFromProblem({ code: 'sale-requirements' })).toBeNull();
    expect(missingFromProblem(null)).toBeNull();
    expect(missingFromProblem({ missing: [] })).toEqual([]);
  });
});

describe('missingFromPeople', () => {
  it('keeps the people with something missing', () => {
    expect(
      missingFromPeople([
        { personId: 'p1', role: 'holder', name: 'Ana', kind: 'individual', visible: true, missing: [] },
        {
          personId: 'p2',
          role: 'spouse',
          name: 'Bia',
          kind: 'individual',
          visible: true,
          missing: ['document', 'birthDate'],
        },
      ]),
    ).toEqual([{ personId: 'p2', name: 'Bia', missing: ['document', 'birthDate'] }]);
  });
});

describe('isSaleRequirementsProblem', () => {
  it('recognizes the 422 sale gate', () => {
    expect(
      isSaleRequirementsProblem(new ApiError({ status: 422, code: 'sale-requirements', title: '' })),
    ).toBe(true);
    expect(isSaleRequirementsProblem(new ApiError({ status: 422, code: 'validation', title: '' }))).toBe(
      false,
    );
  });
});
