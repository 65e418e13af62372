import type { Activity } from '@funil/domain';
import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemMessage } from '../../lib/problems.ts';
import { useActivityMutation } from './queries.ts';

export type CloseMode = { type: 'complete' | 'cancel'; activity: Activity };

/** Concluir (with the outcome) or Cancelar (with the reason, required) an open activity, confirmed here. */
export function CloseActivityModal({ mode, onClose }: { mode: CloseMode | null; onClose: () => void }) {
  const { t } = useTranslation();
  const mutation = useActivityMutation();
  const [text, setText] = useState('');
  const [missing, setMissing] = useState(false);
  const close = () => {
    if (mutation.isPending) return;
    setText('');
    setMissing(false);
    mutation.reset();
    onClose();
  };
  if (!mode) return <Modal opened={false} onClose={close} />;
  const complete = mode.type === 'complete';
  const a = mode.activity;
  const confirm = () => {
    const value = text.trim();
    if (!complete && !value) {
      setMissing(true);
      return;
    }
    mutation.mutate(
      complete
        ? { type: 'complete', id: a.id, version: a.version, outcome: value || null }
        : { type: 'cancel', id: a.id, version: a.version, reason: value },
      { onSuccess: close },
    );
  };
  return (
    <Modal
      opened
      onClose={close}
      title={complete ? t('activities.complete.title') : t('activities.cancel.title')}
      centered
    >
      <Stack gap="sm">
        <Text size="sm">
          {complete
            ? t('activities.complete.message', { title: a.title })
            : t('activities.cancel.message', { title: a.title })}
        </Text>
        <Textarea
          label={complete ? t('activities.complete.outcome') : t('activities.cancel.reason')}
          value={text}
          onChange={(e) => {
            setText(e.currentTarget.value);
            setMissing(false);
          }}
          required={!complete}
          error={missing ? t('fieldErrors.required') : undefined}
          autosize
          minRows={2}
          maxLength={complete ? 2000 : 500}
          data-autofocus
          data-testid={complete ? 'activity-outcome' : 'activity-cancel-reason'}
        />
        {mutation.isError && (
          <Alert color="red" role="alert">
            {problemMessage(mutation.error, t)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close} disabled={mutation.isPending}>
            {complete ? t('common.cancel') : t('activities.cancel.keep')}
          </Button>
          <Button
            color={complete ? 'green' : 'red'}
            onClick={confirm}
            loading={mutation.isPending}
            data-testid={complete ? 'activity-complete-confirm' : 'activity-cancel-confirm'}
          >
            {complete ? t('activities.complete.confirm') : t('activities.cancel.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
