import { Alert, Box, Paper, Skeleton, Stack, Title } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../lib/api.ts';
import { problemMessage } from '../../lib/problems.ts';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { usePreRegister } from '../callcenter/queries.ts';
import { usePersonStatus } from '../person-status/queries.ts';
import { changedFields, personToForm } from './form-model.ts';
import { PersonForm } from './PersonForm.tsx';
import { PersonNotFound } from './PersonNotFound.tsx';
import { PhotoUpload } from './PhotoUpload.tsx';
import type { PreRegistrationSearch } from './pre-registration-search.ts';
import { usePerson, useRevealPhones, useUpdatePerson } from './queries.ts';
import type { Person, Phone } from './types.ts';

/**
 * The full person form; with `preRegistration` (a won negotiation) it is the pré-cadastro: the client's data is
 * completed here and saving converts the person into a client through that sale.
 */
export function EditPersonPage({
  id,
  preRegistration,
}: {
  id: string;
  preRegistration?: PreRegistrationSearch | null;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const query = usePerson(id);
  const update = useUpdatePerson(id);
  const status = usePersonStatus(id);
  const revealPhones = useRevealPhones(id);
  const convert = usePreRegister(id);
  // The full numbers, once revealed for editing (recorded); until then the phones are not part of the edit.
  const [revealed, setRevealed] = useState<Phone[] | null>(null);
  // The version the user started editing: edits are sent against it (If-Match), whatever the cache says later.
  const [base, setBase] = useState<Person | null>(null);
  const [formKey, setFormKey] = useState(0);
  const [reloading, setReloading] = useState(false);

  useEffect(() => {
    if (query.data && (!base || base.id !== query.data.id)) setBase(query.data);
  }, [query.data, base]);

  if (query.isError && isApiError(query.error) && query.error.status === 404) return <PersonNotFound />;
  if (query.isError && !base) {
    return <ErrorState message={problemMessage(query.error, t)} onRetry={() => void query.refetch()} />;
  }
  if (!base) {
    return (
      <Stack maw={960} mx="auto">
        <Skeleton height={32} width="50%" />
        <Skeleton height={240} />
        <Skeleton height={160} />
      </Stack>
    );
  }

  const reload = async () => {
    setReloading(true);
    const fresh = await query.refetch();
    setReloading(false);
    if (fresh.data) {
      setBase(fresh.data);
      setRevealed(null);
      setFormKey((k) => k + 1);
    }
  };

  const stillMissing =
    isApiError(convert.error) && convert.error.code === 'sale-requirements'
      ? convert.error.missing.flatMap((m) => m.missing)
      : (preRegistration?.missing ?? []);
  const afterSave = async () => {
    if (preRegistration?.preRegistration) {
      try {
        await convert.mutateAsync(preRegistration.preRegistration);
      } catch {
        // Shown above the form; the data saved stays saved.
        return;
      }
    }
    void navigate({ to: '/people/$id', params: { id } });
  };

  return (
    <Box maw={960} mx="auto">
      <PageHeader
        title={
          preRegistration
            ? t('callcenter.pre.formTitle', { name: base.name })
            : t('form.editTitle', { name: base.name })
        }
      />
      {preRegistration && (
        <Alert color={convert.error ? 'red' : 'blue'} mb="md" data-testid="pre-form-notice" role="status">
          {stillMissing.length > 0
            ? t('callcenter.pre.formMissing', {
                fields: stillMissing.map((m) => t(`callcenter.pre.requirements.${m}`)).join(', '),
              })
            : convert.error
              ? problemMessage(convert.error, t)
              : t('callcenter.pre.formIntro')}
        </Alert>
      )}
      <PersonForm
        key={formKey}
        mode="edit"
        initial={personToForm(base)}
        customValues={base.customFields}
        save={async (data) => {
          // A person without phones has nothing to hide: their (empty) list is editable from the start.
          const body = changedFields(data, base, revealed ?? (base.phones.length === 0 ? [] : null));
          if (Object.keys(body).length === 0) return null;
          return update.mutateAsync({ body, version: base.version });
        }}
        onSaved={() => void afterSave()}
        onCancel={() => void navigate({ to: '/people/$id', params: { id } })}
        onReload={() => void reload()}
        reloading={reloading}
        phoneRevealer={{
          allowed: status.data?.allowedActions.includes('viewPhones') === true,
          reveal: async () => {
            const { phones } = await revealPhones.mutateAsync();
            setRevealed(phones);
            return phones;
          },
        }}
        header={
          <Paper withBorder p={{ base: 'sm', sm: 'md' }} component="section">
            <Title order={2} size="h4" mb="sm">
              {t('form.sections.photo')}
            </Title>
            <PhotoUpload
              person={base}
              onUploaded={(updated) =>
                // Our own upload bumped the version by one: keep editing on top of it.
                setBase((current) =>
                  current && updated.version === current.version + 1
                    ? { ...current, version: updated.version, photoUrl: updated.photoUrl }
                    : current,
                )
              }
            />
          </Paper>
        }
      />
    </Box>
  );
}
