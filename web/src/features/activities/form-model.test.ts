import type { Activity } from '@funil/domain';
import { describe, expect, it } from 'vitest';
import { emptyForm, formOf, toRequest } from './form-model.ts';

const OWNER = '6f1c1d7e-2c52-4a7e-9d2a-0c7c1f0b7a11';
const PERSON = '0a6b2f4e-1d3c-4b5a-8e9f-112233445566';

describe('activity form', () => {
  it('defaults to tomorrow 10:00 (São Paulo), 30 minutes, reminder 15 minutes before', () => {
    const form = emptyForm(
      { ownerId: OWNER, kind: 'visit', personId: PERSON },
      new Date('2026-05-04T15:00:00Z'),
    );
    expect(form).toMatchObject({ date: '2026-05-05', time: '10:00', durationMinutes: 30, reminder: '15' });
    const result = toRequest({ ...form, title: 'Visita ao decorado' });
    expect(result).toEqual({
      ok: true,
      body: {
        kind: 'visit',
        title: 'Visita ao decorado',
        description: '',
        dueAt: '2026-05-05T13:00:00.000Z',
        durationMinutes: 30,
        ownerId: OWNER,
        personId: PERSON,
        opportunityId: null,
        reminderMinutesBefore: 15,
      },
    });
  });

  it('names the fields to fix: title, link, date', () => {
    const form = emptyForm({ ownerId: OWNER });
    const result = toRequest({ ...form, title: ' ', date: '2026-13', reminder: '' });
    expect(result).toEqual({
      ok: false,
      errors: { date: 'invalid_date', title: 'required', personId: 'person_or_opportunity_required' },
    });
  });

  it('reads an activity back in São Paulo time, no reminder as ""', () => {
    const form = formOf({
      kind: 'call',
      title: 'Ligar',
      description: null,
      dueAt: '2026-05-05T01:30:00.000Z',
      durationMinutes: 15,
      owner: { id: OWNER, name: 'Carla' },
      person: { id: PERSON, name: 'Maria' },
      opportunity: null,
      reminderMinutesBefore: null,
    } as Activity);
    expect(form).toMatchObject({ date: '2026-05-04', time: '22:30', reminder: '', personName: 'Maria' });
  });
});
