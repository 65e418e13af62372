import { createHash } from 'node:crypto';

/** Collects positional parameters while a query is composed from fragments. */
export class SqlParams {
  readonly values: unknown[] = [];

  /** Adds a value and returns its placeholder (`$n`). */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * A query config whose statement is prepared once per connection and reused (named after its text):
 * for the hot reads, parsing and planning cost more than running them.
 */
export function prepared(text: string, values: unknown[]) {
  return { name: `q_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`, text, values };
}
