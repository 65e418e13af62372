import { describe, expect, it } from 'vitest';
import { actionCall, menuActions, optionData, subMomentsOf } from './actions.ts';

const P = 'p1';

describe('menuActions', () => {
  it('keeps the allowed, built actions in the menu order', () => {
    expect(menuActions(['denyList', 'changeTemperature', 'scheduleVisit', 'viewPhones', 'archive'])).toEqual([
      'scheduleVisit',
      'changeTemperature',
      'archive',
      'viewPhones',
      'denyList',
    ]);
  });

  it('drops unknown names and answers nothing for nothing', () => {
    expect(menuActions(['fly', 'comment'])).toEqual(['comment']);
    expect(menuActions([])).toEqual([]);
  });
});

describe('lists', () => {
  const subMoments = [
    { id: 's2', label: 'Visitando', position: 1, parentId: 'm1' },
    { id: 's1', label: 'Pesquisando', position: 0, parentId: 'm1' },
    { id: 's3', label: 'Negociando', position: 2, parentId: 'm2' },
    { id: 's4', label: 'Solto', position: 3 },
  ];

  it('gives the sub-moments of a moment, in order', () => {
    expect(subMomentsOf(subMoments, 'm1').map((o) => o.id)).toEqual(['s1', 's2']);
    expect(subMomentsOf(subMoments, 'm2').map((o) => o.id)).toEqual(['s3']);
    expect(subMomentsOf(subMoments, null)).toEqual([]);
    expect(subMomentsOf(undefined, 'm1')).toEqual([]);
  });

  it('keeps the current item choosable when it left the list', () => {
    const options = [{ id: 'a', label: 'Morar', position: 0 }];
    expect(optionData(options, { id: 'a', label: 'Morar' })).toEqual([{ value: 'a', label: 'Morar' }]);
    expect(optionData(options, { id: 'z', label: 'Investir' })).toEqual([
      { value: 'a', label: 'Morar' },
      { value: 'z', label: 'Investir' },
    ]);
    expect(optionData(undefined, null)).toEqual([]);
  });
});

describe('actionCall', () => {
  it('maps each action to its endpoint and body', () => {
    expect(actionCall(P, { type: 'temperature', temperature: 'hot' })).toEqual({
      method: 'POST',
      path: '/people/p1/temperature',
      body: { temperature: 'hot' },
    });
    expect(actionCall(P, { type: 'revertTemperature' })).toEqual({
      method: 'POST',
      path: '/people/p1/temperature/revert',
    });
    expect(actionCall(P, { type: 'objective', objectiveId: null })).toEqual({
      method: 'POST',
      path: '/people/p1/objective',
      body: { objectiveId: null },
    });
    expect(actionCall(P, { type: 'productOfInterest', productId: 'x' }).body).toEqual({ productId: 'x' });
    expect(actionCall(P, { type: 'archive' }).path).toBe('/people/p1/archive');
    expect(actionCall(P, { type: 'restore' }).path).toBe('/people/p1/restore');
    expect(actionCall(P, { type: 'doNotContact', doNotContact: true })).toEqual({
      method: 'PUT',
      path: '/people/p1/do-not-contact',
      body: { doNotContact: true },
    });
  });

  it('clears the sub-moment with the moment', () => {
    expect(actionCall(P, { type: 'moment', momentId: 'm1', subMomentId: 's1' }).body).toEqual({
      momentId: 'm1',
      subMomentId: 's1',
    });
    expect(actionCall(P, { type: 'moment', momentId: null, subMomentId: 's1' }).body).toEqual({
      momentId: null,
      subMomentId: null,
    });
  });

  it('sends blank notes as null', () => {
    expect(actionCall(P, { type: 'disinterest', reasonId: 'r', note: '  ' }).body).toEqual({
      reasonId: 'r',
      note: null,
    });
    expect(actionCall(P, { type: 'nonClient', reason: 'supplier', note: ' Vende tijolos ' })).toEqual({
      method: 'POST',
      path: '/people/p1/non-client',
      body: { reason: 'supplier', note: 'Vende tijolos' },
    });
  });
});
