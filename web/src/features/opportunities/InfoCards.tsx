import type { Opportunity } from '@funil/domain';
import { Badge, Button, Code, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime, formatDay } from '../../lib/format.ts';

export function Card({
  title,
  id,
  action,
  children,
  testId,
}: {
  title: string;
  id: string;
  action?: ReactNode;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <Paper
      withBorder
      p={{ base: 'sm', sm: 'md' }}
      component="section"
      aria-labelledby={id}
      data-testid={testId}
    >
      <Group justify="space-between" gap="xs" mb="sm" wrap="wrap">
        <Title order={2} size="h4" id={id}>
          {title}
        </Title>
        {action}
      </Group>
      {children}
    </Paper>
  );
}

export function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div data-testid={testId}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div" style={{ overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </div>
  );
}

/** How the lead arrived: typed in by someone, or received from an integration (with what it sent, as is). */
export function LeadInfoCard({ opportunity: o }: { opportunity: Opportunity }) {
  const { t, i18n } = useTranslation();
  const date = formatDateTime(o.createdAt, i18n.language);
  const hasPayload = o.originPayload !== null && o.originPayload !== undefined;
  return (
    <Card title={t('opportunity.lead.title')} id="lead-info-title" testId="lead-info-card">
      {o.origin === 'integration' ? (
        <Stack gap="sm" data-origin="integration">
          <Badge variant="light" color="violet" tt="none" w="fit-content">
            {t('opportunity.lead.integration')}
          </Badge>
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            <Fact label={t('opportunity.lead.integrationName')} testId="lead-integration">
              {o.originIntegration ?? t('opportunity.details.none')}
            </Fact>
            <Fact label={t('opportunity.lead.receivedAt')}>{date}</Fact>
          </SimpleGrid>
          <div>
            <Text size="xs" c="dimmed" mb={4}>
              {t('opportunity.lead.payload')}
            </Text>
            {hasPayload ? (
              <Code block data-testid="lead-payload" style={{ maxHeight: 360, overflow: 'auto' }}>
                {JSON.stringify(o.originPayload, null, 2)}
              </Code>
            ) : (
              <Text size="sm" c="dimmed">
                {t('opportunity.lead.noPayload')}
              </Text>
            )}
          </div>
        </Stack>
      ) : o.origin === 'import' ? (
        <Text size="sm" data-origin="import" data-testid="lead-origin">
          {t('opportunity.lead.imported', { fileName: o.originIntegration ?? '', date })}
        </Text>
      ) : (
        <Text size="sm" data-origin="manual" data-testid="lead-origin">
          {o.createdBy
            ? t('opportunity.lead.manual', { name: o.createdBy.name, date })
            : t('opportunity.lead.manualUnknown', { date })}
        </Text>
      )}
    </Card>
  );
}

/** Team, manager, broker and branch: who serves the client, and so who may open the opportunity. */
export function ConversionCard({ opportunity: o }: { opportunity: Opportunity }) {
  const { t } = useTranslation();
  const none = t('opportunity.conversion.none');
  return (
    <Card title={t('opportunity.conversion.title')} id="conversion-title" testId="conversion-card">
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
        <Fact label={t('opportunity.conversion.team')} testId="conversion-team">
          {o.team?.name ?? none}
        </Fact>
        <Fact label={t('opportunity.conversion.manager')} testId="conversion-manager">
          {o.manager?.name ?? none}
        </Fact>
        <Fact label={t('opportunity.conversion.owner')} testId="conversion-owner">
          {o.owner?.name ?? none}
        </Fact>
        <Fact label={t('opportunity.conversion.branch')} testId="conversion-branch">
          {o.branch?.name ?? none}
        </Fact>
      </SimpleGrid>
      <Text size="xs" c="dimmed" mt="sm">
        {t('opportunity.conversion.hint')}
      </Text>
    </Card>
  );
}

/** Description, plan, city, qualification, source, tags, expected close date; "Editar" opens the form. */
export function DetailsCard({
  opportunity: o,
  onEdit,
}: {
  opportunity: Opportunity;
  onEdit?: (() => void) | undefined;
}) {
  const { t, i18n } = useTranslation();
  const none = t('opportunity.details.none');
  const archived = t('opportunity.details.archived');
  const option = (v: { label: string; archived: boolean } | null) =>
    v ? (v.archived ? `${v.label} ${archived}` : v.label) : none;
  const source = [o.source.media, o.source.channel].filter(Boolean).join(' / ');
  return (
    <Card
      title={t('opportunity.details.title')}
      id="details-title"
      testId="opportunity-details"
      action={
        onEdit && (
          <Button
            size="compact-sm"
            variant="light"
            onClick={onEdit}
            aria-label={t('opportunity.details.edit')}
            data-testid="details-edit"
          >
            {t('opportunity.actions.edit')}
          </Button>
        )
      }
    >
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <Fact label={t('opportunity.fields.businessPlan')}>{option(o.businessPlan)}</Fact>
          <Fact label={t('opportunity.fields.qualification')}>{option(o.qualification)}</Fact>
          <Fact label={t('opportunity.fields.city')}>{o.city ?? none}</Fact>
          <Fact label={t('opportunity.fields.expectedCloseDate')} testId="detail-close-date">
            {o.expectedCloseDate ? formatDay(o.expectedCloseDate, i18n.language) : none}
          </Fact>
          <Fact label={t('opportunity.details.source')}>{source || none}</Fact>
          <Fact label={t('opportunity.fields.tags')}>
            {o.tags.length ? (
              <Group gap={4} wrap="wrap" mt={2}>
                {o.tags.map((tag) => (
                  <Badge key={tag} variant="outline" color="gray" size="sm" tt="none">
                    {tag}
                  </Badge>
                ))}
              </Group>
            ) : (
              none
            )}
          </Fact>
        </SimpleGrid>
        <Fact label={t('opportunity.fields.description')}>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="detail-description">
            {o.description ?? none}
          </Text>
        </Fact>
        <Text size="xs" c="dimmed">
          {t('opportunity.details.updatedAt', { date: formatDate(o.updatedAt, i18n.language) })}
        </Text>
      </Stack>
    </Card>
  );
}
