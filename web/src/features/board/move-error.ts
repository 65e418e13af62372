import { STAGE_REQUIRABLE_FIELDS, type StageRequirableField } from '@funil/domain';
import type { TFunction } from 'i18next';
import { isApiError } from '../../lib/api.ts';
import { problemMessage } from '../../lib/problems.ts';

export type MoveErrorInfo = {
  title: string;
  message: string;
  /** The stage's required fields the card lacks (translated), for `stage-requirements`. */
  missing: string[];
};

const isRequirable = (field: string): field is StageRequirableField =>
  (STAGE_REQUIRABLE_FIELDS as readonly string[]).includes(field);

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
  if (!isApiError(error)) return { title, message: problemMessage(error, t), missing: [] };
  switch (error.code) {
    case 'stage-requirements': {
      const fields = [...new Set(error.errors.map((e) => e.field))];
      const missing = fields.map((f) => (isRequirable(f) ? t(`board.fields.${f}`) : f));
      if (!missing.length) return { title, message: problemMessage(error, t), missing };
      return {
        title,
        message: t('board.moveError.missing', {
          stage: context.stageName ?? '',
          fields: joinNames(missing, locale),
        }),
        missing,
      };
    }
    case 'forbidden':
    case 'not-found':
      return { title, message: t('board.moveError.forbidden'), missing: [] };
    default:
      return { title, message: problemMessage(error, t), missing: [] };
  }
}
