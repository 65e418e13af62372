import { Box, Text } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { newIdempotencyKey } from '../../lib/ids.ts';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useSession } from '../auth/queries.ts';
import { emptyPersonForm } from './form-model.ts';
import { PersonForm } from './PersonForm.tsx';
import { useCreatePerson } from './queries.ts';

export function NewPersonPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const navigate = useNavigate();
  const create = useCreatePerson();
  // Brokers and managers own what they register unless they pick someone else.
  const [initial] = useState(() =>
    emptyPersonForm({
      ownerId: user.role === 'broker' || user.role === 'manager' ? user.id : null,
      branchId: user.branchId,
    }),
  );

  return (
    <Box maw={960} mx="auto">
      <PageHeader title={t('form.newTitle')} />
      <PersonForm
        mode="create"
        initial={initial}
        save={(data) => create.mutateAsync({ body: data, idempotencyKey: newIdempotencyKey() })}
        onSaved={(person) => {
          if (person) void navigate({ to: '/people/$id', params: { id: person.id } });
        }}
        onCancel={() => void navigate({ to: '/people' })}
        header={
          <Text size="sm" c="dimmed">
            {t('form.photoAfterCreate')}
          </Text>
        }
      />
    </Box>
  );
}
