import { Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TimelineEvent } from '../timeline/types.ts';
import { formatAssetValue, isAssetStatus } from './asset-form.ts';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const text = (v: unknown) => (typeof v === 'string' ? v : '');

type Change = { field: string; label?: string; old: unknown; new: unknown };

function readChanges(data: Record<string, unknown>): Change[] {
  return Array.isArray(data.changes)
    ? data.changes.filter((c): c is Change => isRecord(c) && typeof c.field === 'string')
    : [];
}

const OWN_FIELDS = ['identifier', 'status', 'startDate', 'endDate', 'notes'] as const;
type OwnField = (typeof OWN_FIELDS)[number];
const isOwnField = (f: string): f is OwnField => (OWN_FIELDS as readonly string[]).includes(f);

/** An `asset_changed` event: what happened to which asset, and each changed field (old → new). */
export function AssetChangedEvent({ event }: { event: TimelineEvent }) {
  const { t, i18n } = useTranslation();
  const data = isRecord(event.data) ? event.data : {};
  const asset = isRecord(data.asset) ? data.asset : {};
  const action = data.action === 'added' || data.action === 'ended' ? data.action : 'updated';
  const yesNo = { yes: t('assets.yes'), no: t('assets.no') };
  const show = (field: string, value: unknown): string => {
    if (value === null || value === undefined || value === '') return t('timeline.emptyValue');
    if (field === 'status' && typeof value === 'string' && isAssetStatus(value))
      return t(`assets.statuses.${value}`);
    // The event does not carry the field's type: a calendar day (YYYY-MM-DD) reads as a date.
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value))
      return formatAssetValue(
        { key: field, label: '', type: 'date', required: false, options: [] },
        value,
        i18n.language,
        yesNo,
      );
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      return formatAssetValue(undefined, value, i18n.language, yesNo);
    return JSON.stringify(value);
  };
  // On an addition, every filled field is "new": list them without the empty old side.
  const changes = readChanges(data).filter((c) => !(action === 'added' && c.field === 'status'));
  return (
    <Stack gap={2} data-testid="asset-event" data-action={action}>
      <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
        {t(`assets.timeline.${action}`, { type: text(asset.type), identifier: text(asset.identifier) })}
      </Text>
      {changes.map((c) => {
        const label = isOwnField(c.field)
          ? t(`assets.timeline.${c.field}`)
          : (c.label ?? c.field.replace(/^values\./, ''));
        return (
          <Text key={c.field} size="sm" style={{ overflowWrap: 'anywhere' }} data-field={c.field}>
            <Text span fw={600} inherit>
              {label}:
            </Text>{' '}
            {action !== 'added' && (
              <>
                <Text span c="dimmed" inherit>
                  {show(c.field, c.old)}
                </Text>
                {' → '}
              </>
            )}
            {show(c.field, c.new)}
          </Text>
        );
      })}
    </Stack>
  );
}
