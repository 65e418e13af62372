import type { InvolvedPerson, MissingSaleData } from '@funil/domain';
import { Alert, Anchor, Badge, Group, Stack, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';

type Props = {
  missing: MissingSaleData[];
  /** The involved people as loaded, to know whose record the user may open. */
  people: readonly InvolvedPerson[];
  onClose?: () => void;
};

/** A sale refused (422 `sale-requirements`): who misses what, each with a link to complete the record. */
export function SaleGateAlert({ missing, people, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <Alert
      color="orange"
      variant="light"
      title={t('opportunity.saleGate.title')}
      role="alert"
      data-testid="sale-gate-alert"
      withCloseButton={Boolean(onClose)}
      onClose={onClose}
      closeButtonLabel={t('common.close')}
    >
      <Stack gap="xs">
        <Text size="sm">{t('opportunity.saleGate.intro')}</Text>
        {missing.map((m) => {
          const person = people.find((p) => p.personId === m.personId);
          const visible = person?.visible ?? true;
          return (
            <Group
              key={m.personId}
              gap="xs"
              wrap="wrap"
              data-testid="sale-gate-person"
              data-person-id={m.personId}
            >
              <Text size="sm" fw={600}>
                {m.name || person?.name}
              </Text>
              {m.missing.map((req) => (
                <Badge key={req} color="orange" variant="outline" size="sm" tt="none" data-missing={req}>
                  {t(`opportunity.missing.${req}`)}
                </Badge>
              ))}
              {visible ? (
                <Anchor
                  size="sm"
                  data-testid="sale-gate-fix"
                  aria-label={t('opportunity.saleGate.fixOf', { name: m.name || person?.name })}
                  renderRoot={(props) => (
                    <Link to="/people/$id/edit" params={{ id: m.personId }} {...props} />
                  )}
                >
                  {t('opportunity.saleGate.fix')}
                </Anchor>
              ) : (
                <Text size="xs" c="dimmed">
                  {t('opportunity.saleGate.hidden')}
                </Text>
              )}
            </Group>
          );
        })}
      </Stack>
    </Alert>
  );
}
