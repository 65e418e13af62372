import { INVOLVED_ROLES, type InvolvedRole } from '@funil/domain';
import {
  ActionIcon,
  Alert,
  Box,
  Button,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../lib/api.ts';
import { problemMessage } from '../../lib/problems.ts';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useSession } from '../auth/queries.ts';
import { CustomFieldsInputs } from '../custom-fields/CustomFieldsInputs.tsx';
import { useCustomFieldsForm } from '../custom-fields/use-custom-fields-form.ts';
import { ConversionFields, DealFields, type FieldsProps, TitleField } from './OpportunityFields.tsx';
import {
  emptyOpportunityForm,
  type FormErrors,
  type OpportunityFormValues,
  type OtherPersonRow,
  opportunityFieldError,
  personRowKey,
  serverErrors,
  validateCreate,
} from './opportunity-form.ts';
import { PersonPicker } from './PersonPicker.tsx';
import { useCreateOpportunity, usePersonPrefill, usePipelines } from './queries.ts';
import type { NewOpportunitySearch } from './search.ts';

const OTHER_ROLES = INVOLVED_ROLES.filter((r): r is Exclude<InvolvedRole, 'holder'> => r !== 'holder');

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }} component="section">
      <Title order={2} size="h4" mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

/** `/opportunities/new`: funnel and stage, the deal, who serves it, and the people involved (holder first). */
export function NewOpportunityPage({ search }: { search: NewOpportunitySearch }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { user } = useSession();
  const pipelines = usePipelines();
  const holder = usePersonPrefill(search.holderId);
  const create = useCreateOpportunity();
  const [values, setValues] = useState<OpportunityFormValues>(() =>
    emptyOpportunityForm({
      pipelineId: search.pipelineId ?? null,
      stageId: search.stageId ?? null,
      holderId: search.holderId ?? null,
      ownerId: user.role === 'attendant' ? null : user.id,
    }),
  );
  const [errors, setErrors] = useState<FormErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const custom = useCustomFieldsForm('opportunity');

  const list = pipelines.data ?? [];
  const pipeline = list.find((p) => p.id === values.pipelineId);
  const stage = pipeline?.stages.find((s) => s.id === values.stageId) ?? pipeline?.stages[0];

  // Without a funnel in the address, start in the first one; an unknown funnel or stage is dropped.
  useEffect(() => {
    if (!pipelines.data) return;
    setValues((v) => {
      const p = pipelines.data.find((x) => x.id === v.pipelineId) ?? pipelines.data[0];
      const pipelineId = p?.id ?? null;
      const stageId = p?.stages.some((s) => s.id === v.stageId) ? v.stageId : (p?.stages[0]?.id ?? null);
      return pipelineId === v.pipelineId && stageId === v.stageId ? v : { ...v, pipelineId, stageId };
    });
  }, [pipelines.data]);

  const set = useCallback<FieldsProps['set']>((key, value) => {
    setValues((current) => ({ ...current, [key]: value }));
    setErrors((current) => {
      const prefix =
        key === 'value' ? 'valueCents' : key === 'media' || key === 'channel' ? `source.${key}` : key;
      const kept = Object.entries(current).filter(([f]) => f !== prefix && !f.startsWith(`${prefix}.`));
      return kept.length === Object.keys(current).length ? current : Object.fromEntries(kept);
    });
  }, []);
  const error = (field: string) => opportunityFieldError(errors[field], t);

  // After a failed submit, bring the first invalid field into view.
  useEffect(() => {
    if (Object.keys(errors).length === 0) return;
    const invalid = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    invalid?.focus();
    invalid?.scrollIntoView({ block: 'center' });
  }, [errors]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (create.isPending) return;
    const result = validateCreate(values, stage);
    const customValues = custom.check();
    if (!result.ok || !customValues) {
      setErrors(result.ok ? {} : result.errors);
      setFailure(t('opportunity.form.fixErrors'));
      return;
    }
    result.data.customFields = customValues;
    setErrors({});
    setFailure(null);
    try {
      const created = await create.mutateAsync(result.data);
      await navigate({ to: '/opportunities/$id', params: { id: created.id } });
    } catch (err) {
      if (isApiError(err) && err.status === 422 && err.errors.length > 0) {
        setErrors(serverErrors(err.errors));
        custom.showServerErrors(err.errors);
        setFailure(
          err.code === 'stage-requirements' ? problemMessage(err, t) : t('opportunity.form.fixErrors'),
        );
      } else if (isApiError(err) && err.status === 403) {
        setErrors({ ownerId: 'ownerForbidden' });
        setFailure(t('opportunity.errors.ownerForbidden'));
      } else {
        setFailure(problemMessage(err, t));
      }
    }
  };

  const setPerson = (index: number, patch: Partial<OtherPersonRow>) =>
    set(
      'people',
      values.people.map((row, i) => (i === index ? { ...row, ...patch } : row)),
    );
  const involved = [values.holderId, ...values.people.map((p) => p.personId)].filter((id): id is string =>
    Boolean(id),
  );
  const fields: FieldsProps = { values, set, error, required: stage?.requiredFields ?? [] };

  return (
    <Box maw={960} mx="auto">
      <PageHeader title={t('opportunity.newTitle')} />
      {pipelines.isError && (
        <Box mb="md">
          <ErrorState message={problemMessage(pipelines.error, t)} onRetry={() => void pipelines.refetch()} />
        </Box>
      )}
      <form ref={formRef} onSubmit={submit} noValidate data-testid="opportunity-form">
        <Stack gap="md">
          <Section title={t('opportunity.sections.main')}>
            <TitleField {...fields} />
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" mt="sm">
              <Select
                label={t('opportunity.fields.pipeline')}
                placeholder={t('opportunity.form.pipelinePlaceholder')}
                data={list.map((p) => ({ value: p.id, label: p.name }))}
                value={values.pipelineId}
                onChange={(id) => {
                  set('pipelineId', id);
                  set('stageId', list.find((p) => p.id === id)?.stages[0]?.id ?? null);
                }}
                error={error('pipelineId')}
                required
                withAsterisk={false}
                allowDeselect={false}
                disabled={pipelines.isPending}
                data-testid="opportunity-form-pipeline"
              />
              <Select
                label={t('opportunity.fields.stage')}
                placeholder={t('opportunity.form.stagePlaceholder')}
                data={(pipeline?.stages ?? []).map((s) => ({ value: s.id, label: s.name }))}
                value={values.stageId}
                onChange={(id) => set('stageId', id)}
                error={error('stageId')}
                allowDeselect={false}
                disabled={!pipeline}
                data-testid="opportunity-form-stage"
              />
            </SimpleGrid>
          </Section>

          <Section title={t('opportunity.sections.people')}>
            <Stack gap="sm">
              <PersonPicker
                label={t('opportunity.fields.holder')}
                description={t('opportunity.form.holderHint')}
                value={values.holderId}
                initialName={holder.data?.id === values.holderId ? holder.data?.name : null}
                onChange={(p) => set('holderId', p?.id ?? null)}
                exclude={involved.filter((id) => id !== values.holderId)}
                error={error('holderId')}
                required
                withAsterisk={false}
                data-testid="opportunity-form-holder"
              />
              {values.people.map((row, i) => (
                <Group
                  key={row.key}
                  gap="xs"
                  align="flex-start"
                  wrap="nowrap"
                  data-testid="opportunity-form-person"
                >
                  <PersonPicker
                    label={t('opportunity.fields.person')}
                    value={row.personId}
                    onChange={(p) => setPerson(i, { personId: p?.id ?? null })}
                    exclude={involved.filter((id) => id !== row.personId)}
                    error={error(`people.${i}.personId`)}
                    required
                    withAsterisk={false}
                    style={{ flex: 1 }}
                  />
                  <Select
                    label={t('opportunity.fields.role')}
                    data={OTHER_ROLES.map((r) => ({ value: r, label: t(`opportunity.roles.${r}`) }))}
                    value={row.role}
                    onChange={(r) => r && setPerson(i, { role: r as OtherPersonRow['role'] })}
                    allowDeselect={false}
                    w={150}
                  />
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    mt={26}
                    size="lg"
                    aria-label={t('opportunity.form.removePerson', { n: i + 1 })}
                    onClick={() =>
                      set(
                        'people',
                        values.people.filter((_, j) => j !== i),
                      )
                    }
                  >
                    ×
                  </ActionIcon>
                </Group>
              ))}
              <Group>
                <Button
                  variant="light"
                  size="compact-sm"
                  onClick={() =>
                    set('people', [...values.people, { key: personRowKey(), personId: null, role: 'spouse' }])
                  }
                  data-testid="opportunity-form-add-person"
                >
                  {t('opportunity.form.addPerson')}
                </Button>
              </Group>
            </Stack>
          </Section>

          <Section title={t('opportunity.sections.details')}>
            <DealFields {...fields} withTitle={false} />
          </Section>

          <Section title={t('opportunity.sections.conversion')}>
            <ConversionFields {...fields} />
          </Section>

          <CustomFieldsInputs form={custom} />

          {failure && (
            <Alert color="red" variant="light" role="alert" data-testid="form-error">
              <Text size="sm">{failure}</Text>
            </Alert>
          )}

          <Paper
            withBorder
            p="sm"
            pos="sticky"
            bottom={0}
            style={{ zIndex: 2 }}
            shadow="sm"
            component="footer"
          >
            <Group justify="flex-end" gap="sm">
              <Button
                variant="default"
                onClick={() =>
                  void (search.holderId
                    ? navigate({ to: '/people/$id', params: { id: search.holderId } })
                    : navigate({ to: '/pipelines' }))
                }
                disabled={create.isPending}
              >
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={create.isPending} data-testid="opportunity-form-submit">
                {t('opportunity.form.create')}
              </Button>
            </Group>
          </Paper>
        </Stack>
      </form>
    </Box>
  );
}
