import { isValidCep, type LookupAddress, maskCepInput, normalizeCep } from '@funil/domain';
import { Alert, Button, Loader, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AddressField, fillAddress } from './fill.ts';
import { type LookupState, LookupStatus } from './LookupStatus.tsx';
import { fetchAddress } from './lookup-api.ts';

type Row = Record<AddressField, string>;

type Props = {
  /** The row as it is now (read again when the answer arrives). */
  getRow: () => Row | undefined;
  cep: string;
  /** Applies a patch to the row. */
  update: (patch: Partial<Row>) => void;
  label: string;
  error?: string | undefined;
};

/**
 * A CEP input that, once 8 valid digits are typed, fills the row's empty street, district, city and UF from the
 * registry; parts already typed differently are replaced only when the user says so. A registry down or switched off
 * leaves a note and the address to be typed.
 */
export function CepLookupInput({ getRow, cep, update, label, error }: Props) {
  const { t } = useTranslation();
  const [state, setState] = useState<LookupState>('idle');
  const [pending, setPending] = useState<{ address: LookupAddress; conflicts: AddressField[] } | null>(null);
  const controller = useRef<AbortController | null>(null);
  const lastLooked = useRef(normalizeCep(cep));
  const digits = normalizeCep(cep);
  const valid = isValidCep(digits);

  useEffect(() => () => controller.current?.abort(), []);

  const run = async (value: string) => {
    controller.current?.abort();
    const c = new AbortController();
    controller.current = c;
    lastLooked.current = value;
    setPending(null);
    setState('loading');
    let outcome: Awaited<ReturnType<typeof fetchAddress>>;
    try {
      outcome = await fetchAddress(value, c.signal);
    } catch {
      return;
    }
    if (c.signal.aborted) return;
    if (outcome.status !== 'found') {
      setState(outcome.status === 'invalid' ? 'idle' : outcome.status);
      return;
    }
    const row = getRow();
    if (!row) return;
    const filled = fillAddress(row, outcome.value);
    update(filled.patch);
    setPending(filled.conflicts.length ? { address: outcome.value, conflicts: filled.conflicts } : null);
    setState('filled');
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: run is recreated each render; the CEP decides
  useEffect(() => {
    if (valid && digits !== lastLooked.current) void run(digits);
    if (!valid && state !== 'loading') setState('idle');
  }, [digits, valid]);

  const replace = () => {
    if (!pending) return;
    const a = pending.address;
    const values: Partial<Row> = {
      street: a.street ?? '',
      district: a.district ?? '',
      city: a.city ?? '',
      state: a.state ?? '',
    };
    update(Object.fromEntries(pending.conflicts.map((f) => [f, values[f] ?? ''])) as Partial<Row>);
    setPending(null);
  };

  return (
    <Stack gap={4}>
      <TextInput
        label={label}
        inputMode="numeric"
        autoComplete="postal-code"
        value={cep}
        onChange={(e) => update({ cep: maskCepInput(e.currentTarget.value) })}
        onKeyDown={(e) => {
          // Enter on a full CEP looks it up again instead of submitting the form.
          if (e.key === 'Enter' && valid) {
            e.preventDefault();
            void run(digits);
          }
        }}
        error={error}
        rightSection={state === 'loading' ? <Loader size="xs" aria-hidden /> : null}
        aria-busy={state === 'loading'}
        data-testid="cep-input"
      />
      <LookupStatus kind="cep" state={state} showFilled={!pending} />
      {pending && (
        <Alert color="blue" variant="light" p="xs" data-testid="cep-lookup-conflicts">
          <Stack gap={6}>
            <Text size="xs">
              {t('lookups.cep.differs', {
                fields: pending.conflicts.map((f) => t(`lookups.fields.${f as 'street'}`)).join(', '),
              })}
            </Text>
            <Button size="compact-xs" type="button" onClick={replace}>
              {t('lookups.cep.replace')}
            </Button>
          </Stack>
        </Alert>
      )}
    </Stack>
  );
}
