import type { ListOption, Opportunity, StageRequirableField } from '@funil/domain';
import { Select, SimpleGrid, Stack, TagsInput, Textarea, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/queries.ts';
import { toOptions, useBranches, useTeams, useUsers } from '../directory/queries.ts';
import { MoneyInput } from './MoneyInput.tsx';
import type { OpportunityFormValues } from './opportunity-form.ts';
import { useOpportunitySettings } from './queries.ts';

export type FieldsProps = {
  values: OpportunityFormValues;
  set: <K extends keyof OpportunityFormValues>(key: K, value: OpportunityFormValues[K]) => void;
  error: (field: string) => string | undefined;
  /** What the (chosen or current) stage requires: marked required. */
  required: readonly StageRequirableField[];
  /** Edit: the opportunity as loaded, so archived options it still uses stay visible. */
  current?: Opportunity | undefined;
};

/** The title input (the new-opportunity page shows it next to the funnel, the edit form first). */
export function TitleField({ values, set, error }: Pick<FieldsProps, 'values' | 'set' | 'error'>) {
  const { t } = useTranslation();
  return (
    <TextInput
      label={t('opportunity.fields.title')}
      value={values.title}
      onChange={(e) => set('title', e.currentTarget.value)}
      error={error('title')}
      required
      maxLength={160}
      data-testid="opportunity-form-title"
    />
  );
}

type Option = { value: string; label: string };

function listOptions(
  items: ListOption[] | undefined,
  kept: { id: string; label: string; archived: boolean } | null | undefined,
  archived: string,
): Option[] {
  const options = (items ?? []).map((o) => ({ value: o.id, label: o.label }));
  if (kept && !options.some((o) => o.value === kept.id)) {
    options.push({ value: kept.id, label: kept.archived ? `${kept.label} ${archived}` : kept.label });
  }
  return options;
}

/** Value, dates, plan, qualification, city, source, tags, description (and the title unless shown apart). */
export function DealFields({
  values,
  set,
  error,
  required,
  current,
  withTitle = true,
}: FieldsProps & { withTitle?: boolean }) {
  const { t } = useTranslation();
  const lists = useOpportunitySettings().data?.lists;
  const needs = (field: StageRequirableField) => required.includes(field);
  const hint = (field: StageRequirableField) =>
    needs(field) ? t('opportunity.form.requiredByStage') : undefined;
  const archived = t('opportunity.details.archived');
  return (
    <Stack gap="sm">
      {withTitle && <TitleField values={values} set={set} error={error} />}
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <MoneyInput
          label={t('opportunity.fields.value')}
          placeholder={t('opportunity.form.valuePlaceholder')}
          value={values.value}
          onChange={(v) => set('value', v)}
          error={error('valueCents')}
          required={needs('valueCents')}
          description={hint('valueCents')}
          data-testid="opportunity-form-value"
        />
        <TextInput
          type="date"
          label={t('opportunity.fields.expectedCloseDate')}
          value={values.expectedCloseDate}
          onChange={(e) => set('expectedCloseDate', e.currentTarget.value)}
          error={error('expectedCloseDate')}
          required={needs('expectedCloseDate')}
          description={hint('expectedCloseDate')}
          data-testid="opportunity-form-close-date"
        />
        <Select
          label={t('opportunity.fields.businessPlan')}
          placeholder={t('opportunity.form.noOption')}
          data={listOptions(lists?.business_plan, current?.businessPlan, archived)}
          value={values.businessPlanId}
          onChange={(v) => set('businessPlanId', v)}
          error={error('businessPlanId')}
          required={needs('businessPlanId')}
          description={hint('businessPlanId')}
          clearable
          searchable
        />
        <Select
          label={t('opportunity.fields.qualification')}
          placeholder={t('opportunity.form.noOption')}
          data={listOptions(lists?.qualification, current?.qualification, archived)}
          value={values.qualificationId}
          onChange={(v) => set('qualificationId', v)}
          error={error('qualificationId')}
          required={needs('qualificationId')}
          description={hint('qualificationId')}
          clearable
        />
        <TextInput
          label={t('opportunity.fields.city')}
          value={values.city}
          onChange={(e) => set('city', e.currentTarget.value)}
          error={error('city')}
          required={needs('city')}
          description={hint('city')}
          maxLength={100}
        />
        <TagsInput
          label={t('opportunity.fields.tags')}
          placeholder={t('opportunity.fields.tagsPlaceholder')}
          value={values.tags}
          onChange={(v) => set('tags', v)}
          error={error('tags')}
          maxTags={30}
          clearable
        />
        <TextInput
          label={t('opportunity.fields.media')}
          value={values.media}
          onChange={(e) => set('media', e.currentTarget.value)}
          error={error('source.media')}
          maxLength={80}
        />
        <TextInput
          label={t('opportunity.fields.channel')}
          value={values.channel}
          onChange={(e) => set('channel', e.currentTarget.value)}
          error={error('source.channel')}
          maxLength={80}
        />
      </SimpleGrid>
      <Textarea
        label={t('opportunity.fields.description')}
        value={values.description}
        onChange={(e) => set('description', e.currentTarget.value)}
        error={error('description')}
        required={needs('description')}
        description={hint('description')}
        autosize
        minRows={3}
        maxRows={10}
        maxLength={5000}
      />
    </Stack>
  );
}

/** Owner (broker), team, manager and branch; team, manager and branch default to the owner's. */
export function ConversionFields({ values, set, error, current }: FieldsProps) {
  const { t } = useTranslation();
  const { user } = useSession();
  const users = useUsers().data;
  const teams = useTeams().data;
  const branches = useBranches().data;
  const broker = user.role === 'broker';
  const keptOwner = current?.owner?.id;
  const owners = broker
    ? toOptions(users, [user.id, keptOwner]).filter((o) => o.value === user.id || o.value === keptOwner)
    : toOptions(users, [values.ownerId]);
  const managers = toOptions(
    users?.filter((u) => u.role === 'manager' || u.role === 'admin' || u.id === values.managerId),
    [values.managerId],
  );
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
      <Select
        label={t('opportunity.fields.owner')}
        placeholder={t('opportunity.form.ownerPlaceholder')}
        description={broker ? t('opportunity.form.ownerBrokerHint') : undefined}
        data={owners}
        value={values.ownerId}
        onChange={(v) => set('ownerId', v)}
        error={error('ownerId')}
        clearable={!broker}
        searchable
        data-testid="opportunity-form-owner"
      />
      <Select
        label={t('opportunity.fields.team')}
        placeholder={t('opportunity.form.teamPlaceholder')}
        data={toOptions(teams, [values.teamId])}
        value={values.teamId}
        onChange={(v) => set('teamId', v)}
        error={error('teamId')}
        clearable
        searchable
      />
      <Select
        label={t('opportunity.fields.manager')}
        placeholder={t('opportunity.form.managerPlaceholder')}
        data={managers}
        value={values.managerId}
        onChange={(v) => set('managerId', v)}
        error={error('managerId')}
        clearable
        searchable
      />
      <Select
        label={t('opportunity.fields.branch')}
        placeholder={t('opportunity.form.branchPlaceholder')}
        data={toOptions(branches, [values.branchId])}
        value={values.branchId}
        onChange={(v) => set('branchId', v)}
        error={error('branchId')}
        clearable
        searchable
      />
    </SimpleGrid>
  );
}
