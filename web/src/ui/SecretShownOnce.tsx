import { Alert, Button, Code, CopyButton, Group, Modal, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * A secret the server shows once (a token, a signing secret): the warning, the secret, a copy button and "Já copiei".
 * Test ids: `testId`, `${testId}-copy`, `${testId}-done`.
 */
export function SecretShownOnce({
  title,
  warning,
  secret,
  testId,
  onClose,
}: {
  title: string;
  warning: string;
  secret: string;
  testId: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal opened onClose={onClose} title={title} size="lg" centered>
      <Stack>
        <Alert color="yellow" variant="light">
          {warning}
        </Alert>
        <Code block data-testid={testId} style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
          {secret}
        </Code>
        <Group justify="flex-end">
          <CopyButton value={secret}>
            {({ copied, copy }) => (
              <Button
                variant="light"
                color={copied ? 'teal' : 'blue'}
                onClick={copy}
                data-testid={`${testId}-copy`}
              >
                {copied ? t('common.copied') : t('common.copy')}
              </Button>
            )}
          </CopyButton>
          <Button onClick={onClose} data-testid={`${testId}-done`}>
            {t('common.copiedDone')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
