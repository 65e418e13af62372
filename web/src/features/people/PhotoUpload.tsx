import { Avatar, Button, FileButton, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { problemMessage } from '../../lib/problems.ts';
import { useUploadPhoto } from './queries.ts';
import type { Person } from './types.ts';

const ACCEPT = 'image/png,image/jpeg,image/webp,image/gif';

type Props = {
  person: Person;
  onUploaded?: (person: Person) => void;
  /** Just the button (the person page header); the hint shows only after an upload. */
  compact?: boolean;
};

/** Photo (people) or logo (companies): sent as multipart, checked and resized by the server. */
export function PhotoUpload({ person, onUploaded, compact = false }: Props) {
  const { t } = useTranslation();
  const upload = useUploadPhoto(person.id);
  const label = person.kind === 'company' ? t('form.uploadLogo') : t('form.uploadPhoto');
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
        <FileButton
          accept={ACCEPT}
          onChange={(file) => {
            if (file) upload.mutate(file, { onSuccess: (updated) => onUploaded?.(updated) });
          }}
        >
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
        {(!compact || upload.isError || upload.isSuccess) && (
          <Text
            size="xs"
            c={upload.isError ? 'red' : 'dimmed'}
            role={upload.isError ? 'alert' : undefined}
            maw={220}
          >
            {upload.isError
              ? problemMessage(upload.error, t)
              : upload.isSuccess
                ? t('form.photoSaved')
                : t('form.photoHint')}
          </Text>
        )}
      </Stack>
    </Group>
  );
}
