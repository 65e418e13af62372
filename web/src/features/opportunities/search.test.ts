import { describe, expect, it } from 'vitest';
import { parseNewOpportunitySearch } from './search.ts';

describe('parseNewOpportunitySearch', () => {
  it('keeps well-formed ids only', () => {
    expect(
      parseNewOpportunitySearch({
        pipelineId: '2643BC14-5F0A-4F1A-B677-A4B08A7C6F6A',
        stageId: 'nope',
        holderId: 42,
        other: 'x',
      }),
    ).toEqual({ pipelineId: '2643bc14-5f0a-4f1a-b677-a4b08a7c6f6a' });
    expect(parseNewOpportunitySearch({})).toEqual({});
  });
});
