import { DEFAULT_ROLE_MATRIX, type RoleMatrix } from '@funil/domain';
import { describe, expect, it } from 'vitest';
import { changedRoles, setCapability, setRoleRule, withLockedAdmin } from './matrix.ts';

const clone = (m: RoleMatrix): RoleMatrix => structuredClone(m);

describe('changedRoles', () => {
  it('is empty when nothing changed, even for a copy', () => {
    expect(changedRoles(DEFAULT_ROLE_MATRIX, clone(DEFAULT_ROLE_MATRIX))).toEqual([]);
  });

  it('lists the roles whose scope or a capability changed, in role order', () => {
    let edited = setCapability(DEFAULT_ROLE_MATRIX, 'attendant', 'exportPeople', true);
    edited = setRoleRule(edited, 'manager', { peopleScope: 'all' });
    expect(changedRoles(DEFAULT_ROLE_MATRIX, edited)).toEqual(['manager', 'attendant']);
  });

  it('forgets a change that was undone', () => {
    const edited = setCapability(
      setRoleRule(setRoleRule(DEFAULT_ROLE_MATRIX, 'broker', { peopleScope: 'managed' }), 'broker', {
        peopleScope: 'own',
      }),
      'manager',
      'manageFunnels',
      false,
    );
    expect(changedRoles(DEFAULT_ROLE_MATRIX, edited)).toEqual([]);
  });
});

describe('setRoleRule and setCapability', () => {
  it('change one part of one role without touching the original', () => {
    const original = clone(DEFAULT_ROLE_MATRIX);
    const edited = setCapability(original, 'broker', 'manageFunnels', true);
    expect(edited.broker.capabilities).toEqual({ ...original.broker.capabilities, manageFunnels: true });
    expect(edited.broker.peopleScope).toBe('own');
    expect(original).toEqual(DEFAULT_ROLE_MATRIX);
    expect(edited.manager).toBe(original.manager);
  });

  it('never change the administrator', () => {
    expect(setRoleRule(DEFAULT_ROLE_MATRIX, 'admin', { peopleScope: 'own' })).toBe(DEFAULT_ROLE_MATRIX);
    expect(setCapability(DEFAULT_ROLE_MATRIX, 'admin', 'manageUsers', false)).toBe(DEFAULT_ROLE_MATRIX);
  });
});

describe('withLockedAdmin', () => {
  it('puts the administrator back to all + every capability and keeps the other roles', () => {
    const tampered = setCapability(
      { ...clone(DEFAULT_ROLE_MATRIX), admin: { ...DEFAULT_ROLE_MATRIX.admin, peopleScope: 'own' } },
      'broker',
      'exportPeople',
      true,
    );
    const locked = withLockedAdmin({
      ...tampered,
      admin: { peopleScope: 'own', capabilities: { ...tampered.admin.capabilities, manageAccess: false } },
    });
    expect(locked.admin).toEqual(DEFAULT_ROLE_MATRIX.admin);
    expect(locked.broker.capabilities.exportPeople).toBe(true);
  });
});
