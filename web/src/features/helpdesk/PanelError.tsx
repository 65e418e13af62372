import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../lib/api.ts';
import { fieldErrorMessage, problemMessage } from '../../lib/problems.ts';

/**
 * A failed panel call in one sentence: the server's own pt-BR explanation for the panel's refusals (agent not
 * mapped, team may not link, link expired), otherwise the translated problem and its first field error.
 */
export function PanelError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  let message = problemMessage(error, t);
  if (isApiError(error)) {
    if ([401, 403, 409].includes(error.status) && error.detail) message = error.detail;
    const first = error.errors[0];
    if (first) message = `${message} (${first.field}: ${fieldErrorMessage(first.code, t, first.message)})`;
  }
  return (
    <Alert color="red" variant="light" role="alert" p="xs" data-testid="panel-error">
      {message}
    </Alert>
  );
}
