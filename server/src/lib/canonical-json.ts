/**
 * JSON with object keys sorted at every depth, so equal values always hash alike (jsonb reorders keys). Written out
 * directly rather than by rebuilding sorted objects for `JSON.stringify`: the timeline hashes two of these per event,
 * and a spreadsheet import writes thousands of events per batch. The text is exactly `JSON.stringify` of the value
 * with its keys sorted (undefined members dropped, in arrays `null`; dates as their ISO string).
 */
export function canonicalJson(value: unknown): string {
  // Like JSON.stringify, undefined for undefined at the top (typed as the string every caller passes in).
  return write(value) as string;
}

function write(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || value instanceof Date) return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => write(item) ?? 'null').join(',')}]`;
  const object = value as Record<string, unknown>;
  let out = '';
  for (const key of Object.keys(object).sort()) {
    const text = object[key] === undefined ? undefined : write(object[key]);
    if (text === undefined) continue;
    out += `${out ? ',' : ''}${JSON.stringify(key)}:${text}`;
  }
  return `{${out}}`;
}
