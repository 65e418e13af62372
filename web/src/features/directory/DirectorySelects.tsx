import { Select } from '@mantine/core';
import { toOptions, useBranches, useTeams, useUsers } from './queries.ts';

export type DirectoryValues = {
  ownerId?: string | undefined;
  teamId?: string | undefined;
  branchId?: string | undefined;
};

type Props = {
  values: DirectoryValues;
  onChange: (patch: DirectoryValues) => void;
  labels: { owner: string; team: string; branch: string; any: string };
  /** `<prefix>-owner`, `<prefix>-team`, `<prefix>-branch` test ids. */
  testIdPrefix?: string;
};

const orUndefined = (value: string | null) => value || undefined;

/** Owner, team and branch pickers of a filters panel (people list, board). */
export function DirectorySelects({ values, onChange, labels, testIdPrefix }: Props) {
  const users = useUsers().data;
  const teams = useTeams().data;
  const branches = useBranches().data;
  const pickers = [
    { key: 'ownerId', label: labels.owner, items: users, testId: 'owner' },
    { key: 'teamId', label: labels.team, items: teams, testId: 'team' },
    { key: 'branchId', label: labels.branch, items: branches, testId: 'branch' },
  ] as const;
  return pickers.map((p) => (
    <Select
      key={p.key}
      label={p.label}
      placeholder={labels.any}
      data={toOptions(p.items, [values[p.key]])}
      value={values[p.key] ?? null}
      onChange={(v) => onChange({ [p.key]: orUndefined(v) })}
      searchable
      clearable
      {...(testIdPrefix ? { 'data-testid': `${testIdPrefix}-${p.testId}` } : {})}
    />
  ));
}
