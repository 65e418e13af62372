import { ATTACHMENT_EXTENSIONS } from '@funil/domain';
import { Button, FileButton } from '@mantine/core';
import { useRef } from 'react';

const ACCEPT = ATTACHMENT_EXTENSIONS.map((ext) => `.${ext}`).join(',');

/** A button that opens the file chooser (several files, the whitelisted extensions offered first). */
export function FilePickerButton({
  label,
  title,
  onFiles,
  testId,
  variant = 'default',
}: {
  label: string;
  title?: string | undefined;
  onFiles: (files: File[]) => void;
  testId: string;
  variant?: 'default' | 'filled' | 'light';
}) {
  // Cleared after each choice, so the same file can be chosen again after being removed.
  const resetRef = useRef<() => void>(null);
  return (
    <FileButton
      onChange={(files) => {
        onFiles(files);
        resetRef.current?.();
      }}
      accept={ACCEPT}
      multiple
      resetRef={resetRef}
      inputProps={{ 'data-testid': `${testId}-input` } as React.ComponentProps<'input'>}
    >
      {(props) => (
        <Button {...props} variant={variant} size="sm" title={title} data-testid={testId}>
          {label}
        </Button>
      )}
    </FileButton>
  );
}
