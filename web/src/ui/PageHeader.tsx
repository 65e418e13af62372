import { Group, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import type { ReactNode } from 'react';

type Props = { title: ReactNode; children?: ReactNode; subtitle?: ReactNode };

/** The title row of a page, with its main actions on the right (wrapping under it on phones). */
export function PageHeader({ title, subtitle, children }: Props) {
  useDocumentTitle(typeof title === 'string' ? `${title} · Funil` : 'Funil');
  return (
    <Group justify="space-between" align="center" mb="md" gap="sm" wrap="wrap">
      <div>
        <Title order={1} size="h2">
          {title}
        </Title>
        {subtitle}
      </div>
      {/* The first action here is the page's primary one (the 390 px / 200 % zoom test keeps it in sight). */}
      {children && (
        <Group gap="xs" data-page-actions>
          {children}
        </Group>
      )}
    </Group>
  );
}
