import type { ListOption, OptionListName } from '@funil/domain';
import { ActionIcon, Button, Flex, Group, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { type ReactNode, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../lib/api.ts';
import { isVersionMismatch, problemMessage } from '../../lib/problems.ts';
import { StaleVersionAlert } from '../../ui/StaleVersionAlert.tsx';
import { funnelFieldError } from './field-errors.ts';
import {
  addItem,
  type DraftItem,
  draftFromOptions,
  hasParent,
  isListChanged,
  itemErrorsFromServer,
  MAX_OPTIONS,
  moveItem,
  OPTION_LABEL_MAX,
  parentErrorKey,
  removedItems,
  removeItem,
  renameItem,
  restoreItem,
  setItemParent,
  toListRequest,
  validateItems,
} from './option-list-draft.ts';
import { useSaveOptionList } from './queries.ts';
import { SectionHeading } from './SectionHeading.tsx';

type Props = {
  list: OptionListName;
  saved: ListOption[];
  /** Sub-moments: the saved moments, one of which each item must pick (`parentId`). */
  parents?: ListOption[] | undefined;
  /** The settings version known now (If-Match of the save). */
  version: number;
  /** Loads the settings again after someone else saved them (412), dropping unsaved edits. */
  onReload: () => void;
  reloading: boolean;
};

type ParentData = { value: string; label: string }[];

type ItemProps = {
  item: DraftItem;
  index: number;
  count: number;
  error: string | undefined;
  /** With a parent list: its items, the error of this item's choice and the change. */
  parent?:
    | { data: ParentData; error: string | undefined; onChange: (parentId: string | null) => void }
    | undefined;
  onChange: (label: string) => void;
  onMove: (delta: number) => void;
  onRemove: () => void;
};

function OptionItem({ item, index, count, error, parent, onChange, onMove, onRemove }: ItemProps) {
  const { t } = useTranslation();
  const name = item.label.trim() || t('funnels.settings.itemLabel', { position: index + 1 });
  return (
    <Group
      gap={4}
      wrap="nowrap"
      align="flex-start"
      data-testid="option-item"
      data-label={item.label.trim()}
      data-parent={item.parentId ?? undefined}
    >
      <WithParent parent={Boolean(parent)}>
        <TextInput
          aria-label={t('funnels.settings.itemLabel', { position: index + 1 })}
          value={item.label}
          onChange={(e) => onChange(e.currentTarget.value)}
          error={error}
          maxLength={OPTION_LABEL_MAX}
          style={{ flex: 1 }}
          data-testid="option-item-label"
        />
        {parent && (
          <Select
            aria-label={t('funnels.settings.parentOf', { label: name })}
            placeholder={t('funnels.settings.parentPlaceholder')}
            data={withUnknownParent(parent.data, item.parentId, t('funnels.errors.unknown_option'))}
            value={item.parentId}
            onChange={parent.onChange}
            error={parent.error}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
            style={{ flex: 1 }}
            data-testid="option-item-parent"
          />
        )}
      </WithParent>
      <ActionIcon
        variant="subtle"
        size="lg"
        onClick={() => onMove(-1)}
        disabled={index === 0}
        aria-label={t('funnels.moveUp', { name })}
      >
        <span aria-hidden>↑</span>
      </ActionIcon>
      <ActionIcon
        variant="subtle"
        size="lg"
        onClick={() => onMove(1)}
        disabled={index === count - 1}
        aria-label={t('funnels.moveDown', { name })}
      >
        <span aria-hidden>↓</span>
      </ActionIcon>
      <ActionIcon
        variant="subtle"
        color="red"
        size="lg"
        onClick={onRemove}
        aria-label={t('funnels.settings.remove', { label: name })}
        data-testid="option-item-remove"
      >
        <span aria-hidden>✕</span>
      </ActionIcon>
    </Group>
  );
}

/** The label and its parent side by side, one under the other on phones; the label alone otherwise. */
function WithParent({ parent, children }: { parent: boolean; children: ReactNode }) {
  if (!parent) return children;
  return (
    <Flex gap={4} direction={{ base: 'column', xs: 'row' }} style={{ flex: 1, minWidth: 0 }}>
      {children}
    </Flex>
  );
}

/** A parent that is no longer listed (archived since) stays shown, named as not found. */
function withUnknownParent(data: ParentData, parentId: string | null, unknown: string): ParentData {
  return parentId && !data.some((d) => d.value === parentId)
    ? [...data, { value: parentId, label: unknown }]
    : data;
}

/**
 * One workspace list: add, rename, reorder and remove items, then save the whole list. Sub-moments also
 * pick their moment.
 */
export function OptionListEditor({ list, saved, parents, version, onReload, reloading }: Props) {
  const { t } = useTranslation();
  const save = useSaveOptionList();
  // Null until the admin changes something (and again once saved): the saved list is shown.
  const [draft, setDraft] = useState<DraftItem[] | null>(null);
  const [newLabel, setNewLabel] = useState('');
  const withParent = hasParent(list);
  const parentData: ParentData = [...(parents ?? [])]
    .sort((a, b) => a.position - b.position)
    .map((p) => ({ value: p.id, label: p.label }));
  const [newParent, setNewParent] = useState<string | null>(null);
  // The new item's moment: the one picked, else the first moment.
  const newParentId = newParent ?? parentData[0]?.value ?? null;
  const newInput = useRef<HTMLInputElement>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const items = draft ?? draftFromOptions(saved);
  const removed = removedItems(saved, items);
  const changed = draft !== null && isListChanged(saved, draft);
  const stale = isVersionMismatch(save.error);
  const title = t(`funnels.settings.lists.${list}`);

  const edit = (next: DraftItem[]) => {
    setDraft(next);
    setDone(false);
    setGeneral(null);
  };

  const add = () => {
    if (!newLabel.trim() || (withParent && !newParentId)) return;
    edit(addItem(items, newLabel, withParent ? newParentId : null));
    setNewLabel('');
    // Ready for the next one (the add button just got disabled).
    newInput.current?.focus();
  };

  const submit = async () => {
    const found = validateItems(items, withParent);
    setErrors(found);
    setGeneral(null);
    if (Object.keys(found).length) return;
    try {
      await save.mutateAsync({ list, version, ...toListRequest(items, withParent) });
      setDraft(null);
      setDone(true);
    } catch (err) {
      if (isVersionMismatch(err)) return;
      const fromServer = isApiError(err) ? itemErrorsFromServer(items, err.errors) : {};
      setErrors(fromServer);
      if (Object.keys(fromServer).length === 0) setGeneral(problemMessage(err, t));
    }
  };

  return (
    <Paper
      withBorder
      p="md"
      data-testid="option-list"
      data-list={list}
      component="section"
      aria-label={title}
    >
      <Stack gap="sm">
        <SectionHeading title={title} hint={t(`funnels.settings.listHints.${list}`)} changed={changed} />
        {stale && <StaleVersionAlert onReload={onReload} reloading={reloading} />}
        {general && (
          <Text size="sm" c="red" role="alert">
            {general}
          </Text>
        )}
        {items.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('funnels.settings.emptyList')}
          </Text>
        ) : (
          <Stack gap={6}>
            {items.map((item, index) => (
              <OptionItem
                key={item.key}
                item={item}
                index={index}
                count={items.length}
                error={funnelFieldError(errors[item.key], t)}
                parent={
                  withParent
                    ? {
                        data: parentData,
                        error: funnelFieldError(errors[parentErrorKey(item.key)], t),
                        onChange: (parentId) => edit(setItemParent(items, item.key, parentId)),
                      }
                    : undefined
                }
                onChange={(label) => edit(renameItem(items, item.key, label))}
                onMove={(delta) => edit(moveItem(items, item.key, delta))}
                onRemove={() => edit(removeItem(items, item.key))}
              />
            ))}
          </Stack>
        )}
        {withParent && parentData.length === 0 && (
          <Text size="sm" c="yellow" data-testid="option-no-parents">
            {t('funnels.settings.noParents')}
          </Text>
        )}
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <WithParent parent={withParent}>
            <TextInput
              aria-label={`${t('funnels.settings.newItem')} — ${title}`}
              placeholder={t('funnels.settings.newItem')}
              value={newLabel}
              onChange={(e) => setNewLabel(e.currentTarget.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  add();
                }
              }}
              maxLength={OPTION_LABEL_MAX}
              style={{ flex: 1 }}
              data-testid="option-item-new"
              ref={newInput}
            />
            {withParent && (
              <Select
                aria-label={t('funnels.settings.newParent')}
                placeholder={t('funnels.settings.parentPlaceholder')}
                data={parentData}
                value={newParentId}
                onChange={setNewParent}
                allowDeselect={false}
                disabled={parentData.length === 0}
                comboboxProps={{ withinPortal: true }}
                style={{ flex: 1 }}
                data-testid="option-item-new-parent"
              />
            )}
          </WithParent>
          <Button
            variant="default"
            onClick={add}
            disabled={!newLabel.trim() || items.length >= MAX_OPTIONS || (withParent && !newParentId)}
            data-testid="option-item-add"
          >
            {t('funnels.settings.add')}
          </Button>
        </Group>
        {removed.length > 0 && (
          <Stack gap={4} data-testid="option-removed">
            <Text size="sm" fw={600}>
              {t('funnels.settings.removedTitle')}
            </Text>
            {removed.map((option) => (
              <Group key={option.id} gap="xs">
                <Text size="sm" td="line-through">
                  {option.label}
                </Text>
                <Button size="compact-xs" variant="subtle" onClick={() => edit(restoreItem(items, option))}>
                  {t('funnels.undo')}
                </Button>
              </Group>
            ))}
            <Text size="xs" c="dimmed">
              {t('funnels.settings.archiveNote')}
            </Text>
          </Stack>
        )}
        <Group justify="flex-end" gap="sm">
          {done && (
            <Text size="sm" c="green" role="status">
              {t('funnels.settings.listSaved')}
            </Text>
          )}
          {changed && (
            <Button
              variant="default"
              onClick={() => {
                setDraft(null);
                setErrors({});
                setGeneral(null);
              }}
              disabled={save.isPending}
            >
              {t('common.cancel')}
            </Button>
          )}
          <Button
            onClick={() => void submit()}
            loading={save.isPending}
            disabled={!changed}
            data-testid="option-list-save"
          >
            {t('funnels.settings.saveList')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
