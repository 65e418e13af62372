import ts from 'typescript';

/**
 * The rules of where SQL may live and what it must name, checked over the source tree by `sql-placement.test.ts`:
 * only repositories (and the `db/` bootstrap layer) run queries, and every repository statement over a table that
 * carries `workspace_id` names it, so each statement stays on one shard once tables are distributed by workspace.
 */

/** A statement that deliberately spans workspaces says so with this SQL comment and its reason. */
export const ANY_WORKSPACE_MARKER = 'tenancy: any workspace';

/** Tables whose CREATE TABLE has a `workspace_id` column, or that an ALTER TABLE gives one. */
export function workspaceTables(migrationsSql: string): Set<string> {
  const tables = new Set<string>();
  const sql = migrationsSql.replace(/--[^\n]*/g, '');
  for (const m of sql.matchAll(/CREATE TABLE\s+(?:IF NOT EXISTS\s+)?(\w+)\s*\(([\s\S]*?)\n\s*\);/gi)) {
    if (/^\s*workspace_id\s/im.test(m[2] ?? '')) tables.add((m[1] ?? '').toLowerCase());
  }
  for (const m of sql.matchAll(/ALTER TABLE\s+(?:IF EXISTS\s+)?(\w+)([^;]*);/gi)) {
    if (/ADD\s+(?:COLUMN\s+)?(?:IF NOT EXISTS\s+)?workspace_id\b/i.test(m[2] ?? '')) {
      tables.add((m[1] ?? '').toLowerCase());
    }
  }
  return tables;
}

/** 1-based line numbers of every `<something>.query(...)` call in a source file. */
export function queryCallLines(fileName: string, source: string): number[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const lines: number[] = [];
  const visit = (node: ts.Node) => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.name.text === 'query'
    ) {
      lines.push(file.getLineAndCharacterOfPosition(node.getStart()).line + 1);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return lines;
}

export type SqlStatement = { line: number; text: string };

/** Stands for a spliced part whose text is not known here. */
const UNKNOWN_PART = '…';

const SQL_START = /^\s*(?:\/\*[\s\S]*?\*\/\s*)?(SELECT|INSERT|UPDATE|DELETE|WITH)\b/i;

/**
 * The SQL statements written in a source file: string and template literals that start like a statement. A
 * template's `${NAME}` part is read as the text of the file's constant `NAME` when there is one (a shared
 * SELECT); any other `${…}` part is kept as `…` (its text is not known here), so a statement must name
 * `workspace_id` in its own text, not only in a fragment built elsewhere (a policy predicate).
 */
export function sqlStatements(fileName: string, source: string): SqlStatement[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const constants = new Map<string, ts.Expression>();
  for (const statement of file.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const d of statement.declarationList.declarations) {
      if (ts.isIdentifier(d.name) && d.initializer) constants.set(d.name.text, d.initializer);
    }
  }
  const textOf = (node: ts.Node, depth = 0): string | null => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
    if (ts.isTemplateExpression(node)) {
      return (
        node.head.text +
        node.templateSpans.map((span) => `${part(span.expression, depth)}${span.literal.text}`).join('')
      );
    }
    return null;
  };
  const part = (e: ts.Expression, depth: number): string => {
    const constant = ts.isIdentifier(e) && depth < 5 ? constants.get(e.text) : undefined;
    return (constant && textOf(constant, depth + 1)) ?? UNKNOWN_PART;
  };
  const found: SqlStatement[] = [];
  const visit = (node: ts.Node) => {
    const text = textOf(node);
    if (text !== null && SQL_START.test(text)) {
      found.push({ line: file.getLineAndCharacterOfPosition(node.getStart()).line + 1, text });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** The tables a statement reads or writes (after FROM, JOIN, INTO, UPDATE), lowercase. */
export function tablesOf(statement: string): string[] {
  const tables = new Set<string>();
  for (const m of statement.matchAll(/\b(?:FROM|JOIN|INTO|UPDATE)\s+(?:ONLY\s+)?(\w+)/gi)) {
    tables.add((m[1] ?? '').toLowerCase());
  }
  return [...tables];
}

/**
 * Whether a statement names the workspace: compares a `workspace_id` (`w.workspace_id = $1`, `= p.workspace_id`,
 * `workspace_id IN …`) or writes one (INSERT with a `workspace_id` column). Merely selecting it does not count.
 */
export function namesWorkspace(statement: string): boolean {
  return (
    /\bworkspace_id\s*(?:=|IN\b)/i.test(statement) ||
    /=\s*(?:\w+\.)?workspace_id\b/i.test(statement) ||
    /\bINSERT\s+INTO\s+\w+(?:\s+AS\s+\w+)?\s*\([^)]*\bworkspace_id\b/i.test(statement)
  );
}

/** Why a statement breaks the tenancy rule, or null when it keeps it. */
export function tenancyViolation(statement: string, tables: Set<string>): string | null {
  if (namesWorkspace(statement) || statement.includes(ANY_WORKSPACE_MARKER)) return null;
  const scoped = tablesOf(statement).filter((t) => tables.has(t));
  return scoped.length > 0 ? `touches ${scoped.join(', ')} without naming workspace_id` : null;
}

export type Violation = {
  file: string;
  line: number;
  rule: 'query-outside-repository' | 'tenancy';
  detail: string;
};

/** Every violation of both rules in one file (path relative to server/src, `/`-separated). */
export function fileViolations(path: string, source: string, tables: Set<string>): Violation[] {
  const exempt = path.startsWith('db/') || path.endsWith('.test.ts');
  const violations: Violation[] = [];
  if (!exempt && !path.endsWith('.repository.ts')) {
    for (const line of queryCallLines(path, source)) {
      violations.push({
        file: path,
        line,
        rule: 'query-outside-repository',
        detail: '.query( outside a repository',
      });
    }
  }
  if (path.endsWith('.repository.ts')) {
    for (const s of sqlStatements(path, source)) {
      const detail = tenancyViolation(s.text, tables);
      if (detail) violations.push({ file: path, line: s.line, rule: 'tenancy', detail });
    }
  }
  return violations;
}
