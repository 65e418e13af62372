import { Select, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../ui/ConfirmModal.tsx';

type Props = {
  stageName: string;
  /** Cards that leave the stage: its own and those already headed to it. */
  cards: number;
  targets: { id: string; name: string }[];
  onConfirm: (moveTo: string | null) => void;
  onClose: () => void;
};

/**
 * Asks before taking a saved stage out of the funnel; when it has cards, the admin must choose the stage
 * that receives them. Nothing is sent yet: the funnel's save archives it.
 */
export function ArchiveStageModal({ stageName, cards, targets, onConfirm, onClose }: Props) {
  const { t } = useTranslation();
  const [target, setTarget] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const confirm = () => {
    if (cards === 0) return onConfirm(null);
    if (!target) return setError(t('funnels.pipelines.chooseTarget'));
    onConfirm(target);
  };
  return (
    <ConfirmModal
      opened
      title={t('funnels.pipelines.archiveTitle', { name: stageName })}
      message={
        cards === 0 ? (
          t('funnels.pipelines.archiveEmpty')
        ) : (
          <span data-testid="archive-stage-count">
            {t('funnels.pipelines.archiveWithCards', { count: cards })}
          </span>
        )
      }
      // The target is a form field, so it goes in the block below the message (a <p>).
      notice={
        cards === 0 ? null : targets.length === 0 ? (
          <Text size="sm" c="red" role="alert">
            {t('funnels.pipelines.noTarget')}
          </Text>
        ) : (
          <Select
            label={t('funnels.pipelines.moveTo')}
            data={targets.map((s) => ({ value: s.id, label: s.name }))}
            value={target}
            onChange={(value) => {
              setTarget(value);
              setError(null);
            }}
            error={error}
            allowDeselect={false}
            required
            data-testid="archive-stage-target"
            data-autofocus
          />
        )
      }
      confirmLabel={t('funnels.pipelines.archive')}
      error={error}
      onConfirm={confirm}
      onClose={onClose}
    />
  );
}
