import { maskDocumentInput, PERSON_STAGES, type PersonStage, SOCIAL_NETWORKS } from '@funil/domain';
import { MultiSelect, Select, SimpleGrid, TagsInput, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { toOptions, useBranches, useTeams, useUsers } from '../directory/queries.ts';
import { CnpjLookupField } from '../lookups/CnpjLookupField.tsx';
import { newAddressRow, type SectionProps } from './form-model.ts';
import { IdentityDocumentInputs, PersonTypeSelector, useTypeDocuments } from './PersonTypeFields.tsx';

export function MainSection({ values, set, error }: SectionProps) {
  const { t } = useTranslation();
  const company = values.kind === 'company';
  const documents = useTypeDocuments(values);
  const takes = (kind: string) => documents.some((d) => d.kind === kind && kind !== 'none');
  const mainDocument = takes(company ? 'cnpj' : 'cpf');
  const mainRequired = documents.some((d) => d.kind === (company ? 'cnpj' : 'cpf') && d.required);
  return (
    <>
      <PersonTypeSelector values={values} set={set} />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <TextInput
          label={company ? t('form.companyName') : t('form.name')}
          value={values.name}
          onChange={(e) => set('name', e.currentTarget.value)}
          error={error('name')}
          required
          autoComplete={company ? 'organization' : 'name'}
        />
        {company && (
          <TextInput
            label={t('form.tradeName')}
            value={values.tradeName}
            onChange={(e) => set('tradeName', e.currentTarget.value)}
            error={error('tradeName')}
          />
        )}
        {mainDocument &&
          (company ? (
            <CnpjLookupField
              values={values}
              set={set}
              newAddress={() => ({ ...newAddressRow(true), type: 'work' as const })}
              label={t('form.cnpj')}
              error={error('document')}
              placeholder="00.000.000/0000-00"
              withAsterisk={mainRequired}
            />
          ) : (
            <TextInput
              label={t('form.cpf')}
              value={values.document}
              inputMode="numeric"
              onChange={(e) => set('document', maskDocumentInput(e.currentTarget.value, values.kind))}
              error={error('document')}
              placeholder="000.000.000-00"
              withAsterisk={mainRequired}
            />
          ))}
        <IdentityDocumentInputs values={values} set={set} error={error} />
        {/* The free-text IE of companies, unless the type asks for a checked one (above). */}
        {company && takes('state_registration') ? null : company ? (
          <TextInput
            label={t('form.stateRegistration')}
            value={values.stateRegistration}
            onChange={(e) => set('stateRegistration', e.currentTarget.value)}
            error={error('stateRegistration')}
          />
        ) : (
          <TextInput
            label={t('form.rg')}
            value={values.rg}
            onChange={(e) => set('rg', e.currentTarget.value)}
            error={error('rg')}
          />
        )}
        {company && (
          <>
            <TextInput
              label={t('form.cnaeCode')}
              value={values.cnaeCode}
              onChange={(e) => set('cnaeCode', e.currentTarget.value)}
              error={error('cnaeCode')}
              data-testid="cnae-code"
            />
            <TextInput
              label={t('form.cnaeDescription')}
              value={values.cnaeDescription}
              onChange={(e) => set('cnaeDescription', e.currentTarget.value)}
              error={error('cnaeDescription')}
            />
            <TextInput
              label={t('form.registrationStatus')}
              value={values.registrationStatus}
              onChange={(e) => set('registrationStatus', e.currentTarget.value)}
              error={error('registrationStatus')}
              data-testid="registration-status"
            />
          </>
        )}
        <TextInput
          type="date"
          label={company ? t('form.foundationDate') : t('form.birthDate')}
          value={values.birthDate}
          onChange={(e) => set('birthDate', e.currentTarget.value)}
          error={error('birthDate')}
        />
      </SimpleGrid>
    </>
  );
}

export function AdditionalSection({ values, set, error }: SectionProps) {
  const { t } = useTranslation();
  const users = useUsers().data;
  const branches = useBranches().data;
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
      <Select<PersonStage>
        label={t('form.stage')}
        data={PERSON_STAGES.map((s) => ({ value: s, label: t(`stages.${s}`) }))}
        value={values.stage}
        onChange={(v) => v && set('stage', v)}
        allowDeselect={false}
        error={error('stage')}
      />
      <Select
        label={t('form.owner')}
        placeholder={t('form.ownerPlaceholder')}
        data={toOptions(users, [values.ownerId])}
        value={values.ownerId}
        onChange={(v) => set('ownerId', v)}
        error={error('ownerId')}
        searchable
        clearable
      />
      <Select
        label={t('form.branch')}
        placeholder={t('form.branchPlaceholder')}
        data={toOptions(branches, [values.branchId])}
        value={values.branchId}
        onChange={(v) => set('branchId', v)}
        error={error('branchId')}
        searchable
        clearable
      />
      <TagsInput
        label={t('form.tags')}
        placeholder={t('form.tagsPlaceholder')}
        value={values.tags}
        onChange={(tags) => set('tags', tags)}
        error={error('tags')}
        maxTags={30}
        clearable
      />
      <TextInput
        label={t('form.media')}
        value={values.media}
        onChange={(e) => set('media', e.currentTarget.value)}
        error={error('media')}
      />
      <TextInput
        label={t('form.channel')}
        value={values.channel}
        onChange={(e) => set('channel', e.currentTarget.value)}
        error={error('channel')}
      />
    </SimpleGrid>
  );
}

export function SocialSection({ values, set, error }: SectionProps) {
  const { t } = useTranslation();
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
      {SOCIAL_NETWORKS.map((network) => (
        <TextInput
          key={network}
          label={t(`social.${network}`)}
          type="url"
          inputMode="url"
          placeholder="https://"
          value={values.social[network]}
          onChange={(e) => set('social', { ...values.social, [network]: e.currentTarget.value })}
          error={error(`social.${network}`)}
        />
      ))}
    </SimpleGrid>
  );
}

export function SharingSection({ values, set, error }: SectionProps) {
  const { t } = useTranslation();
  const users = useUsers().data;
  const teams = useTeams().data;
  return (
    <>
      <Text size="sm" c="dimmed" mb="xs">
        {t('form.sharingHint')}
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <MultiSelect
          label={t('form.sharedUsers')}
          data={toOptions(users, values.sharedUserIds)}
          value={values.sharedUserIds}
          onChange={(ids) => set('sharedUserIds', ids)}
          error={error('sharedUserIds')}
          searchable
          clearable
        />
        <MultiSelect
          label={t('form.sharedTeams')}
          data={toOptions(teams, values.sharedTeamIds)}
          value={values.sharedTeamIds}
          onChange={(ids) => set('sharedTeamIds', ids)}
          error={error('sharedTeamIds')}
          searchable
          clearable
        />
      </SimpleGrid>
    </>
  );
}
