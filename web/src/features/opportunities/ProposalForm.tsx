import {
  ActionIcon,
  Alert,
  Button,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../lib/api.ts';
import { problemMessage } from '../../lib/problems.ts';
import { MoneyInput } from './MoneyInput.tsx';
import { formatBRL } from './money.ts';
import { type FormErrors, opportunityFieldError, serverErrors } from './opportunity-form.ts';
import {
  defaultValueText,
  emptyProposalForm,
  type ItemRow,
  itemRowKey,
  itemsSumCents,
  type ProposalFormValues,
  validateProposal,
} from './proposal-form.ts';
import { useCreateProposal } from './queries.ts';

/** Registers a proposal: value (defaults to the sum of the items), conditions, validity and items. */
export function ProposalForm({ opportunityId, onDone }: { opportunityId: string; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const create = useCreateProposal(opportunityId);
  const [values, setValues] = useState<ProposalFormValues>(emptyProposalForm);
  const [errors, setErrors] = useState<FormErrors>({});
  const error = (field: string) => opportunityFieldError(errors[field], t);

  const setItem = (index: number, patch: Partial<ItemRow>) =>
    setValues((v) => ({ ...v, items: v.items.map((row, i) => (i === index ? { ...row, ...patch } : row)) }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (create.isPending) return;
    const result = validateProposal(values);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    create.mutate(result.data, {
      onSuccess: () => {
        setValues(emptyProposalForm());
        onDone();
      },
      onError: (err) => {
        if (isApiError(err) && err.status === 422 && err.errors.length) setErrors(serverErrors(err.errors));
      },
    });
  };

  const sum = itemsSumCents(values.items);
  return (
    <Paper withBorder p="sm" bg="var(--mantine-color-default-hover)">
      <form onSubmit={submit} noValidate data-testid="proposal-form">
        <Stack gap="sm">
          <Title order={3} size="h5">
            {t('opportunity.proposals.formTitle')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <MoneyInput
              label={t('opportunity.proposals.value')}
              description={t('opportunity.proposals.valueHint')}
              placeholder={t('opportunity.form.valuePlaceholder')}
              value={defaultValueText(values)}
              onChange={(value) => {
                setValues((v) => ({ ...v, value, valueTouched: value !== '' }));
                setErrors(({ valueCents: _v, ...rest }) => rest);
              }}
              error={error('valueCents')}
              required
              data-testid="proposal-value"
            />
            <TextInput
              type="date"
              label={t('opportunity.proposals.validUntil')}
              value={values.validUntil}
              onChange={(e) => {
                const validUntil = e.currentTarget.value;
                setValues((v) => ({ ...v, validUntil }));
              }}
              error={error('validUntil')}
              data-testid="proposal-valid-until"
            />
          </SimpleGrid>
          <Textarea
            label={t('opportunity.proposals.conditions')}
            placeholder={t('opportunity.proposals.conditionsPlaceholder')}
            value={values.conditions}
            onChange={(e) => {
              const conditions = e.currentTarget.value;
              setValues((v) => ({ ...v, conditions }));
            }}
            error={error('conditions')}
            autosize
            minRows={2}
            maxRows={8}
            maxLength={5000}
            data-testid="proposal-conditions"
          />

          <Stack gap={6}>
            <Text size="sm" fw={500}>
              {t('opportunity.proposals.items')}
            </Text>
            {values.items.map((row, i) => (
              <Group key={row.key} gap="xs" align="flex-start" wrap="wrap" data-testid="proposal-item-row">
                <TextInput
                  aria-label={t('opportunity.proposals.itemDescription')}
                  placeholder={t('opportunity.proposals.itemDescription')}
                  value={row.description}
                  onChange={(e) => setItem(i, { description: e.currentTarget.value })}
                  error={error(`items.${i}.description`)}
                  style={{ flex: '1 1 200px' }}
                  maxLength={200}
                  data-testid="proposal-item-description"
                />
                <TextInput
                  aria-label={t('opportunity.proposals.itemQuantity')}
                  placeholder={t('opportunity.proposals.itemQuantity')}
                  inputMode="numeric"
                  value={row.quantity}
                  onChange={(e) => setItem(i, { quantity: e.currentTarget.value.replace(/\D/g, '') })}
                  error={error(`items.${i}.quantity`)}
                  w={80}
                  data-testid="proposal-item-quantity"
                />
                <MoneyInput
                  aria-label={t('opportunity.proposals.itemUnit')}
                  placeholder={t('opportunity.proposals.itemUnit')}
                  value={row.unit}
                  onChange={(unit) => setItem(i, { unit })}
                  error={error(`items.${i}.unitCents`)}
                  w={170}
                  data-testid="proposal-item-unit"
                />
                <ActionIcon
                  variant="subtle"
                  color="red"
                  size="lg"
                  aria-label={t('opportunity.proposals.removeItem', { n: i + 1 })}
                  onClick={() => setValues((v) => ({ ...v, items: v.items.filter((_, j) => j !== i) }))}
                >
                  ×
                </ActionIcon>
              </Group>
            ))}
            <Group justify="space-between" gap="xs" wrap="wrap">
              <Button
                variant="subtle"
                size="compact-sm"
                onClick={() =>
                  setValues((v) => ({
                    ...v,
                    items: [...v.items, { key: itemRowKey(), description: '', quantity: '1', unit: '' }],
                  }))
                }
                data-testid="proposal-add-item"
              >
                {t('opportunity.proposals.addItem')}
              </Button>
              {values.items.length > 0 && (
                <Text size="sm" c="dimmed" data-testid="proposal-items-sum">
                  {t('opportunity.proposals.itemsSum', { value: formatBRL(sum, i18n.language) })}
                </Text>
              )}
            </Group>
          </Stack>

          {create.isError && !(isApiError(create.error) && create.error.errors.length) && (
            <Alert color="red" variant="light" role="alert">
              <Text size="sm">{problemMessage(create.error, t)}</Text>
            </Alert>
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onDone} disabled={create.isPending}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending} data-testid="proposal-submit">
              {t('opportunity.proposals.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
