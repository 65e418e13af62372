import type { CustomFieldFilter, CustomFieldRule, Role } from '@funil/domain';
import { parseCustomFieldFilters } from '@funil/domain';
import { validationError } from '../../lib/errors.ts';
import type { SqlParams } from '../../lib/sql.ts';

// The lists' custom field filters (domain custom-field-filters.ts) as SQL over a record's `custom_fields` column.
// Equality filters are containment (`@>`), which the GIN index of 0044_custom_field_indexes.sql answers; ranges and
// text read the value and are checked on the rows the other conditions left.
//
// `indexed: false` writes the equality filters as the same test on the field's value (`custom_fields -> key`), which
// no index answers: for a list whose other conditions are already narrow (a broker's wallet), checking their few
// thousand rows costs less than the index, which for a common option builds a bitmap of every record that has it
// (100,000 of 1M people: ~20 ms) before the narrow conditions are applied.

const likeEscaped = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** One filter as a predicate over `column` (`p.custom_fields`, `o.custom_fields`); every value a parameter. */
function predicate(column: string, f: CustomFieldFilter, params: SqlParams, indexed: boolean): string {
  // Parameters are added only as the SQL uses them (an unused one has no type Postgres can infer).
  // `{key: stored} @> {key: value}` holds exactly when `stored @> value` below the top level: equal scalars, or an
  // array holding the array's items (a top-level array would also contain a bare scalar: values here are scalars
  // for single choices and yes/no, arrays for multiple choices, so `=` and `@>` keep the nested meaning).
  const contains = (value: unknown) =>
    indexed
      ? `${column} @> ${params.add(JSON.stringify({ [f.key]: value }))}::jsonb`
      : `(${column} -> ${params.add(f.key)}::text) ${Array.isArray(value) ? '@>' : '='} ${params.add(JSON.stringify(value))}::jsonb`;
  switch (f.kind) {
    case 'any_of': {
      const any = f.values.map((v) => contains(f.multiple ? [v] : v));
      return any.length === 1 ? (any[0] as string) : `(${any.join(' OR ')})`;
    }
    case 'boolean':
      // "Não": not marked yes — false or never filled.
      return f.value ? contains(true) : `NOT ${contains(true)}`;
    case 'range': {
      // jsonpath: a value that is not a number never matches (no cast error on odd data).
      const path = [f.min === null ? null : '@ >= $min', f.max === null ? null : '@ <= $max'].filter(Boolean);
      return `jsonb_path_exists(${column} -> ${params.add(f.key)}::text, '$ ? (${path.join(' && ')})', ${params.add(
        JSON.stringify({ min: f.min, max: f.max }),
      )}::jsonb)`;
    }
    case 'date_range': {
      const day = `(${column} ->> ${params.add(f.key)}::text) COLLATE "C"`;
      return [
        f.from === null ? null : `${day} >= ${params.add(f.from)}::text`,
        f.to === null ? null : `${day} <= ${params.add(f.to)}::text`,
      ]
        .filter(Boolean)
        .join(' AND ');
    }
    case 'contains':
      return `(${column} ->> ${params.add(f.key)}::text) ILIKE ${params.add(`%${likeEscaped(f.text)}%`)}`;
  }
}

/** The predicates of a list's custom field filters (all must hold). */
export function customFieldPredicates(
  column: string,
  filters: readonly CustomFieldFilter[],
  params: SqlParams,
  { indexed = true }: { indexed?: boolean } = {},
): string[] {
  return filters.map((f) => predicate(column, f, params, indexed));
}

/**
 * A list query's `cf` parameter checked against the entity's fields as `role` sees them; 422 with a field error per
 * key (`<at>.<key>`, or `<at>` when the parameter is no JSON object) otherwise.
 */
export function customFiltersOf(
  fields: readonly CustomFieldRule[],
  cf: string | undefined,
  role: Role,
  at = 'query.cf',
): CustomFieldFilter[] {
  const parsed = parseCustomFieldFilters(fields, cf, role);
  if ('filters' in parsed) return parsed.filters;
  throw validationError(
    Object.entries(parsed.errors).map(([key, code]) => ({
      field: key ? `${at}.${key}` : at,
      code,
      message: '',
    })),
  );
}
