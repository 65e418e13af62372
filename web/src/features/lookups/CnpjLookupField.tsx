import { isValidCnpj, type LookupCompany, maskDocumentInput, normalizeDocument } from '@funil/domain';
import { Alert, Button, Group, Loader, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CompanyField, fillAddress, fillCompany, isBlankAddress } from './fill.ts';
import { type LookupState, LookupStatus } from './LookupStatus.tsx';
import { fetchCompany } from './lookup-api.ts';

/** The company part of a form the CNPJ lookup fills (the person form and the helpdesk panel's create form). */
export type CompanyFormValues = Record<CompanyField, string> & {
  document: string;
  addresses?: {
    cep: string;
    street: string;
    number: string;
    complement: string;
    district: string;
    city: string;
    state: string;
  }[];
};

type Props<V extends CompanyFormValues> = {
  values: V;
  /** Sets one field (the form's own setter). */
  set: <K extends keyof V>(key: K, value: V[K]) => void;
  /** A blank address row for the company's address when the form has none (omit to leave addresses alone). */
  newAddress?: () => NonNullable<V['addresses']>[number];
  label: string;
  error?: string | undefined;
  placeholder?: string;
  /** The person type requires the CNPJ (the asterisk). */
  withAsterisk?: boolean;
};

/**
 * The CNPJ input with its lookup: a full valid CNPJ typed (or "Buscar") asks the registry and fills the empty fields
 * (razão social, nome fantasia, CNAE, situação cadastral, address); fields already filled with something else are
 * listed and replaced only when the user says so. When the registry is down or lookups are off, a note says to fill
 * in by hand; the form saves either way.
 */
export function CnpjLookupField<V extends CompanyFormValues>({
  values,
  set,
  newAddress,
  label,
  error,
  placeholder,
  withAsterisk = false,
}: Props<V>) {
  const { t } = useTranslation();
  const latest = useRef(values);
  latest.current = values;
  const [state, setState] = useState<LookupState>('idle');
  const [pending, setPending] = useState<{ company: LookupCompany; conflicts: CompanyField[] } | null>(null);
  const controller = useRef<AbortController | null>(null);
  // The CNPJ the form opened with is not looked up again (editing a company does not ask the registry).
  const lastLooked = useRef(normalizeDocument(values.document));
  const cnpj = normalizeDocument(values.document);
  const valid = isValidCnpj(cnpj);

  useEffect(() => () => controller.current?.abort(), []);

  const apply = (company: LookupCompany, overwrite: boolean) => {
    const current = latest.current;
    const own = fillCompany(current, company);
    for (const [key, value] of Object.entries(own.patch)) set(key as keyof V, value as V[keyof V]);
    if (overwrite) {
      for (const key of own.conflicts) set(key as keyof V, (company[key] ?? '') as V[keyof V]);
    }
    const rows = current.addresses;
    const address = company.address;
    if (address && rows && newAddress) {
      const index = rows.findIndex(isBlankAddress);
      if (rows.length === 0) {
        const row = newAddress();
        set('addresses' as keyof V, [{ ...row, ...fillAddress(row, address).patch }] as V[keyof V]);
      } else if (index >= 0) {
        const next = rows.map((r, i) => (i === index ? { ...r, ...fillAddress(r, address).patch } : r));
        set('addresses' as keyof V, next as V[keyof V]);
      }
    }
    setPending(!overwrite && own.conflicts.length ? { company, conflicts: own.conflicts } : null);
    setState('filled');
  };

  const run = async (value: string) => {
    controller.current?.abort();
    const c = new AbortController();
    controller.current = c;
    lastLooked.current = value;
    setPending(null);
    setState('loading');
    let outcome: Awaited<ReturnType<typeof fetchCompany>>;
    try {
      outcome = await fetchCompany(value, c.signal);
    } catch {
      return; // aborted: a newer lookup or the form closed
    }
    if (c.signal.aborted) return;
    if (outcome.status === 'found') apply(outcome.value, false);
    else setState(outcome.status === 'invalid' ? 'idle' : outcome.status);
  };

  // Typing (or pasting) the last character of a valid CNPJ asks at once.
  // biome-ignore lint/correctness/useExhaustiveDependencies: run is recreated each render; the CNPJ decides
  useEffect(() => {
    if (valid && cnpj !== lastLooked.current) void run(cnpj);
    if (!valid && state !== 'loading') setState('idle');
  }, [cnpj, valid]);

  return (
    <Stack gap={4}>
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <TextInput
          style={{ flex: 1 }}
          label={label}
          value={values.document}
          inputMode="text"
          onChange={(e) =>
            set('document', maskDocumentInput(e.currentTarget.value, 'company') as V['document'])
          }
          error={error}
          placeholder={placeholder}
          withAsterisk={withAsterisk}
          rightSection={state === 'loading' ? <Loader size="xs" aria-hidden /> : null}
          aria-busy={state === 'loading'}
          data-testid="cnpj-input"
        />
        <Button
          type="button"
          variant="light"
          onClick={() => void run(cnpj)}
          disabled={!valid}
          loading={state === 'loading'}
          aria-label={t('lookups.cnpj.searchLabel')}
          mb={error ? 22 : 0}
          data-testid="cnpj-lookup"
        >
          {t('lookups.cnpj.search')}
        </Button>
      </Group>
      <LookupStatus kind="cnpj" state={state} showFilled={!pending} />
      {pending && (
        <Alert color="blue" variant="light" p="xs" data-testid="cnpj-lookup-conflicts">
          <Stack gap={6}>
            <Text size="xs">
              {t('lookups.cnpj.differs', {
                fields: pending.conflicts.map((f) => t(`lookups.fields.${f}`)).join(', '),
              })}
            </Text>
            <Group gap="xs">
              <Button size="compact-xs" type="button" onClick={() => apply(pending.company, true)}>
                {t('lookups.cnpj.replace')}
              </Button>
              <Button size="compact-xs" type="button" variant="default" onClick={() => setPending(null)}>
                {t('lookups.cnpj.keep')}
              </Button>
            </Group>
          </Stack>
        </Alert>
      )}
    </Stack>
  );
}
