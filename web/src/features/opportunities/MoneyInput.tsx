import { TextInput, type TextInputProps } from '@mantine/core';
import { formatMoneyInput, sanitizeMoneyInput } from './money.ts';

type Props = Omit<TextInputProps, 'value' | 'onChange'> & {
  value: string;
  onChange: (value: string) => void;
};

/** A BRL amount typed the Brazilian way (`250.000,00`); tidied when the field loses focus. */
export function MoneyInput({ value, onChange, onBlur, ...props }: Props) {
  return (
    <TextInput
      inputMode="decimal"
      autoComplete="off"
      leftSection="R$"
      leftSectionPointerEvents="none"
      {...props}
      value={value}
      onChange={(e) => onChange(sanitizeMoneyInput(e.currentTarget.value))}
      onBlur={(e) => {
        const tidy = formatMoneyInput(value);
        if (tidy !== value) onChange(tidy);
        onBlur?.(e);
      }}
    />
  );
}
