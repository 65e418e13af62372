import { DEFAULT_ACTION_MATRIX, PERSON_ACTIONS } from '@funil/domain';
import { describe, expect, it } from 'vitest';
import { changedRoles, normalizeMatrix, setAction, withLockedAdmin } from './action-matrix.ts';

describe('action matrix', () => {
  it('turns one action of one role on or off', () => {
    const next = setAction(DEFAULT_ACTION_MATRIX, 'broker', 'denyList', true);
    expect(next.broker.denyList).toBe(true);
    expect(next.broker.archive).toBe(false);
    expect(DEFAULT_ACTION_MATRIX.broker.denyList).toBe(false);
    expect(changedRoles(DEFAULT_ACTION_MATRIX, next)).toEqual(['broker']);
  });

  it('never changes the administrator row', () => {
    expect(setAction(DEFAULT_ACTION_MATRIX, 'admin', 'archive', false)).toBe(DEFAULT_ACTION_MATRIX);
    const tampered = { ...DEFAULT_ACTION_MATRIX, admin: { ...DEFAULT_ACTION_MATRIX.admin, comment: false } };
    expect(withLockedAdmin(tampered).admin.comment).toBe(true);
  });

  it('lists no role when nothing changed', () => {
    expect(changedRoles(DEFAULT_ACTION_MATRIX, { ...DEFAULT_ACTION_MATRIX })).toEqual([]);
  });

  it('fills what the server left out with the defaults', () => {
    const matrix = normalizeMatrix({ broker: { comment: false }, manager: 'x' });
    expect(matrix.broker.comment).toBe(false);
    expect(matrix.broker.archive).toBe(DEFAULT_ACTION_MATRIX.broker.archive);
    expect(matrix.manager).toEqual(DEFAULT_ACTION_MATRIX.manager);
    expect(Object.keys(matrix.attendant).sort()).toEqual([...PERSON_ACTIONS].sort());
    expect(normalizeMatrix(null)).toEqual(DEFAULT_ACTION_MATRIX);
  });
});
