import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  brazilianHolidays,
  easterSunday,
  incidentNoticeDeadline,
  incidentNoticeStatus,
  isBusinessDay,
  ZIncidentRequest,
} from './incidents.ts';

describe('Easter and the holidays computed from it', () => {
  it('finds Easter Sunday', () => {
    expect(easterSunday(2024)).toBe('2024-03-31');
    expect(easterSunday(2025)).toBe('2025-04-20');
    expect(easterSunday(2026)).toBe('2026-04-05');
    expect(easterSunday(2027)).toBe('2027-03-28');
  });

  it('puts Carnaval, Good Friday and Corpus Christi where the calendar has them', () => {
    const h2026 = brazilianHolidays(2026);
    expect(h2026.has('2026-02-16')).toBe(true); // Carnaval (segunda)
    expect(h2026.has('2026-02-17')).toBe(true); // Carnaval (terça)
    expect(h2026.has('2026-04-03')).toBe(true); // Sexta-feira Santa
    expect(h2026.has('2026-06-04')).toBe(true); // Corpus Christi
    expect(h2026.has('2026-02-18')).toBe(false); // Quarta-feira de Cinzas works
    const h2025 = brazilianHolidays(2025);
    expect(h2025.has('2025-03-03')).toBe(true);
    expect(h2025.has('2025-04-18')).toBe(true);
    expect(h2025.has('2025-06-19')).toBe(true);
    expect(h2025.has('2025-11-20')).toBe(true); // Consciência Negra
  });
});

describe('business days', () => {
  it('skips weekends and holidays', () => {
    expect(isBusinessDay('2026-12-07')).toBe(true); // Monday
    expect(isBusinessDay('2026-12-05')).toBe(false); // Saturday
    expect(isBusinessDay('2026-12-25')).toBe(false);
    expect(addBusinessDays('2026-12-07', 3)).toBe('2026-12-10');
    // Friday → Monday, Tuesday, Wednesday.
    expect(addBusinessDays('2026-12-04', 3)).toBe('2026-12-09');
  });

  it('counts 3 business days around Christmas and Carnaval', () => {
    // Learned on Wed 23/12/2026: Thu 24, (Fri 25 Natal, weekend), Mon 28, Tue 29.
    expect(incidentNoticeDeadline('2026-12-23')).toBe('2026-12-29');
    // Learned on Fri 13/02/2026: (weekend, Carnaval Mon 16 and Tue 17) Wed 18, Thu 19, Fri 20.
    expect(incidentNoticeDeadline('2026-02-13')).toBe('2026-02-20');
    // Learned on Wed 01/04/2026: Thu 2, (Good Friday 3, weekend) Mon 6, Tue 7.
    expect(incidentNoticeDeadline('2026-04-01')).toBe('2026-04-07');
    // Learned on Wed 03/06/2026: (Corpus Christi Thu 4) Fri 5, Mon 8, Tue 9.
    expect(incidentNoticeDeadline('2026-06-03')).toBe('2026-06-09');
  });

  it('says how many business days are left, or that the deadline passed', () => {
    const incident = { learnedOn: '2026-12-23', anpdNotifiedOn: null, subjectsNotifiedOn: null };
    expect(incidentNoticeStatus(incident, '2026-12-23')).toEqual({ state: 'due', businessDaysLeft: 3 });
    expect(incidentNoticeStatus(incident, '2026-12-26')).toEqual({ state: 'due', businessDaysLeft: 2 });
    expect(incidentNoticeStatus(incident, '2026-12-29')).toEqual({ state: 'due', businessDaysLeft: 0 });
    expect(incidentNoticeStatus(incident, '2026-12-30')).toEqual({ state: 'overdue', businessDaysLate: 1 });
    expect(incidentNoticeStatus({ ...incident, anpdNotifiedOn: '2026-12-24' }, '2026-12-30').state).toBe(
      'overdue',
    );
    expect(
      incidentNoticeStatus(
        { ...incident, anpdNotifiedOn: '2026-12-24', subjectsNotifiedOn: '2026-12-28' },
        '2027-01-30',
      ),
    ).toEqual({ state: 'notified' });
  });
});

describe('the incident form', () => {
  it('refuses an impossible day and an occurrence after the learning', () => {
    const base = { title: 'Vazamento', learnedOn: '2026-12-07', risk: 'high' };
    expect(ZIncidentRequest.safeParse(base).success).toBe(true);
    expect(ZIncidentRequest.safeParse({ ...base, learnedOn: '2026-02-30' }).success).toBe(false);
    expect(ZIncidentRequest.safeParse({ ...base, occurredOn: '2026-12-08' }).success).toBe(false);
    expect(ZIncidentRequest.safeParse({ ...base, occurredOn: '' }).data?.occurredOn).toBe(null);
  });
});
