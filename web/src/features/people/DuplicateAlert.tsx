import { type DuplicateMatch, documentKind } from '@funil/domain';
import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';

/** "CPF", "CNPJ", "passaporte", "inscrição estadual", "telefone" or "e-mail": the word for what collided. */
function fieldWord(match: DuplicateMatch): 'cpf' | 'cnpj' | DuplicateMatch['field'] {
  if (match.field !== 'document') return match.field;
  return documentKind(match.value) ?? 'document';
}

/** The 409 `person-duplicate` answer: one line per existing record, with a way in when it is visible. */
export function DuplicateAlert({ matches }: { matches: DuplicateMatch[] }) {
  const { t } = useTranslation();
  return (
    <Alert
      color="orange"
      variant="light"
      title={t('form.duplicateTitle')}
      data-testid="duplicate-alert"
      role="alert"
    >
      <Stack gap="sm">
        {matches.map((m) => {
          const field = t(`form.duplicateFields.${fieldWord(m)}`);
          return (
            <Group key={`${m.field}:${m.value}`} justify="space-between" gap="xs" wrap="wrap">
              <Text size="sm" data-testid="duplicate-match" data-visible={m.visible}>
                {m.visible
                  ? t('form.duplicateVisible', { field, name: m.name ?? '' })
                  : m.ownerName
                    ? t('form.duplicateHidden', { field, owner: m.ownerName })
                    : t('form.duplicateHiddenNoOwner', { field })}
              </Text>
              {m.visible && m.personId && (
                <Button
                  size="xs"
                  variant="white"
                  color="orange"
                  renderRoot={(props) => (
                    <Link to="/people/$id" params={{ id: m.personId ?? '' }} {...props} />
                  )}
                >
                  {t('form.openExisting')}
                </Button>
              )}
            </Group>
          );
        })}
      </Stack>
    </Alert>
  );
}
