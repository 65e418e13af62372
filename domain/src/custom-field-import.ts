import type { CustomFieldRule, CustomFieldValues } from './custom-fields.ts';
import { fieldsForRole, validateCustomValues } from './custom-fields.ts';
import {
  type ImportKind,
  type ImportMapping,
  isExactAlias,
  normalizeHeader,
  type OpportunityRowResult,
  parseBrDate,
  parseBrMoney,
  type RowResult,
  validateOpportunityRow,
  validateRow,
} from './imports.ts';
import type { Role } from './roles.ts';

/**
 * Custom fields in the people import: a column mapped to `cf:<key>` feeds that field. The cell's text is read as
 * the field's type is written in spreadsheets (R$ 1.234,56, dd/mm/aaaa, Sim/Não, an option's label or value), then
 * the values are checked by `validateCustomValues` like the API's — their errors join the row's, in pt-BR. The
 * opportunities import does the same with the card's fields.
 */

export const CUSTOM_IMPORT_PREFIX = 'cf:';

/** The mapping target of a custom field. */
export const customImportTarget = (key: string) => `${CUSTOM_IMPORT_PREFIX}${key}` as const;

/** The field key a mapping target names, or null when it is a built-in field. */
export const customImportKey = (target: string | null): string | null =>
  target?.startsWith(CUSTOM_IMPORT_PREFIX) ? target.slice(CUSTOM_IMPORT_PREFIX.length) : null;

const YES = ['sim', 's', 'yes', 'y', 'true', 'verdadeiro', 'x', '1'];
const NO = ['nao', 'n', 'no', 'false', 'falso', '0'];

/** A number as typed in pt-BR ("1.234,5") or plainly ("1234.5"). */
function parseBrNumber(text: string): number | null {
  const v = text.replace(/\s+/g, '');
  const normalized = v.includes(',') ? v.replace(/\./g, '').replace(',', '.') : v;
  const n = /^-?\d+(\.\d+)?$/.test(normalized) ? Number(normalized) : Number.NaN;
  return Number.isFinite(n) ? n : null;
}

/** A cell's text as the field's value (what the validator then checks); text it cannot read stays text. */
export function customValueFromText(field: CustomFieldRule, text: string): unknown {
  const option = (t: string) =>
    field.options.find((o) => o.value === t || normalizeHeader(o.label) === normalizeHeader(t))?.value ?? t;
  switch (field.type) {
    case 'number':
      return parseBrNumber(text) ?? text;
    case 'money':
      return parseBrMoney(text) ?? text;
    case 'date':
      return parseBrDate(text) ?? text;
    case 'boolean': {
      const n = normalizeHeader(text);
      return YES.includes(n) ? true : NO.includes(n) ? false : text;
    }
    case 'choice':
      return option(text.trim());
    case 'multi_choice':
      return text
        .split(/\s*[;,]\s*/)
        .filter(Boolean)
        .map(option);
    default:
      return text;
  }
}

const MESSAGES: Record<string, string> = {
  required: 'obrigatório',
  unknown_option: 'opção inexistente',
  invalid_number: 'número inválido',
  invalid_money: 'valor inválido (use R$ 1.234,56)',
  invalid_date: 'data inválida (use dd/mm/aaaa)',
  invalid_email: 'e-mail inválido',
  invalid_phone: 'telefone inválido',
  invalid_document: 'CPF/CNPJ inválido',
  invalid_url: 'endereço inválido',
  invalid_user: 'usuário inválido',
  too_long: 'texto longo demais',
  forbidden_field: 'campo não permitido ao seu papel',
  unknown_field: 'campo inexistente',
};

/** The import's custom fields as the importer's role checks them (the entity's fields, archived ones included). */
export type ImportCustomFields = { fields: readonly CustomFieldRule[]; role: Role };

/**
 * The row's custom columns read and checked (`validateCustomValues`, every required field the role sees): the
 * values to store, or one pt-BR reason per refused value ("Segmento: opção inexistente").
 */
function customValuesOfRow(
  cells: string[],
  mapping: ImportMapping,
  custom: ImportCustomFields,
): { values: CustomFieldValues; errors: string[] } {
  const input: CustomFieldValues = {};
  mapping.forEach((target, i) => {
    const key = customImportKey(target);
    const field = key ? custom.fields.find((f) => f.key === key) : undefined;
    const text = (cells[i] ?? '').trim();
    if (field && text) input[field.key] = customValueFromText(field, text);
  });
  // Nothing to check when the workspace has no fields the importer fills.
  if (Object.keys(input).length === 0 && !fieldsForRole(custom.fields, custom.role).some((f) => f.required)) {
    return { values: {}, errors: [] };
  }
  const checked = validateCustomValues(custom.fields, input, { role: custom.role, partial: false });
  if ('errors' in checked) {
    const label = (key: string) => custom.fields.find((f) => f.key === key)?.label ?? key;
    return {
      values: {},
      errors: Object.entries(checked.errors).map(
        ([key, code]) => `${label(key)}: ${MESSAGES[code] ?? 'valor inválido'}`,
      ),
    };
  }
  return { values: checked.values, errors: [] };
}

/**
 * A people-import row through the mapping with its custom fields: the person (with `customFields`) or every reason
 * it cannot be imported. Every live field the importer's role sees and that is required must be filled.
 */
export function validateRowWithCustomFields(
  cells: string[],
  mapping: ImportMapping,
  custom: ImportCustomFields,
): RowResult {
  const row = validateRow(cells, mapping);
  const { values, errors } = customValuesOfRow(cells, mapping, custom);
  if (errors.length) return { person: null, errors: [...row.errors, ...errors] };
  return row.person ? { person: { ...row.person, customFields: values }, errors: [] } : row;
}

/**
 * An opportunities-import row with the card's custom fields (`cf:<key>` of opportunity fields): the opportunity
 * (with `customFields`) or every reason, as `validateRowWithCustomFields` does for people.
 */
export function validateOpportunityRowWithCustomFields(
  cells: string[],
  mapping: ImportMapping,
  custom: ImportCustomFields,
): OpportunityRowResult {
  const row = validateOpportunityRow(cells, mapping);
  const { values, errors } = customValuesOfRow(cells, mapping, custom);
  if (errors.length) return { opportunity: null, errors: [...row.errors, ...errors] };
  return row.opportunity ? { opportunity: { ...row.opportunity, customFields: values }, errors: [] } : row;
}

/**
 * The mapping with each column whose header is a live field's label (or key) the role sees, accents and case
 * ignored, mapped to that field — unless the header is word for word a built-in field's alias ("Origem do lead"
 * is the custom field, "Origem" stays the media): what the mapping step suggests for custom fields.
 */
export function suggestCustomTargets(
  headers: string[],
  mapping: ImportMapping,
  fields: readonly CustomFieldRule[],
  role: Role,
  kind: ImportKind,
): ImportMapping {
  const live = fieldsForRole(fields, role);
  const taken = new Set(mapping);
  return mapping.map((target, i) => {
    if (target !== null && (customImportKey(target) || isExactAlias(headers[i] ?? '', kind))) return target;
    const header = normalizeHeader(headers[i] ?? '');
    const field = live.find((f) => normalizeHeader(f.label) === header || f.key === header);
    const suggested = field ? customImportTarget(field.key) : null;
    if (!suggested || taken.has(suggested)) return target;
    taken.add(suggested);
    return suggested;
  });
}
