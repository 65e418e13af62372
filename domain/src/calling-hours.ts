import { z } from 'zod';
import { UFS, type Uf } from './cep.ts';
import { normalizePhone, phoneKind } from './phones.ts';

// When the auto-dialer may call a number: the state (UF) of its DDD, that state's time zone, the allowed hours
// per kind of day, the national holidays plus the workspace's own, and the do-not-call ("Não Me Perturbe") file.

/** Area code (DDD) → state, for the 67 DDDs of Anatel's numbering plan. */
export const DDD_UF: Readonly<Record<string, Uf>> = Object.freeze(
  Object.fromEntries(
    (
      [
        ['SP', '11 12 13 14 15 16 17 18 19'],
        ['RJ', '21 22 24'],
        ['ES', '27 28'],
        ['MG', '31 32 33 34 35 37 38'],
        ['PR', '41 42 43 44 45 46'],
        ['SC', '47 48 49'],
        ['RS', '51 53 54 55'],
        ['DF', '61'],
        ['GO', '62 64'],
        ['TO', '63'],
        ['MT', '65 66'],
        ['MS', '67'],
        ['AC', '68'],
        ['RO', '69'],
        ['BA', '71 73 74 75 77'],
        ['SE', '79'],
        ['PE', '81 87'],
        ['AL', '82'],
        ['PB', '83'],
        ['RN', '84'],
        ['CE', '85 88'],
        ['PI', '86 89'],
        ['PA', '91 93 94'],
        ['AM', '92 97'],
        ['RR', '95'],
        ['AP', '96'],
        ['MA', '98 99'],
      ] as const
    ).flatMap(([uf, ddds]) => ddds.split(' ').map((ddd) => [ddd, uf])),
  ),
);

/** The state of a Brazilian geographic number (E.164); null for other countries, 0800/0300/4004 and unknown DDDs. */
export function ufOfPhone(e164: string): Uf | null {
  const match = /^\+55(\d{10,11})$/.exec(e164);
  if (!match?.[1]) return null;
  const kind = phoneKind(e164);
  if (kind !== 'mobile' && kind !== 'landline') return null;
  return DDD_UF[match[1].slice(0, 2)] ?? null;
}

/**
 * IANA zone per state (zone.tab's Brazilian zones). PA and AM span two zones; the capital's is used for the
 * whole state (west Pará is on Santarém = Belém's offset; the far west of Amazonas, Eirunepé, is one hour behind).
 */
export const UF_TIME_ZONE: Readonly<Record<Uf, string>> = Object.freeze({
  AC: 'America/Rio_Branco',
  AL: 'America/Maceio',
  AM: 'America/Manaus',
  AP: 'America/Belem',
  BA: 'America/Bahia',
  CE: 'America/Fortaleza',
  DF: 'America/Sao_Paulo',
  ES: 'America/Sao_Paulo',
  GO: 'America/Sao_Paulo',
  MA: 'America/Fortaleza',
  MG: 'America/Sao_Paulo',
  MS: 'America/Campo_Grande',
  MT: 'America/Cuiaba',
  PA: 'America/Belem',
  PB: 'America/Fortaleza',
  PE: 'America/Recife',
  PI: 'America/Fortaleza',
  PR: 'America/Sao_Paulo',
  RJ: 'America/Sao_Paulo',
  RN: 'America/Fortaleza',
  RO: 'America/Porto_Velho',
  RR: 'America/Boa_Vista',
  RS: 'America/Sao_Paulo',
  SC: 'America/Sao_Paulo',
  SE: 'America/Maceio',
  SP: 'America/Sao_Paulo',
  TO: 'America/Araguaina',
});

const DEFAULT_TIME_ZONE = 'America/Sao_Paulo';

// ---------------------------------------------------------------------------------------------------------------
// Holidays

export type Holiday = { date: string; name: string };

/** A civil date (no time zone) as `YYYY-MM-DD`; month is 1-based and may overflow (Date.UTC normalizes it). */
function isoDate(year: number, month: number, day: number): string {
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
}

/** Easter Sunday (Gregorian, anonymous "Meeus/Jones/Butcher" algorithm) as [month, day]. */
function easter(year: number): [number, number] {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return [month, day];
}

/**
 * The national holidays of a year, by date. Carnaval and Corpus Christi are officially "pontos facultativos", but
 * commerce and call centers stop on them nearly everywhere, so a dialer treats them as holidays. Zumbi
 * (20 November) is national since Lei 14.759/2023 (from 2024 on).
 */
export function nationalHolidays(year: number): Holiday[] {
  const [em, ed] = easter(year);
  const fromEaster = (days: number, name: string): Holiday => ({ date: isoDate(year, em, ed + days), name });
  const fixed = (month: number, day: number, name: string): Holiday => ({
    date: isoDate(year, month, day),
    name,
  });
  const holidays = [
    fixed(1, 1, 'Confraternização Universal'),
    fromEaster(-48, 'Carnaval (segunda-feira)'),
    fromEaster(-47, 'Carnaval (terça-feira)'),
    fromEaster(-2, 'Sexta-feira Santa'),
    fixed(4, 21, 'Tiradentes'),
    fixed(5, 1, 'Dia do Trabalho'),
    fromEaster(60, 'Corpus Christi'),
    fixed(9, 7, 'Independência do Brasil'),
    fixed(10, 12, 'Nossa Senhora Aparecida'),
    fixed(11, 2, 'Finados'),
    fixed(11, 15, 'Proclamação da República'),
    ...(year >= 2024 ? [fixed(11, 20, 'Dia Nacional de Zumbi e da Consciência Negra')] : []),
    fixed(12, 25, 'Natal'),
  ];
  return holidays.sort((x, y) => x.date.localeCompare(y.date));
}

const holidaysByYear = new Map<number, ReadonlyMap<string, string>>();

/** `nationalHolidays` as date → name, computed once per year. */
function nationalHolidayMap(year: number): ReadonlyMap<string, string> {
  let map = holidaysByYear.get(year);
  if (!map) {
    map = new Map(nationalHolidays(year).map((h) => [h.date, h.name]));
    holidaysByYear.set(year, map);
  }
  return map;
}

// ---------------------------------------------------------------------------------------------------------------
// Rules

const HH_MM = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
/** An end may also be `24:00`: up to the end of the day. */
const HH_MM_END = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;

export const ZWindow = z
  .object({
    from: z.string().regex(HH_MM, { message: 'invalid_time' }),
    to: z.string().regex(HH_MM_END, { message: 'invalid_time' }),
  })
  .strict()
  // Zero-padded HH:MM strings compare like the times they are.
  .refine((w) => w.from < w.to, { path: ['to'], message: 'end_before_start' });
export type CallingWindow = z.infer<typeof ZWindow>;

/** Allowed hours per kind of day, local to the called number's state; null = no calls that day. `to` is exclusive. */
export const ZCallingHours = z
  .object({
    weekdays: ZWindow.nullable(),
    saturday: ZWindow.nullable(),
    sunday: ZWindow.nullable(),
    holidays: ZWindow.nullable(),
  })
  .strict();
export type CallingHours = z.infer<typeof ZCallingHours>;

export const ZExtraHoliday = z
  .object({
    date: z.iso.date({ message: 'invalid_date' }),
    name: z.string().trim().min(1).max(100),
    /** The states it applies to; empty = all. */
    ufs: z.array(z.enum(UFS)).max(UFS.length),
  })
  .strict();
export type ExtraHoliday = z.infer<typeof ZExtraHoliday>;

/** The workspace's calling rules: default hours, per-state overrides and its own (state/municipal) holidays. */
export const ZCallingRules = z
  .object({
    default: ZCallingHours,
    byUf: z.partialRecord(z.enum(UFS), ZCallingHours),
    extraHolidays: z.array(ZExtraHoliday).max(500),
  })
  .strict();
export type CallingRules = z.infer<typeof ZCallingRules>;

/**
 * Weekdays 09:00–21:00, Saturday 10:00–16:00, none on Sundays and holidays: what Procon telemarketing rules
 * commonly set (e.g. São Paulo's). Only a starting point: the workspace admin can change every window.
 */
export const DEFAULT_CALLING_RULES: CallingRules = {
  default: {
    weekdays: { from: '09:00', to: '21:00' },
    saturday: { from: '10:00', to: '16:00' },
    sunday: null,
    holidays: null,
  },
  byUf: {},
  extraHolidays: [],
};

// ---------------------------------------------------------------------------------------------------------------
// Time zones (Intl only)

type LocalDateTime = { year: number; month: number; day: number; hour: number; minute: number };

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock date and time of an instant in a zone. */
function localDateTime(instant: Date, timeZone: string): LocalDateTime & { second: number } {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(instant)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    hour: (parts.hour ?? 0) % 24,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** The zone's offset from UTC at an instant, in ms (São Paulo today: -3 h). */
function offsetAt(instant: number, timeZone: string): number {
  const l = localDateTime(new Date(instant), timeZone);
  const asUtc = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The instant a wall-clock time happens in a zone (re-checked once, for an offset change in between). */
function zonedInstant(local: LocalDateTime, timeZone: string): Date {
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  const first = asUtc - offsetAt(asUtc, timeZone);
  const second = asUtc - offsetAt(first, timeZone);
  return new Date(second);
}

const pad = (n: number) => String(n).padStart(2, '0');
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

// ---------------------------------------------------------------------------------------------------------------
// The calling window

export type CallingBlockReason = 'sunday' | 'holiday' | 'outside_hours' | 'closed_day';

export type CallingWindowResult = {
  allowed: boolean;
  /** Why not; null when allowed. */
  reason: CallingBlockReason | null;
  /** `HH:MM` in the state's zone. */
  localTime: string;
  timeZone: string;
  /** The holiday of the local day, when it is one (even when the rules allow calls on holidays). */
  holiday: string | null;
  /** When blocked: the next instant calls are allowed, up to 14 days ahead (null beyond that, or when allowed). */
  nextOpenAt: Date | null;
};

const LOOKAHEAD_DAYS = 14;

/** The holiday on a civil date for a state: national first, then the workspace's (limited to their states). */
function holidayOn(rules: CallingRules, uf: Uf | null, year: number, date: string): string | null {
  const national = nationalHolidayMap(year).get(date);
  if (national) return national;
  // A holiday limited to some states never applies to a number whose state is unknown.
  const extra = rules.extraHolidays.find(
    (h) => h.date === date && (h.ufs.length === 0 || (uf !== null && h.ufs.includes(uf))),
  );
  return extra?.name ?? null;
}

type DayPlan = { window: CallingWindow | null; holiday: string | null; closedReason: CallingBlockReason };

/** Which window applies on a civil date, and why the day is closed when it has none. */
function planFor(rules: CallingRules, uf: Uf | null, year: number, month: number, day: number): DayPlan {
  const hours = (uf && rules.byUf[uf]) || rules.default;
  const holiday = holidayOn(rules, uf, year, isoDate(year, month, day));
  if (holiday) return { window: hours.holidays, holiday, closedReason: 'holiday' };
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  if (weekday === 0) return { window: hours.sunday, holiday, closedReason: 'sunday' };
  if (weekday === 6) return { window: hours.saturday, holiday, closedReason: 'closed_day' };
  return { window: hours.weekdays, holiday, closedReason: 'closed_day' };
}

/**
 * Whether a number in `uf` may be called at `now`, by the state's local time and calendar (unknown state:
 * São Paulo's zone and the default hours), and when it may be next if not.
 */
export function callingWindow(rules: CallingRules, uf: Uf | null, now: Date): CallingWindowResult {
  const timeZone = uf ? UF_TIME_ZONE[uf] : DEFAULT_TIME_ZONE;
  const local = localDateTime(now, timeZone);
  const minute = local.hour * 60 + local.minute;
  const today = planFor(rules, uf, local.year, local.month, local.day);
  const base = { localTime: `${pad(local.hour)}:${pad(local.minute)}`, timeZone, holiday: today.holiday };

  if (today.window && minute >= minutesOf(today.window.from) && minute < minutesOf(today.window.to)) {
    return { ...base, allowed: true, reason: null, nextOpenAt: null };
  }
  const reason = today.window ? 'outside_hours' : today.closedReason;
  return { ...base, allowed: false, reason, nextOpenAt: nextOpening(rules, uf, timeZone, local, now) };
}

/** The first window opening after `now`, today (if still ahead) or on one of the next 14 days. */
function nextOpening(
  rules: CallingRules,
  uf: Uf | null,
  timeZone: string,
  local: LocalDateTime,
  now: Date,
): Date | null {
  for (let i = 0; i <= LOOKAHEAD_DAYS; i++) {
    const date = new Date(Date.UTC(local.year, local.month - 1, local.day + i));
    const [year, month, day] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
    const { window } = planFor(rules, uf, year, month, day);
    if (!window) continue;
    const from = minutesOf(window.from);
    const opening = zonedInstant(
      { year, month, day, hour: Math.floor(from / 60), minute: from % 60 },
      timeZone,
    );
    if (opening.getTime() > now.getTime()) return opening;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// Do-not-call file

export const MAX_DO_NOT_CALL_LINES = 1_000_000;

export type DoNotCallParse = {
  /** E.164, each once, in the order first seen. */
  numbers: string[];
  /** Lines with no valid phone (1-based line number, the phone-looking cell or the line, cut to 100 characters). */
  rejected: { line: number; value: string }[];
  /** Data lines read: every non-blank line except the header(s). */
  total: number;
};

const CELL_SEPARATOR = /[;,\t|]/;
const QUOTES = /^["']|["']$/g;

/**
 * Reads a do-not-call list: the "Não Me Perturbe" (naomeperturbe.com.br) download (one number with DDD per
 * line, with or without 55) or any CSV/semicolon/tab export whose first phone-looking column is the number, in
 * any common format. Digit-free lines before the first data line are headers, not rejections.
 */
export function parseDoNotCallFile(text: string): DoNotCallParse {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  if (lines.at(-1) === '') lines.pop();
  if (lines.length > MAX_DO_NOT_CALL_LINES) {
    throw new Error(
      `Do-not-call file has ${lines.length} lines; at most ${MAX_DO_NOT_CALL_LINES} are accepted.`,
    );
  }
  const seen = new Set<string>();
  const numbers: string[] = [];
  const rejected: DoNotCallParse['rejected'] = [];
  let total = 0;
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (!line) return;
    const cells = line.split(CELL_SEPARATOR).map((c) => c.trim().replace(QUOTES, '').trim());
    let phone: string | null = null;
    for (const cell of cells) {
      phone = cell ? normalizePhone(cell) : null;
      if (phone) break;
    }
    if (!phone && total === 0 && !/\d/.test(line)) return; // a header
    total++;
    if (!phone) {
      const value = cells.find((c) => (c.match(/\d/g)?.length ?? 0) >= 8) ?? line;
      rejected.push({ line: index + 1, value: value.slice(0, 100) });
    } else if (!seen.has(phone)) {
      seen.add(phone);
      numbers.push(phone);
    }
  });
  return { numbers, rejected, total };
}
