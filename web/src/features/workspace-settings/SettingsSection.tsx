import { Alert, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { problemMessage } from '../../lib/problems.ts';
import { StaleVersionAlert } from '../../ui/StaleVersionAlert.tsx';

function Saved({ message, onClose, testId }: { message: string; onClose: () => void; testId: string }) {
  const { t } = useTranslation();
  return (
    <Alert
      color="green"
      variant="light"
      role="status"
      withCloseButton
      closeButtonLabel={t('common.close')}
      onClose={onClose}
      data-testid={testId}
    >
      {message}
    </Alert>
  );
}

/** A settings form's frame: title, intro, and its saved / stale-version / error notices above the fields. */
export function SettingsSection(props: {
  name: string;
  title: string;
  intro: string;
  notice?: ReactNode;
  saved: boolean;
  savedMessage: string;
  onCloseSaved: () => void;
  stale: boolean;
  onReload: () => void;
  reloading: boolean;
  error: unknown;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Paper
      withBorder
      p={{ base: 'sm', sm: 'md' }}
      component="section"
      aria-labelledby={`${props.name}-title`}
    >
      <Stack gap="sm">
        <Title order={2} size="h4" id={`${props.name}-title`}>
          {props.title}
        </Title>
        <Text size="sm" c="dimmed">
          {props.intro}
        </Text>
        {props.notice}
        {props.saved && (
          <Saved message={props.savedMessage} onClose={props.onCloseSaved} testId={`${props.name}-saved`} />
        )}
        {props.stale && <StaleVersionAlert onReload={props.onReload} reloading={props.reloading} />}
        {props.error !== null && !props.stale && (
          <Alert color="red" variant="light" role="alert" data-testid={`${props.name}-error`}>
            {problemMessage(props.error, t)}
          </Alert>
        )}
        {props.children}
      </Stack>
    </Paper>
  );
}
