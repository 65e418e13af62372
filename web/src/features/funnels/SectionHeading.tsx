import { Badge, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** The heading of a settings card: its title, an "unsaved" mark while it has edits, and a hint below. */
export function SectionHeading({ title, hint, changed }: { title: string; hint: string; changed: boolean }) {
  const { t } = useTranslation();
  return (
    <div>
      <Group gap="xs">
        <Text component="h2" fw={700} size="lg" m={0}>
          {title}
        </Text>
        {changed && (
          <Badge color="yellow" variant="dot" tt="none">
            {t('funnels.unsaved')}
          </Badge>
        )}
      </Group>
      <Text size="sm" c="dimmed">
        {hint}
      </Text>
    </div>
  );
}
