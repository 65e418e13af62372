import { describe, expect, it } from 'vitest';
import { CAPABILITIES, capabilitiesOf, DEFAULT_ROLE_MATRIX, roleCan, withDefaultRoles } from './roles.ts';

describe('withDefaultRoles', () => {
  it('reads a matrix stored before capabilities: peopleExport becomes exportPeople, the rest defaults', () => {
    const matrix = withDefaultRoles({
      broker: { peopleScope: 'managed', peopleExport: true },
      manager: { peopleScope: 'managed', peopleExport: false },
    });
    expect(matrix.broker).toEqual({
      peopleScope: 'managed',
      capabilities: { ...DEFAULT_ROLE_MATRIX.broker.capabilities, exportPeople: true },
    });
    expect(matrix.manager.capabilities.exportPeople).toBe(false);
    expect(matrix.manager.capabilities.assignOwners).toBe(true);
    expect(matrix.attendant).toEqual(DEFAULT_ROLE_MATRIX.attendant);
  });

  it('keeps stored grants, fills the missing ones, ignores junk and never weakens the admin', () => {
    const matrix = withDefaultRoles({
      manager: { peopleScope: 'everyone', capabilities: { manageFunnels: true, exportPeople: 'yes' } },
      admin: { peopleScope: 'own', capabilities: { manageAccess: false } },
    });
    expect(matrix.manager.peopleScope).toBe('managed');
    expect(matrix.manager.capabilities.manageFunnels).toBe(true);
    expect(matrix.manager.capabilities.exportPeople).toBe(true);
    expect(matrix.admin).toEqual(DEFAULT_ROLE_MATRIX.admin);
  });

  it('reproduces today: admin holds everything, brokers nothing, managers export, assign, run the roleta, merge duplicates and import', () => {
    const matrix = withDefaultRoles(null);
    expect(capabilitiesOf(matrix, 'admin')).toEqual([...CAPABILITIES]);
    expect(capabilitiesOf(matrix, 'broker')).toEqual([]);
    expect(capabilitiesOf(matrix, 'manager')).toEqual([
      'exportPeople',
      'assignOwners',
      'manageDistribution',
      'mergePeople',
      'importPeople',
    ]);
    expect(roleCan(matrix, 'attendant', 'assignOwners')).toBe(true);
    expect(roleCan(matrix, 'manager', 'manageFunnels')).toBe(false);
  });
});
