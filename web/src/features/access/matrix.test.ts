import { DEFAULT_ROLE_MATRIX, type RoleMatrix } from '@funil/domain';
import { describe, expect, it } from 'vitest';
import { changedRoles, setRoleRule, withLockedAdmin } from './matrix.ts';

const clone = (m: RoleMatrix): RoleMatrix => structuredClone(m);

describe('changedRoles', () => {
  it('is empty when nothing changed, even for a copy', () => {
    expect(changedRoles(DEFAULT_ROLE_MATRIX, clone(DEFAULT_ROLE_MATRIX))).toEqual([]);
  });

  it('lists the roles whose scope or export changed, in role order', () => {
    let edited = setRoleRule(DEFAULT_ROLE_MATRIX, 'attendant', { peopleExport: true });
    edited = setRoleRule(edited, 'manager', { peopleScope: 'all' });
    expect(changedRoles(DEFAULT_ROLE_MATRIX, edited)).toEqual(['manager', 'attendant']);
  });

  it('forgets a change that was undone', () => {
    const edited = setRoleRule(
      setRoleRule(DEFAULT_ROLE_MATRIX, 'broker', { peopleScope: 'managed' }),
      'broker',
      { peopleScope: 'own' },
    );
    expect(changedRoles(DEFAULT_ROLE_MATRIX, edited)).toEqual([]);
  });
});

describe('setRoleRule', () => {
  it('changes one field of one role without touching the original', () => {
    const original = clone(DEFAULT_ROLE_MATRIX);
    const edited = setRoleRule(original, 'broker', { peopleExport: true });
    expect(edited.broker).toEqual({ peopleScope: 'own', peopleExport: true });
    expect(original).toEqual(DEFAULT_ROLE_MATRIX);
    expect(edited.manager).toBe(original.manager);
  });

  it('never changes the administrator', () => {
    const edited = setRoleRule(DEFAULT_ROLE_MATRIX, 'admin', { peopleScope: 'own', peopleExport: false });
    expect(edited).toBe(DEFAULT_ROLE_MATRIX);
  });
});

describe('withLockedAdmin', () => {
  it('puts the administrator back to all + export and keeps the other roles', () => {
    const tampered: RoleMatrix = {
      ...clone(DEFAULT_ROLE_MATRIX),
      admin: { peopleScope: 'own', peopleExport: false },
      broker: { peopleScope: 'managed', peopleExport: true },
    };
    expect(withLockedAdmin(tampered)).toEqual({
      ...DEFAULT_ROLE_MATRIX,
      broker: { peopleScope: 'managed', peopleExport: true },
    });
  });
});
