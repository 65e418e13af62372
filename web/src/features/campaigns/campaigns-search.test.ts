import { describe, expect, it } from 'vitest';
import { parseCampaignsSearch } from './campaigns-search.ts';

const id = '0b8f6a4e-1f2a-4c3d-9e8f-123456789abc';

describe('parseCampaignsSearch', () => {
  it('reads the tab and a call list from the Filtros tab (as an object or as JSON)', () => {
    expect(parseCampaignsSearch({ tab: 'whatsapp' })).toEqual({ tab: 'whatsapp' });
    expect(parseCampaignsSearch({ callList: { publicityIds: [id] } })).toEqual({
      callList: { publicityIds: [id] },
    });
    expect(parseCampaignsSearch({ callList: JSON.stringify({ notContactedSince: '2026-11-01' }) })).toEqual({
      callList: { notContactedSince: '2026-11-01' },
    });
  });

  it('drops a malformed call list', () => {
    expect(parseCampaignsSearch({ callList: '{oops' })).toEqual({});
    expect(parseCampaignsSearch({ callList: { publicityIds: ['x'] } })).toEqual({});
    expect(parseCampaignsSearch({ callList: { unknown: 1 } })).toEqual({});
  });
});
