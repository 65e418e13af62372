import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The shape of server/src as a test: a module reaches another only through its service (never its
// repository), modules do not go back and forth (no cycle in the module graph), and the realtime hub
// knows no feature. Imports are read with the TypeScript compiler's pre-processor (import, import type,
// export … from, dynamic import), so comments and strings do not count.

/**
 * Module edges a cycle may temporarily go through while it is being removed (`'a -> b'`): none today. The test
 * fails on an allowed edge that no longer exists, so an entry cannot go stale.
 */
const ALLOWED_EDGES = new Set<string>();

/** Modules realtime may import: auth is who a stream belongs to, not a feature. */
const REALTIME_MAY_IMPORT = new Set(['auth']);

type Import = { from: string; to: string };

/** The module a file of server/src belongs to (`modules/<name>/…`), or null for the layers around them. */
function moduleOf(file: string): string | null {
  return /^modules\/([^/]+)\//.exec(file)?.[1] ?? null;
}

/** Every module → module edge, with one file that makes it (for the message). */
function moduleEdges(imports: Import[]): Map<string, string> {
  const edges = new Map<string, string>();
  for (const { from, to } of imports) {
    const a = moduleOf(from);
    const b = moduleOf(to);
    if (a && b && a !== b && !edges.has(`${a} -> ${b}`)) edges.set(`${a} -> ${b}`, from);
  }
  return edges;
}

/** One cycle of the graph as a path that returns to its start, or null when there is none. */
export function findCycle(graph: Map<string, string[]>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | null => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') return [...stack.slice(stack.indexOf(next)), next];
      if (!state.has(next)) {
        const cycle = visit(next);
        if (cycle) return cycle;
      }
    }
    stack.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of [...graph.keys()].sort()) {
    if (state.has(node)) continue;
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return null;
}

/** What breaks the rules in a set of imports between files of server/src (paths relative to it). */
export function violations(imports: Import[], allowed: Set<string> = new Set()): string[] {
  const found: string[] = [];
  for (const { from, to } of imports) {
    const target = moduleOf(to);
    if (to.endsWith('.repository.ts') && target !== moduleOf(from)) {
      found.push(`${from} imports ${to}: another module's repository (go through its service)`);
    }
    if (
      moduleOf(from) === 'realtime' &&
      target &&
      target !== 'realtime' &&
      !REALTIME_MAY_IMPORT.has(target)
    ) {
      found.push(
        `${from} imports ${to}: the realtime hub knows no feature (register a visibility rule instead)`,
      );
    }
  }
  const edges = moduleEdges(imports);
  for (const edge of allowed) {
    if (!edges.has(edge)) found.push(`allowed edge ${edge} no longer exists: remove it from ALLOWED_EDGES`);
  }
  const graph = new Map<string, string[]>();
  for (const edge of [...edges.keys()].sort()) {
    if (allowed.has(edge)) continue;
    const [a, b] = edge.split(' -> ') as [string, string];
    graph.set(a, [...(graph.get(a) ?? []), b]);
  }
  const cycle = findCycle(graph);
  if (cycle) {
    const via = cycle.slice(1).map((b, i) => `${cycle[i]} -> ${b} (${edges.get(`${cycle[i]} -> ${b}`)})`);
    found.push(`modules import each other in a cycle: ${cycle.join(' -> ')}\n  ${via.join('\n  ')}`);
  }
  return found;
}

/** The relative imports of every .ts file under `root`, as paths relative to it. */
function readImports(root: string): Import[] {
  const files = (readdirSync(root, { recursive: true }) as string[])
    .map((f) => f.split(path.sep).join('/'))
    .filter((f) => f.endsWith('.ts'));
  return files.flatMap((from) => {
    const { importedFiles } = ts.preProcessFile(readFileSync(path.join(root, from), 'utf8'), true, true);
    return importedFiles
      .filter((i) => i.fileName.startsWith('.'))
      .map((i) => ({
        from,
        to: path.posix.normalize(path.posix.join(path.posix.dirname(from), i.fileName)),
      }));
  });
}

describe('the module graph of server/src', () => {
  const root = path.dirname(fileURLToPath(import.meta.url));

  it('has no cross-module repository import, no cycle between modules and a feature-free realtime hub', () => {
    const imports = readImports(root);
    // The reader found the real imports (a broken reader would pass everything).
    expect(imports).toContainEqual({
      from: 'modules/opportunities/opportunities.service.ts',
      to: 'modules/pipelines/pipelines.service.ts',
    });
    expect(violations(imports, ALLOWED_EDGES)).toEqual([]);
  });
});

describe('the checker', () => {
  const imp = (from: string, to: string) => ({ from, to });

  it("refuses a module importing another module's repository, and accepts its own or another's service", () => {
    expect(
      violations([
        imp('modules/a/a.service.ts', 'modules/a/a.repository.ts'),
        imp('modules/a/a.service.ts', 'modules/b/b.service.ts'),
      ]),
    ).toEqual([]);
    expect(violations([imp('modules/a/a.service.ts', 'modules/b/b.repository.ts')])).toEqual([
      "modules/a/a.service.ts imports modules/b/b.repository.ts: another module's repository (go through its service)",
    ]);
    expect(violations([imp('jobs/scheduler.ts', 'modules/b/b.repository.ts')])).toHaveLength(1);
  });

  it('refuses two modules importing each other, naming the files', () => {
    expect(
      violations([
        imp('modules/a/a.service.ts', 'modules/b/b.service.ts'),
        imp('modules/b/b.routes.ts', 'modules/a/a.schema.ts'),
      ]),
    ).toEqual([
      'modules import each other in a cycle: a -> b -> a\n  a -> b (modules/a/a.service.ts)\n  b -> a (modules/b/b.routes.ts)',
    ]);
  });

  it('finds longer cycles and prints them in order', () => {
    const found = violations([
      imp('modules/a/x.ts', 'modules/b/x.ts'),
      imp('modules/b/x.ts', 'modules/c/x.ts'),
      imp('modules/c/x.ts', 'modules/a/x.ts'),
      imp('modules/c/x.ts', 'modules/d/x.ts'),
    ]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^modules import each other in a cycle: a -> b -> c -> a\n/);
    expect(
      findCycle(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', ['d']],
        ]),
      ),
    ).toBeNull();
  });

  it('skips allowed edges, and fails on an allowed edge that is gone', () => {
    const cycle = [imp('modules/a/x.ts', 'modules/b/x.ts'), imp('modules/b/x.ts', 'modules/a/x.ts')];
    expect(violations(cycle, new Set(['b -> a']))).toEqual([]);
    expect(violations(cycle.slice(0, 1), new Set(['b -> a']))).toEqual([
      'allowed edge b -> a no longer exists: remove it from ALLOWED_EDGES',
    ]);
  });

  it('refuses realtime importing a feature, and lets it know who the actor is', () => {
    expect(violations([imp('modules/realtime/realtime.hub.ts', 'modules/auth/actor.ts')])).toEqual([]);
    expect(
      violations([imp('modules/realtime/realtime.hub.ts', 'modules/opportunities/opportunities.policy.ts')]),
    ).toEqual([
      'modules/realtime/realtime.hub.ts imports modules/opportunities/opportunities.policy.ts: the realtime hub knows no feature (register a visibility rule instead)',
    ]);
  });
});
