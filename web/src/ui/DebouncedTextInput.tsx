import { TextInput, type TextInputProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { type Ref, useEffect, useRef, useState } from 'react';

type Props = Omit<TextInputProps, 'value' | 'onChange'> & {
  value: string;
  onChange: (value: string) => void;
  wait?: number;
  /** Escape empties the box. */
  clearOnEscape?: boolean;
  ref?: Ref<HTMLInputElement>;
};

/** A text input that reports its value once typing pauses (for inputs that trigger a search). */
export function DebouncedTextInput({ value, onChange, wait = 250, clearOnEscape = false, ...props }: Props) {
  const [text, setText] = useState(value);
  const [debounced] = useDebouncedValue(text, wait);
  const lastSent = useRef(value);

  // The value changed from elsewhere (back button, "clear filters"): show it.
  useEffect(() => {
    if (value !== lastSent.current) {
      lastSent.current = value;
      setText(value);
    }
  }, [value]);

  useEffect(() => {
    if (debounced !== lastSent.current) {
      lastSent.current = debounced;
      onChange(debounced);
    }
  }, [debounced, onChange]);

  return (
    <TextInput
      {...props}
      value={text}
      onChange={(e) => setText(e.currentTarget.value)}
      onKeyDown={(e) => {
        if (clearOnEscape && e.key === 'Escape') setText('');
        props.onKeyDown?.(e);
      }}
    />
  );
}
