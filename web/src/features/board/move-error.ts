import {
  type MissingSaleData,
  SALE_REQUIREMENTS,
  type SaleRequirement,
  STAGE_REQUIRABLE_FIELDS,
  type StageRequirableField,
} from '@funil/domain';
import type { TFunction } from 'i18next';
import { isApiError } from '../../lib/api.ts';
import { problemMessage } from '../../lib/problems.ts';
import type { Outcome } from './drag.ts';

/** One involved person a refused win names: "Maria Souza: falta CPF/CNPJ, endereço". */
export type MissingPersonLine = { personId: string; name: string; text: string };

export type MoveErrorInfo = {
  title: string;
  message: string;
  /** The stage's required fields the card lacks (translated), for `stage-requirements`. */
  missing: string[];
  /** Who must be completed before the sale, for `sale-requirements` (each links to the person's form). */
  people: MissingPersonLine[];
};

const isRequirable = (field: string): field is StageRequirableField =>
  (STAGE_REQUIRABLE_FIELDS as readonly string[]).includes(field);

const isSaleRequirement = (field: unknown): field is SaleRequirement =>
  typeof field === 'string' && (SALE_REQUIREMENTS as readonly string[]).includes(field);

/** "Valor e Previsão de fechamento": the names joined as a sentence in the interface language. */
export function joinNames(names: readonly string[], locale: string): string {
  return new Intl.ListFormat(locale, { type: 'conjunction' }).format(names);
}

/** What to tell the user when a card could not be moved: which card, where to, and why. */
export function describeMoveError(
  error: unknown,
  context: { cardTitle: string | null; stageName: string | null },
  t: TFunction,
  locale: string,
): MoveErrorInfo {
  const title = context.cardTitle
    ? t('board.moveError.title', { title: context.cardTitle })
    : t('board.moveError.titleGeneric');
  if (!isApiError(error)) return { title, message: problemMessage(error, t), missing: [], people: [] };
  switch (error.code) {
    case 'stage-requirements': {
      const fields = [...new Set(error.errors.map((e) => e.field))];
      const missing = fields.map((f) => (isRequirable(f) ? t(`board.fields.${f}`) : f));
      if (!missing.length) return { title, message: problemMessage(error, t), missing, people: [] };
      return {
        title,
        message: t('board.moveError.missing', {
          stage: context.stageName ?? '',
          fields: joinNames(missing, locale),
        }),
        missing,
        people: [],
      };
    }
    case 'forbidden':
    case 'not-found':
      return { title, message: t('board.moveError.forbidden'), missing: [], people: [] };
    default:
      return { title, message: problemMessage(error, t), missing: [], people: [] };
  }
}

/**
 * One line per person a refused win names, with what each lacks in the interface language. The list is
 * server data: entries without a person or without a known requirement are left out.
 */
export function missingPeopleLines(missing: readonly MissingSaleData[], t: TFunction): MissingPersonLine[] {
  return missing.flatMap((m): MissingPersonLine[] => {
    const fields = (Array.isArray(m?.missing) ? m.missing : []).filter(isSaleRequirement);
    if (typeof m?.personId !== 'string' || !fields.length) return [];
    const name = typeof m.name === 'string' ? m.name : '';
    // A plain comma list reads as the checklist it is ("falta CPF/CNPJ, endereço").
    const text = t('board.statusError.person', {
      name,
      fields: fields.map((f) => t(`board.saleFields.${f}`)).join(', '),
    });
    return [{ personId: m.personId, name, text }];
  });
}

/** What to tell the user when a card dropped on the outcome bar kept its status: which card, and why. */
export function describeStatusError(
  error: unknown,
  context: { cardTitle: string | null; status: Outcome },
  t: TFunction,
): MoveErrorInfo {
  const title = context.cardTitle
    ? t(`board.statusError.title.${context.status}`, { title: context.cardTitle })
    : t('board.statusError.titleGeneric');
  const plain = (message: string): MoveErrorInfo => ({ title, message, missing: [], people: [] });
  if (!isApiError(error)) return plain(problemMessage(error, t));
  switch (error.code) {
    case 'sale-requirements': {
      const people = missingPeopleLines(error.missing, t);
      if (!people.length) return plain(problemMessage(error, t));
      return { title, message: t('board.statusError.saleRequirements'), missing: [], people };
    }
    case 'forbidden':
    case 'not-found':
      return plain(t('board.statusError.forbidden'));
    default:
      return plain(problemMessage(error, t));
  }
}
