import { describe, expect, it } from 'vitest';
import { resources } from './resources.ts';

/** Every message under a `won` key, with its path (e.g. `board.statuses.won`). */
function wonLabels(tree: unknown, path: string[] = []): [string, string][] {
  if (typeof tree === 'string') return path.at(-1) === 'won' ? [[path.join('.'), tree]] : [];
  if (!tree || typeof tree !== 'object') return [];
  return Object.entries(tree).flatMap(([key, value]) => wonLabels(value, [...path, key]));
}

describe('won outcomes', () => {
  const pt = wonLabels(resources['pt-BR'].translation);

  it('are found in the messages (board, opportunity, funnel report, dashboard)', () => {
    const paths = pt.map(([path]) => path);
    for (const prefix of ['board.', 'opportunity.', 'funnels.', 'dashboards.']) {
      expect(
        paths.some((p) => p.startsWith(prefix)),
        prefix,
      ).toBe(true);
    }
  });

  it("read 'Ganha(s)' in pt-BR, never 'Vencida(s)' (which users read as overdue)", () => {
    for (const [path, label] of pt) {
      expect(label, path).not.toMatch(/vencid/i);
      expect(label, path).toMatch(/ganh/i);
    }
  });
});
