import '@mantine/dates/styles.css';
import 'dayjs/locale/pt-br';
import { DateInput } from '@mantine/dates';
import { useTranslation } from 'react-i18next';
import { parseTypedDay } from './typed-day.ts';

type Props = {
  label: string;
  /** `YYYY-MM-DD` or '' (empty). */
  value: string;
  onChange: (day: string) => void;
  error?: string | undefined;
  min?: string | undefined;
  max?: string | undefined;
  testId?: string;
  w?: number;
};

/**
 * A day field typed and shown as dd/mm/aaaa whatever the browser's language (a native `type="date"` input follows
 * the browser: mm/dd/yyyy in an English one), with a calendar in the app's language. Reports whole days only.
 */
export function DayInput({ label, value, onChange, error, min, max, testId, w = 180 }: Props) {
  const { i18n } = useTranslation();
  return (
    <DateInput
      label={label}
      value={value || null}
      onChange={(day) => onChange(day ?? '')}
      valueFormat="DD/MM/YYYY"
      dateParser={parseTypedDay}
      placeholder="dd/mm/aaaa"
      locale={i18n.language.startsWith('pt') ? 'pt-br' : 'en'}
      minDate={min}
      maxDate={max}
      error={error}
      clearable={false}
      w={w}
      data-testid={testId}
      popoverProps={{ withinPortal: true }}
    />
  );
}
