import { describe, expect, it } from 'vitest';
import {
  type CallingRules,
  callingWindow,
  DDD_UF,
  DEFAULT_CALLING_RULES,
  MAX_DO_NOT_CALL_LINES,
  nationalHolidays,
  parseDoNotCallFile,
  UF_TIME_ZONE,
  ufOfPhone,
  ZCallingHours,
  ZCallingRules,
} from './calling-hours.ts';
import { UFS } from './cep.ts';

describe('DDD_UF / ufOfPhone', () => {
  it.each([
    ['11', 'SP'],
    ['19', 'SP'],
    ['21', 'RJ'],
    ['24', 'RJ'],
    ['31', 'MG'],
    ['41', 'PR'],
    ['48', 'SC'],
    ['51', 'RS'],
    ['61', 'DF'],
    ['62', 'GO'],
    ['63', 'TO'],
    ['65', 'MT'],
    ['67', 'MS'],
    ['68', 'AC'],
    ['69', 'RO'],
    ['71', 'BA'],
    ['79', 'SE'],
    ['81', 'PE'],
    ['82', 'AL'],
    ['83', 'PB'],
    ['84', 'RN'],
    ['85', 'CE'],
    ['86', 'PI'],
    ['91', 'PA'],
    ['92', 'AM'],
    ['95', 'RR'],
    ['96', 'AP'],
    ['97', 'AM'],
    ['98', 'MA'],
    ['99', 'MA'],
  ])('DDD %s is %s', (ddd, uf) => {
    expect(DDD_UF[ddd]).toBe(uf);
    expect(ufOfPhone(`+55${ddd}987654321`)).toBe(uf);
    expect(ufOfPhone(`+55${ddd}34567890`)).toBe(uf);
  });

  it('has the 67 DDDs and every state', () => {
    expect(Object.keys(DDD_UF)).toHaveLength(67);
    expect(new Set(Object.values(DDD_UF))).toEqual(new Set(UFS));
    for (const unused of [
      '10',
      '20',
      '23',
      '25',
      '26',
      '29',
      '30',
      '36',
      '39',
      '40',
      '50',
      '52',
      '80',
      '90',
    ]) {
      expect(DDD_UF[unused]).toBeUndefined();
    }
  });

  it('is null for non-geographic, foreign and malformed numbers', () => {
    expect(ufOfPhone('+558007271234')).toBeNull(); // 0800
    expect(ufOfPhone('+553001234567')).toBeNull(); // 0300
    expect(ufOfPhone('+5540041234')).toBeNull(); // 4004
    expect(ufOfPhone('+12125550123')).toBeNull();
    expect(ufOfPhone('11987654321')).toBeNull();
    expect(ufOfPhone('+5511987')).toBeNull();
  });
});

describe('UF_TIME_ZONE', () => {
  it('names a zone for every state that Intl knows', () => {
    for (const uf of UFS) {
      expect(() => new Intl.DateTimeFormat('en', { timeZone: UF_TIME_ZONE[uf] })).not.toThrow();
    }
    expect(UF_TIME_ZONE.SP).toBe('America/Sao_Paulo');
    expect(UF_TIME_ZONE.AC).toBe('America/Rio_Branco');
    expect(UF_TIME_ZONE.AM).toBe('America/Manaus');
    expect(UF_TIME_ZONE.MS).toBe('America/Campo_Grande');
    expect(UF_TIME_ZONE.TO).toBe('America/Araguaina');
    expect(UF_TIME_ZONE.BA).toBe('America/Bahia');
  });
});

describe('nationalHolidays', () => {
  const dateOf = (year: number, name: string) => nationalHolidays(year).find((h) => h.name === name)?.date;

  it.each([
    [2019, '2019-04-19'],
    [2024, '2024-03-29'],
    [2025, '2025-04-18'],
    [2026, '2026-04-03'],
    [2027, '2027-03-26'],
    [2038, '2038-04-23'], // Easter on 25 April, the latest possible
    [2285, '2285-03-20'], // Easter on 22 March, the earliest possible
  ])('Sexta-feira Santa %i is %s (two days before Easter)', (year, date) => {
    expect(dateOf(year, 'Sexta-feira Santa')).toBe(date);
  });

  it('2026: Carnaval, Sexta-feira Santa, Corpus Christi and the fixed ones', () => {
    expect(nationalHolidays(2026)).toEqual([
      { date: '2026-01-01', name: 'Confraternização Universal' },
      { date: '2026-02-16', name: 'Carnaval (segunda-feira)' },
      { date: '2026-02-17', name: 'Carnaval (terça-feira)' },
      { date: '2026-04-03', name: 'Sexta-feira Santa' },
      { date: '2026-04-21', name: 'Tiradentes' },
      { date: '2026-05-01', name: 'Dia do Trabalho' },
      { date: '2026-06-04', name: 'Corpus Christi' },
      { date: '2026-09-07', name: 'Independência do Brasil' },
      { date: '2026-10-12', name: 'Nossa Senhora Aparecida' },
      { date: '2026-11-02', name: 'Finados' },
      { date: '2026-11-15', name: 'Proclamação da República' },
      { date: '2026-11-20', name: 'Dia Nacional de Zumbi e da Consciência Negra' },
      { date: '2026-12-25', name: 'Natal' },
    ]);
  });

  it('2024 (leap year) Carnaval and Corpus Christi; Zumbi only from 2024', () => {
    expect(dateOf(2024, 'Carnaval (terça-feira)')).toBe('2024-02-13');
    expect(dateOf(2024, 'Corpus Christi')).toBe('2024-05-30');
    expect(dateOf(2025, 'Carnaval (segunda-feira)')).toBe('2025-03-03');
    expect(dateOf(2027, 'Corpus Christi')).toBe('2027-05-27');
    expect(dateOf(2023, 'Dia Nacional de Zumbi e da Consciência Negra')).toBeUndefined();
    expect(dateOf(2024, 'Dia Nacional de Zumbi e da Consciência Negra')).toBe('2024-11-20');
  });
});

describe('ZCallingRules', () => {
  it('accepts the default rules', () => {
    expect(ZCallingRules.parse(DEFAULT_CALLING_RULES)).toEqual(DEFAULT_CALLING_RULES);
  });

  it('refuses bad windows with codes', () => {
    const hours = (weekdays: unknown) => ({ weekdays, saturday: null, sunday: null, holidays: null });
    const issue = (weekdays: unknown) => ZCallingHours.safeParse(hours(weekdays)).error?.issues[0]?.message;
    expect(issue({ from: '21:00', to: '09:00' })).toBe('end_before_start');
    expect(issue({ from: '09:00', to: '09:00' })).toBe('end_before_start');
    expect(issue({ from: '9:00', to: '21:00' })).toBe('invalid_time');
    expect(issue({ from: '09:00', to: '24:01' })).toBe('invalid_time');
    expect(issue({ from: '09:00', to: '24:00' })).toBeUndefined();
    expect(issue({ from: '09:00', to: '23:59' })).toBeUndefined();
    expect(ZCallingHours.safeParse({ ...hours(null), extra: 1 }).success).toBe(false);
  });

  it('refuses unknown states, bad holiday dates and unknown keys', () => {
    const ok = { ...DEFAULT_CALLING_RULES };
    expect(ZCallingRules.safeParse({ ...ok, byUf: { XX: DEFAULT_CALLING_RULES.default } }).success).toBe(
      false,
    );
    const holiday = (h: unknown) => ZCallingRules.safeParse({ ...ok, extraHolidays: [h] }).success;
    expect(holiday({ date: '2026-01-25', name: 'Aniversário de São Paulo', ufs: ['SP'] })).toBe(true);
    expect(holiday({ date: '2026-02-30', name: 'x', ufs: [] })).toBe(false);
    expect(holiday({ date: '2026-01-25', name: ' ', ufs: [] })).toBe(false);
    expect(holiday({ date: '2026-01-25', name: 'x', ufs: ['ZZ'] })).toBe(false);
    expect(ZCallingRules.safeParse({ ...ok, other: true }).success).toBe(false);
  });
});

describe('callingWindow', () => {
  // 2026-03-10 is a Tuesday; São Paulo is UTC-3 (no daylight saving since 2019).
  const sp = (local: string) => new Date(`${local}:00-03:00`);
  const rules = DEFAULT_CALLING_RULES;

  it.each([
    ['08:59', false, 'outside_hours'],
    ['09:00', true, null],
    ['20:59', true, null],
    ['21:00', false, 'outside_hours'],
  ] as const)('São Paulo on a Tuesday at %s: allowed %s', (time, allowed, reason) => {
    const result = callingWindow(rules, 'SP', sp(`2026-03-10T${time}`));
    expect(result).toMatchObject({
      allowed,
      reason,
      localTime: time,
      timeZone: 'America/Sao_Paulo',
      holiday: null,
    });
  });

  it('an end of 24:00 reaches the last minute of the day; 24:00 is no start', () => {
    const day = { weekdays: { from: '00:00', to: '24:00' }, saturday: null, sunday: null, holidays: null };
    const allDay = { default: day, byUf: {}, extraHolidays: [] };
    expect(ZCallingRules.parse(allDay)).toEqual(allDay);
    expect(callingWindow(allDay, 'SP', sp('2026-03-10T23:59')).allowed).toBe(true);
    expect(callingWindow(allDay, 'SP', sp('2026-03-10T00:00')).allowed).toBe(true);
    const startAt24 = { ...allDay, default: { ...day, weekdays: { from: '24:00', to: '24:00' } } };
    expect(ZCallingRules.safeParse(startAt24).success).toBe(false);
  });

  it('before opening, nextOpenAt is today 09:00; after closing, tomorrow 09:00; null when allowed', () => {
    expect(callingWindow(rules, 'SP', sp('2026-03-10T08:59')).nextOpenAt).toEqual(sp('2026-03-10T09:00'));
    expect(callingWindow(rules, 'SP', sp('2026-03-10T21:00')).nextOpenAt).toEqual(sp('2026-03-11T09:00'));
    expect(callingWindow(rules, 'SP', sp('2026-03-10T12:00')).nextOpenAt).toBeNull();
  });

  it('Manaus is one hour behind São Paulo', () => {
    const at = callingWindow(rules, 'AM', sp('2026-03-10T09:30'));
    expect(at).toMatchObject({ allowed: false, reason: 'outside_hours', localTime: '08:30' });
    expect(at.timeZone).toBe('America/Manaus');
    expect(at.nextOpenAt).toEqual(sp('2026-03-10T10:00'));
    expect(callingWindow(rules, 'AM', sp('2026-03-10T21:30'))).toMatchObject({
      allowed: true,
      localTime: '20:30',
    });
    expect(callingWindow(rules, 'AM', sp('2026-03-10T22:00'))).toMatchObject({
      allowed: false,
      localTime: '21:00',
    });
  });

  it('Acre is two hours behind São Paulo', () => {
    const at = callingWindow(rules, 'AC', sp('2026-03-10T10:59'));
    expect(at).toMatchObject({ allowed: false, localTime: '08:59', timeZone: 'America/Rio_Branco' });
    expect(at.nextOpenAt).toEqual(sp('2026-03-10T11:00'));
    expect(callingWindow(rules, 'AC', sp('2026-03-10T11:00')).allowed).toBe(true);
    expect(callingWindow(rules, 'AC', sp('2026-03-10T22:59'))).toMatchObject({
      allowed: true,
      localTime: '20:59',
    });
  });

  it('uses the local day: 01:00 Wednesday in São Paulo is still Tuesday 23:00 in Acre', () => {
    const at = callingWindow(rules, 'AC', sp('2026-03-11T01:00'));
    expect(at).toMatchObject({ allowed: false, reason: 'outside_hours', localTime: '23:00' });
    expect(at.nextOpenAt).toEqual(sp('2026-03-11T11:00'));
  });

  it('a null state is São Paulo with the default hours', () => {
    expect(callingWindow(rules, null, sp('2026-03-10T09:00'))).toMatchObject({
      allowed: true,
      timeZone: 'America/Sao_Paulo',
      localTime: '09:00',
    });
  });

  it('a Sunday is closed; the next opening is Monday 09:00', () => {
    const at = callingWindow(rules, 'SP', sp('2026-03-15T11:00'));
    expect(at).toMatchObject({ allowed: false, reason: 'sunday', holiday: null });
    expect(at.nextOpenAt).toEqual(sp('2026-03-16T09:00'));
  });

  it('Saturday 10:00–16:00; after 16:00 the next opening is Monday 09:00 local', () => {
    expect(callingWindow(rules, 'SP', sp('2026-03-14T10:00')).allowed).toBe(true);
    expect(callingWindow(rules, 'SP', sp('2026-03-14T15:59')).allowed).toBe(true);
    const sp1600 = callingWindow(rules, 'SP', sp('2026-03-14T16:00'));
    expect(sp1600).toMatchObject({ allowed: false, reason: 'outside_hours' });
    expect(sp1600.nextOpenAt).toEqual(sp('2026-03-16T09:00'));
    // In Acre (UTC-5), Monday 09:00 local is 11:00 in São Paulo.
    const ac1600 = callingWindow(rules, 'AC', sp('2026-03-14T18:00'));
    expect(ac1600).toMatchObject({ allowed: false, localTime: '16:00' });
    expect(ac1600.nextOpenAt).toEqual(sp('2026-03-16T11:00'));
  });

  it('a national holiday is closed and named; the next opening skips it', () => {
    // Sexta-feira Santa 2026-04-03; then Saturday 10:00.
    const friday = callingWindow(rules, 'RJ', sp('2026-04-03T10:00'));
    expect(friday).toMatchObject({ allowed: false, reason: 'holiday', holiday: 'Sexta-feira Santa' });
    expect(friday.nextOpenAt).toEqual(sp('2026-04-04T10:00'));
    // Carnaval: Saturday 14 Feb after 16:00 → Sunday, Monday and Tuesday closed → Wednesday 18 Feb 09:00.
    expect(callingWindow(rules, 'SP', sp('2026-02-14T17:00')).nextOpenAt).toEqual(sp('2026-02-18T09:00'));
  });

  it('holiday hours apply when the rules allow calls on holidays', () => {
    const open: CallingRules = {
      ...rules,
      default: { ...rules.default, holidays: { from: '10:00', to: '14:00' } },
    };
    expect(callingWindow(open, 'SP', sp('2026-11-20T10:00'))).toMatchObject({
      allowed: true,
      reason: null,
      holiday: 'Dia Nacional de Zumbi e da Consciência Negra',
    });
    expect(callingWindow(open, 'SP', sp('2026-11-20T09:00'))).toMatchObject({
      allowed: false,
      reason: 'outside_hours',
    });
  });

  it("a state's own hours override the default for that state only", () => {
    const byUf: CallingRules = {
      ...rules,
      byUf: {
        RJ: {
          weekdays: { from: '08:00', to: '20:00' },
          saturday: null,
          sunday: { from: '10:00', to: '12:00' },
          holidays: null,
        },
      },
    };
    expect(callingWindow(byUf, 'RJ', sp('2026-03-10T08:00')).allowed).toBe(true);
    expect(callingWindow(byUf, 'RJ', sp('2026-03-10T20:00')).allowed).toBe(false);
    expect(callingWindow(byUf, 'SP', sp('2026-03-10T08:00')).allowed).toBe(false);
    expect(callingWindow(byUf, 'RJ', sp('2026-03-15T11:00')).allowed).toBe(true);
    const saturday = callingWindow(byUf, 'RJ', sp('2026-03-14T11:00'));
    expect(saturday).toMatchObject({ allowed: false, reason: 'closed_day' });
    expect(saturday.nextOpenAt).toEqual(sp('2026-03-15T10:00'));
  });

  it('an extra holiday applies only to its states (or to all when none are listed)', () => {
    const extra: CallingRules = {
      ...rules,
      extraHolidays: [
        { date: '2027-01-25', name: 'Aniversário de São Paulo', ufs: ['SP'] }, // a Monday
        { date: '2026-03-11', name: 'Recesso da empresa', ufs: [] },
      ],
    };
    const inSp = callingWindow(extra, 'SP', sp('2027-01-25T10:00'));
    expect(inSp).toMatchObject({ allowed: false, reason: 'holiday', holiday: 'Aniversário de São Paulo' });
    expect(inSp.nextOpenAt).toEqual(sp('2027-01-26T09:00'));
    expect(callingWindow(extra, 'RJ', sp('2027-01-25T10:00'))).toMatchObject({
      allowed: true,
      holiday: null,
    });
    // A holiday of some states never applies to a number whose state is unknown.
    expect(callingWindow(extra, null, sp('2027-01-25T10:00')).allowed).toBe(true);
    // Listed for no state: everywhere, the unknown state included.
    for (const uf of ['SP', 'AM', null] as const) {
      expect(callingWindow(extra, uf, sp('2026-03-11T12:00'))).toMatchObject({
        allowed: false,
        holiday: 'Recesso da empresa',
      });
    }
  });

  it('nextOpenAt is null when nothing opens within 14 days', () => {
    const closed: CallingRules = {
      ...rules,
      default: { weekdays: null, saturday: null, sunday: null, holidays: null },
    };
    expect(callingWindow(closed, 'SP', sp('2026-03-10T10:00'))).toMatchObject({
      allowed: false,
      reason: 'closed_day',
      nextOpenAt: null,
    });
    const far: CallingRules = {
      ...rules,
      extraHolidays: Array.from({ length: 20 }, (_, i) => ({
        date: new Date(Date.UTC(2026, 2, 10 + i)).toISOString().slice(0, 10),
        name: 'Férias coletivas',
        ufs: [],
      })),
    };
    expect(callingWindow(far, 'SP', sp('2026-03-10T10:00')).nextOpenAt).toBeNull();
  });
});

describe('parseDoNotCallFile', () => {
  it('reads the Não Me Perturbe plain list (DDD + number, with or without 55)', () => {
    const result = parseDoNotCallFile('11987654321\n5521987654321\n1134567890\n');
    expect(result).toEqual({
      numbers: ['+5511987654321', '+5521987654321', '+551134567890'],
      rejected: [],
      total: 3,
    });
  });

  it('reads any format, strips the BOM, handles CRLF and blank lines, and deduplicates in file order', () => {
    const file = [
      '\uFEFF(11) 98765-4321',
      '',
      '+55 21 98765-4321',
      '  5511987654321  ',
      '11987654321',
      '\t',
      '0xx31 3456-7890',
      '(21) 98765-4321',
    ].join('\r\n');
    const result = parseDoNotCallFile(file);
    expect(result.numbers).toEqual(['+5511987654321', '+5521987654321', '+553134567890']);
    expect(result.rejected).toEqual([]);
    expect(result.total).toBe(6);
  });

  it('takes the first phone-looking column of a CSV with a header', () => {
    const csv = [
      'nome;telefone;email',
      'Maria Souza;(11) 98765-4321;maria@example.com',
      '"João";"+55 85 98888-7777";joao@example.com',
      'Ana,11 3456-7890,ana@example.com',
      '42\t61987654321\tcliente',
    ].join('\n');
    expect(parseDoNotCallFile(csv)).toEqual({
      numbers: ['+5511987654321', '+5585988887777', '+551134567890', '+5561987654321'],
      rejected: [],
      total: 4,
    });
  });

  it('rejects garbage lines with their line numbers, but not the header', () => {
    const file = [
      'TELEFONE',
      '11987654321',
      'abc',
      '12345',
      '(10) 98765-4321', // DDD 10 does not exist
      'Pedro;1198765432;x', // a mobile without its ninth digit
      '11987654321',
      '',
      '21987654321',
    ].join('\n');
    const result = parseDoNotCallFile(file);
    expect(result.numbers).toEqual(['+5511987654321', '+5521987654321']);
    expect(result.rejected).toEqual([
      { line: 3, value: 'abc' },
      { line: 4, value: '12345' },
      { line: 5, value: '(10) 98765-4321' },
      { line: 6, value: '1198765432' },
    ]);
    expect(result.total).toBe(7);
  });

  it('an empty file has nothing', () => {
    expect(parseDoNotCallFile('')).toEqual({ numbers: [], rejected: [], total: 0 });
    expect(parseDoNotCallFile('\uFEFF\r\n\r\n')).toEqual({ numbers: [], rejected: [], total: 0 });
  });

  it('accepts 1,000,000 lines and refuses more with a clear error', () => {
    const line = '11987654321\n';
    const max = line.repeat(MAX_DO_NOT_CALL_LINES);
    expect(parseDoNotCallFile(max)).toMatchObject({
      numbers: ['+5511987654321'],
      total: MAX_DO_NOT_CALL_LINES,
    });
    expect(() => parseDoNotCallFile(`${max}11987654321`)).toThrow(/at most 1000000/);
  });
});
