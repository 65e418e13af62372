import {
  BUILTIN_TYPE_DOCUMENTS,
  type DocumentKind,
  maskDocumentInput,
  type PersonType,
  type PersonTypeDocument,
  UFS,
} from '@funil/domain';
import { Group, Radio, Select, Skeleton, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { usePersonTypes } from '../person-types/queries.ts';
import type { PersonFormValues, SectionProps } from './form-model.ts';

/** The documents the form's type takes: its own, or the built-in rules of the kind while the types load. */
export function useTypeDocuments(values: Pick<PersonFormValues, 'typeId' | 'kind'>): PersonTypeDocument[] {
  const types = usePersonTypes().data;
  const type = types?.find((x) => x.id === values.typeId) ?? types?.find((x) => x.builtin === values.kind);
  return type?.documents ?? BUILTIN_TYPE_DOCUMENTS[values.kind];
}

const ruleOf = (documents: readonly PersonTypeDocument[], kind: DocumentKind) =>
  documents.find((d) => d.kind === kind);

/** Tipo de pessoa, first in the form: picking one sets the kind and drops the documents it does not take. */
export function PersonTypeSelector({ values, set }: Pick<SectionProps, 'values' | 'set'>) {
  const { t } = useTranslation();
  const types = usePersonTypes();
  const selected = values.typeId ?? types.data?.find((x) => x.builtin === values.kind)?.id ?? null;
  const choose = (type: PersonType) => {
    const takes = (kind: DocumentKind) => ruleOf(type.documents, kind) !== undefined;
    set('typeId', type.id);
    set('kind', type.baseKind);
    const main = type.baseKind === 'individual' ? 'cpf' : 'cnpj';
    set('document', takes(main) ? maskDocumentInput(values.document, type.baseKind) : '');
    if (!takes('passport')) {
      set('passportCountry', '');
      set('passportNumber', '');
    }
    if (!takes('state_registration')) {
      set('ieState', '');
      set('ieNumber', '');
    }
  };
  if (!types.data) return <Skeleton height={56} mb="sm" />;
  return (
    <Radio.Group
      label={t('personTypes.form.type')}
      value={selected}
      onChange={(id) => {
        const type = types.data.find((x) => x.id === id);
        if (type) choose(type);
      }}
      mb="sm"
      data-testid="person-type-selector"
    >
      <Group mt={6}>
        {types.data.map((type) => (
          <Radio key={type.id} value={type.id} label={type.name} />
        ))}
      </Group>
    </Radio.Group>
  );
}

/** The passport and IE inputs, when the form's type takes them (required ones marked). */
export function IdentityDocumentInputs({ values, set, error }: SectionProps) {
  const { t } = useTranslation();
  const documents = useTypeDocuments(values);
  const passport = ruleOf(documents, 'passport');
  const ie = ruleOf(documents, 'state_registration');
  return (
    <>
      {passport && (
        <>
          <TextInput
            label={t('personTypes.form.passportCountry')}
            description={t('personTypes.form.passportCountryHint')}
            value={values.passportCountry}
            onChange={(e) => set('passportCountry', e.currentTarget.value.toUpperCase())}
            error={error('passportCountry')}
            maxLength={2}
            withAsterisk={passport.required}
            data-testid="passport-country"
          />
          <TextInput
            label={t('personTypes.form.passportNumber')}
            value={values.passportNumber}
            onChange={(e) => set('passportNumber', e.currentTarget.value.toUpperCase())}
            error={error('passportNumber')}
            maxLength={30}
            withAsterisk={passport.required}
            data-testid="passport-number"
          />
        </>
      )}
      {ie && (
        <>
          <Select
            label={t('personTypes.form.ieState')}
            data={[...UFS]}
            value={values.ieState || null}
            onChange={(v) => set('ieState', v ?? '')}
            error={error('ieState')}
            searchable
            withAsterisk={ie.required}
            data-testid="ie-state"
          />
          <TextInput
            label={t('personTypes.form.ieNumber')}
            description={t('personTypes.form.ieHint')}
            value={values.ieNumber}
            onChange={(e) => set('ieNumber', e.currentTarget.value)}
            error={error('ieNumber')}
            maxLength={30}
            withAsterisk={ie.required}
            data-testid="ie-number"
          />
        </>
      )}
    </>
  );
}
