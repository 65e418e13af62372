import { CONSENT_SOURCES, LEGAL_BASES } from '@funil/domain';
import { Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const oneOf = <T extends string>(list: readonly T[], value: unknown): T | null =>
  typeof value === 'string' && (list as readonly string[]).includes(value) ? (value as T) : null;

/** A `consent_granted` / `consent_revoked` event: basis, purpose, text version, source (and the evidence). */
export function ConsentEvent({ kind, data }: { kind: string; data: Record<string, unknown> }) {
  const { t } = useTranslation();
  const basis = oneOf(LEGAL_BASES, data.legalBasis);
  const source = oneOf(CONSENT_SOURCES, data.source);
  const values = {
    basis: basis ? t(`consents.bases.${basis}`) : t('timeline.unknownRef'),
    purpose: typeof data.purpose === 'string' ? data.purpose : t('timeline.unknownRef'),
    version: typeof data.textVersion === 'number' ? data.textVersion : '?',
    source: source ? t(`consents.sources.${source}`) : '',
  };
  return (
    <Stack gap={2} data-testid="consent-event" data-kind={kind}>
      <Text size="sm">
        {kind === 'consent_revoked'
          ? t('consents.timeline.revoked', values)
          : t('consents.timeline.granted', values)}
      </Text>
      {typeof data.evidence === 'string' && data.evidence && (
        <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
          {t('consents.timeline.evidence', { evidence: data.evidence })}
        </Text>
      )}
    </Stack>
  );
}
