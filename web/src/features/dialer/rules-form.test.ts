import { DEFAULT_CALLING_RULES, ZDialerSettingsRequest } from '@funil/domain';
import { describe, expect, it } from 'vitest';
import { createI18n } from '../../i18n/resources.ts';
import {
  brDateToIso,
  dialerFieldMessage,
  dialerIssueToFieldError,
  isoToBrDate,
  settingsFormOf,
  settingsRequest,
  windowPath,
} from './rules-form.ts';

const saved = {
  callingRules: {
    ...DEFAULT_CALLING_RULES,
    byUf: { RJ: { ...DEFAULT_CALLING_RULES.default, sunday: { from: '10:00', to: '24:00' } } },
    extraHolidays: [{ date: '2026-01-20', name: 'São Sebastião', ufs: ['RJ' as const] }],
  },
  maxAttemptsPerDay: 3,
  shortCallWarningPercent: 10,
};

describe('dialer settings form', () => {
  it('reads the API settings into toggles and dd/mm/aaaa dates, and writes the same settings back', () => {
    const form = settingsFormOf(saved);
    expect(form.default.sunday).toEqual({ closed: true, from: '09:00', to: '18:00' });
    expect(form.default.weekdays).toEqual({ closed: false, from: '09:00', to: '21:00' });
    expect(form.byUf.map((o) => o.uf)).toEqual(['RJ']);
    expect(form.extraHolidays[0]?.date).toBe('20/01/2026');
    expect(settingsRequest(form)).toEqual(saved);
    expect(ZDialerSettingsRequest.safeParse(settingsRequest(form)).success).toBe(true);
  });

  it('turns a day off ("sem ligações") into a null window and keeps its times for when it reopens', () => {
    const form = settingsFormOf(saved);
    const closed = {
      ...form,
      default: { ...form.default, saturday: { ...form.default.saturday, closed: true } },
    };
    expect(settingsRequest(closed).callingRules.default.saturday).toBeNull();
    const reopened = {
      ...closed,
      default: { ...closed.default, saturday: { ...closed.default.saturday, closed: false } },
    };
    expect(settingsRequest(reopened).callingRules.default.saturday).toEqual({ from: '10:00', to: '16:00' });
  });

  it('reports bad times, an end before the start and a bad date on the fields the page shows them on', () => {
    const form = settingsFormOf(saved);
    const bad = settingsRequest({
      ...form,
      default: {
        ...form.default,
        weekdays: { closed: false, from: '9h', to: '21:00' },
        saturday: { closed: false, from: '16:00', to: '10:00' },
      },
      byUf: [{ uf: 'RJ', hours: { ...form.default, sunday: { closed: false, from: '10:00', to: '25:00' } } }],
      extraHolidays: [{ date: '31/02/2026', name: 'x', ufs: [] }],
      maxAttemptsPerDay: '',
    });
    const parsed = ZDialerSettingsRequest.safeParse(bad);
    expect(parsed.success).toBe(false);
    const errors = Object.fromEntries(
      (parsed.error?.issues ?? []).map(dialerIssueToFieldError).map((e) => [e.field, e.code]),
    );
    expect(errors[windowPath(null, 'weekdays', 'from')]).toBe('invalid_time');
    expect(errors[windowPath(null, 'saturday', 'to')]).toBe('end_before_start');
    expect(errors[windowPath('RJ', 'sunday', 'to')]).toBe('invalid_time');
    expect(errors['callingRules.extraHolidays.0.date']).toBe('invalid_date');
    expect(errors.maxAttemptsPerDay).toBe('required');
  });

  it('converts dates both ways and refuses days that do not exist', () => {
    expect(brDateToIso('09/07/2026')).toBe('2026-07-09');
    expect(brDateToIso('9/7/2026')).toBe('2026-07-09');
    expect(brDateToIso('29/02/2027')).toBe('29/02/2027');
    expect(brDateToIso('2026-07-09')).toBe('2026-07-09');
    expect(isoToBrDate('2026-12-25')).toBe('25/12/2026');
  });

  it('phrases the dialer codes in pt-BR and leaves the rest to the app', async () => {
    const { t } = await createI18n('pt-BR');
    expect(dialerFieldMessage('end_before_start', t)).toBe('O fim precisa ser depois do início');
    expect(dialerFieldMessage('invalid_time', t)).toBe('Horário inválido (use HH:MM)');
    expect(dialerFieldMessage('required', t)).toBe('Campo obrigatório');
  });
});
