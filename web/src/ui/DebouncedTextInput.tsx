import { TextInput, type TextInputProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useRef, useState } from 'react';

type Props = Omit<TextInputProps, 'value' | 'onChange'> & {
  value: string;
  onChange: (value: string) => void;
  wait?: number;
};

/** A text input that reports its value once typing pauses (for inputs that trigger a search). */
export function DebouncedTextInput({ value, onChange, wait = 250, ...props }: Props) {
  const [text, setText] = useState(value);
  const [debounced] = useDebouncedValue(text, wait);
  const lastSent = useRef(value);

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

  return <TextInput {...props} value={text} onChange={(e) => setText(e.currentTarget.value)} />;
}
