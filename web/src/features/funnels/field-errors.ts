import type { TFunction } from 'i18next';
import { fieldErrorMessage } from '../../lib/problems.ts';

const FUNNEL_CODES = ['duplicate', 'unknown_stage', 'unknown_option'] as const;
type FunnelCode = (typeof FUNNEL_CODES)[number];

/** The message under a funnel / list field: this page's own codes first, then the app's. */
export function funnelFieldError(code: string | undefined, t: TFunction): string | undefined {
  if (!code) return undefined;
  if ((FUNNEL_CODES as readonly string[]).includes(code)) return t(`funnels.errors.${code as FunnelCode}`);
  return fieldErrorMessage(code, t);
}
