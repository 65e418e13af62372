import {
  type ListOption,
  OPTION_LISTS,
  type OptionListName,
  type OptionLists,
  type Pipeline,
  type SaleRequirement,
} from '@funil/domain';
import type { PipelineRow } from './pipelines.repository.ts';

// Stored funnels and lists → API output.

/** A funnel as the API shows it: its live stages and the cards each holds (any status). */
export function presentPipeline(p: PipelineRow, cardCounts: Record<string, number>): Pipeline {
  return { id: p.id, name: p.name, version: p.version, stages: p.stages, cardCounts };
}

export type OpportunitySettings = {
  lists: OptionLists;
  saleRequirements: SaleRequirement[];
  version: number;
};

/** The live options grouped by list (every list present, possibly empty), with the sale requirements. */
export function presentOpportunitySettings(
  options: (ListOption & { list: OptionListName })[],
  saleRequirements: SaleRequirement[],
  version: number,
): OpportunitySettings {
  const lists = Object.fromEntries(
    OPTION_LISTS.map((list) => [
      list,
      options
        .filter((o) => o.list === list)
        .map(({ id, label, position, parentId }) => ({ id, label, position, parentId: parentId ?? null })),
    ]),
  ) as OptionLists;
  return { lists, saleRequirements, version };
}
