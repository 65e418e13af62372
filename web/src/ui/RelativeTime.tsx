import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatRelative } from '../lib/format.ts';

/** "há 5 minutos", with the exact date and time on hover; refreshes every minute. */
export function RelativeTime({ iso }: { iso: string }) {
  const { t, i18n } = useTranslation();
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 60_000);
    return () => clearInterval(timer);
  }, []);
  const absolute = formatDateTime(iso, i18n.language);
  const relative = formatRelative(iso, now, i18n.language) ?? t('relative.now');
  return (
    <time dateTime={iso} title={absolute}>
      {relative}
    </time>
  );
}
