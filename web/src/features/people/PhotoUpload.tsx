import { PHOTO_TYPES } from '@funil/domain';
import { Avatar, Button, FileButton, Group, Stack, Text } from '@mantine/core';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemMessage } from '../../lib/problems.ts';
import { PhotoEditor } from './PhotoEditor.tsx';
import type { LoadedPhoto } from './photo-canvas.ts';
import { type PhotoFileProblem, photoFileProblem } from './photo-file.ts';
import { useUploadPhoto } from './queries.ts';
import type { Person } from './types.ts';

const ACCEPT = PHOTO_TYPES.join(',');

type Props = {
  person: Person;
  onUploaded?: (person: Person) => void;
  /** Just the button (the person page header); the hint shows only after an upload. */
  compact?: boolean;
};

type PickProblem = PhotoFileProblem | 'photoUnreadable';

/** The picked file decoded for the editor, or why it cannot go there (a key of form.*). */
async function loadPhoto(file: File): Promise<LoadedPhoto | PickProblem> {
  const problem = photoFileProblem(file);
  if (problem) return problem;
  try {
    const bitmap = await createImageBitmap(file);
    return { bitmap, size: { width: bitmap.width, height: bitmap.height }, type: file.type };
  } catch {
    return 'photoUnreadable';
  }
}

/**
 * Photo (people) or logo (companies): picked, edited in the browser (crop, zoom, rotation), sent as multipart;
 * the server still checks the content and re-encodes it.
 */
export function PhotoUpload({ person, onUploaded, compact = false }: Props) {
  const { t } = useTranslation();
  const upload = useUploadPhoto(person.id);
  const [photo, setPhoto] = useState<LoadedPhoto | null>(null);
  const [pickError, setPickError] = useState<PickProblem | null>(null);
  // Cleared after each pick, so picking the same file again (after Cancelar) opens the editor again.
  const resetPick = useRef<() => void>(null);
  const label = person.kind === 'company' ? t('form.uploadLogo') : t('form.uploadPhoto');

  const pick = async (file: File | null) => {
    resetPick.current?.();
    if (!file) return;
    upload.reset();
    const loaded = await loadPhoto(file);
    setPickError(typeof loaded === 'string' ? loaded : null);
    if (typeof loaded !== 'string') setPhoto(loaded);
  };
  const close = () => {
    photo?.bitmap.close();
    setPhoto(null);
  };
  const message = pickError
    ? t(`form.${pickError}`)
    : upload.isError
      ? problemMessage(upload.error, t)
      : upload.isSuccess
        ? t('form.photoSaved')
        : t('form.photoHint');
  const failed = pickError !== null || upload.isError;

  return (
    <Group gap="md" wrap="nowrap" align="center">
      {!compact && (
        <Avatar
          src={person.photoUrl}
          name={person.name}
          color="initials"
          size={72}
          alt={t('person.photoAlt', { name: person.name })}
        />
      )}
      <Stack gap={4}>
        <FileButton accept={ACCEPT} resetRef={resetPick} onChange={(file) => void pick(file)}>
          {(props) => (
            <Button
              {...props}
              variant="default"
              size={compact ? 'sm' : 'xs'}
              loading={upload.isPending}
              title={t('form.photoHint')}
            >
              {label}
            </Button>
          )}
        </FileButton>
        {(!compact || failed || upload.isSuccess) && (
          <Text
            size="xs"
            c={failed ? 'red' : 'dimmed'}
            role={failed ? 'alert' : undefined}
            maw={220}
            data-testid="photo-message"
          >
            {message}
          </Text>
        )}
      </Stack>
      <PhotoEditor
        photo={photo}
        onCancel={close}
        onSave={(file) => {
          close();
          upload.mutate(file, { onSuccess: (updated) => onUploaded?.(updated) });
        }}
      />
    </Group>
  );
}
