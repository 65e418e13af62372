/**
 * Phone numbers: any common Brazilian way of writing them → E.164 (`+5511987654321`), display masks and
 * a generator. Numbers with another country code are kept as `+<digits>` without further checks.
 *
 * Non-geographic numbers (no DDD) are accepted too, stored in E.164 as libphonenumber writes them: toll-free
 * `0800 727 1234` → `+558007271234`, shared-cost "0300" `0300 123 4567` → `+553001234567` and the "números
 * únicos" `4004-1234` / `3003 1234` → `+5540041234` (no trunk 0, 8 digits). DDDs 30, 40 and 80 do not exist, so
 * these never clash with a geographic number. Premium-rate 0500/0900 stay refused (no sales line uses them).
 */

/** The 67 area codes (DDD / Código Nacional) in use in Anatel's numbering plan. */
const DDDS: ReadonlySet<string> = new Set(
  [
    '11 12 13 14 15 16 17 18 19', // SP
    '21 22 24', // RJ
    '27 28', // ES
    '31 32 33 34 35 37 38', // MG
    '41 42 43 44 45 46', // PR
    '47 48 49', // SC
    '51 53 54 55', // RS
    '61', // DF
    '62 64', // GO
    '63', // TO
    '65 66', // MT
    '67', // MS
    '68', // AC
    '69', // RO
    '71 73 74 75 77', // BA
    '79', // SE
    '81 87', // PE
    '82', // AL
    '83', // PB
    '84', // RN
    '85 88', // CE
    '86 89', // PI
    '91 93 94', // PA
    '92 97', // AM
    '95', // RR
    '96', // AP
    '98 99', // MA
  ]
    .join(' ')
    .split(' '),
);

/** DDDs for generated numbers, repeated roughly by how many people live there. */
const POPULAR_DDDS = (
  '11 11 11 11 11 21 21 21 31 31 41 51 61 71 81 85 19 19 12 13 15 16 17 27 47 48 62 91 92 98 84 83 82 79 ' +
  '65 67 86 43 44 24 34 35 53 54'
).split(' ');

const ALLOWED_CHARS = /^\+?[\d\s().-]+$/;

/**
 * What a phone is, read from its number: `mobile`/`landline` (Brazilian, with DDD), `toll_free` (0800),
 * `shared_cost` (0300, 3003, 400X, 4020), `foreign` (another country). No WhatsApp for toll-free/shared-cost lines.
 */
export const PHONE_KINDS = ['mobile', 'landline', 'toll_free', 'shared_cost', 'foreign'] as const;
export type PhoneKind = (typeof PHONE_KINDS)[number];

/** 0800 + 6 or 7 digits (national number without the trunk 0). */
const TOLL_FREE = /^800\d{6,7}$/;
/** 0300 + 7 digits. */
const SHARED_COST_0300 = /^300\d{7}$/;
/** Números únicos: 3003, 4000–4009 and 4020 + 4 digits, dialled the same from any DDD. */
const SHARED_COST_UNIQUE = /^(?:3003|400\d|4020)\d{4}$/;

/** The national digits of a non-geographic number (after `+55`, without the trunk 0), or null. */
function nonGeographic(national: string): PhoneKind | null {
  if (TOLL_FREE.test(national)) return 'toll_free';
  if (SHARED_COST_0300.test(national) || SHARED_COST_UNIQUE.test(national)) return 'shared_cost';
  return null;
}

/** The kind of a stored (E.164) phone. */
export function phoneKind(e164: string): PhoneKind {
  if (!e164.startsWith('+55')) return 'foreign';
  const national = e164.slice(3);
  const special = nonGeographic(national);
  if (special) return special;
  return national.length === 11 ? 'mobile' : 'landline';
}

/** Whether a number can be on WhatsApp at all: toll-free and shared-cost lines cannot. */
export const mayHaveWhatsApp = (e164: string): boolean => {
  const kind = phoneKind(e164);
  return kind !== 'toll_free' && kind !== 'shared_cost';
};

/** `+55` + national number when `national` (DDD + 8-digit landline or 9-digit mobile) is valid, else null. */
function brazilian(national: string): string | null {
  if (national.length !== 10 && national.length !== 11) return null;
  if (!DDDS.has(national.slice(0, 2))) return null;
  const subscriber = national.slice(2);
  // Mobiles have had 9 digits starting with 9 since 2016; landlines have 8 digits starting with 2–5.
  const ok = subscriber.length === 9 ? subscriber[0] === '9' : /^[2-5]/.test(subscriber);
  return ok ? `+55${national}` : null;
}

/**
 * How the digits of a typed phone split into prefixes and the number itself. One reading decides both what
 * the input mask shows while typing and what `normalizePhone` stores, so the two never disagree about a number.
 * It goes by the digits typed so far: `5591987654321` is `55` + `(91) 98765-4321`, but its first 11 digits
 * alone read as `(55) 91987-6543`; the mask re-reads on every keystroke and keeps every digit in order.
 */
type PhoneReading =
  /** DDD + subscriber: `(11) 98765-4321`. */
  | { kind: 'national'; national: string }
  /** Trunk prefix 0, optionally followed by a 2-digit carrier code (CSP) before the DDD: `0 15 (11) 98765-4321`. */
  | { kind: 'trunk'; carrier: string; national: string }
  /** Country code 55, with or without the `+`: `+55 (11) 98765-4321`, `55 (11) 98765-4321`. */
  | { kind: 'brazil'; plus: boolean; national: string }
  /** Another country, only with a leading `+`: `+12125550123`. */
  | { kind: 'foreign'; digits: string };

function readPhoneDigits(plus: boolean, digits: string): PhoneReading {
  if (plus) {
    return digits.startsWith('55')
      ? { kind: 'brazil', plus, national: digits.slice(2) }
      : { kind: 'foreign', digits };
  }
  if (digits.startsWith('0')) {
    const rest = digits.slice(1);
    // 12 or 13 digits after the 0 are too many for a national number: the first two are the carrier.
    const carrier = rest.length === 12 || rest.length === 13 ? rest.slice(0, 2) : '';
    return { kind: 'trunk', carrier, national: rest.slice(carrier.length) };
  }
  if ((digits.length === 12 || digits.length === 13) && digits.startsWith('55')) {
    return { kind: 'brazil', plus, national: digits.slice(2) };
  }
  return { kind: 'national', national: digits };
}

/** The text's digits and whether it starts with `+`; `0xx11` is the written form of "trunk 0 + any carrier + DDD 11". */
function splitPhoneText(input: string): { text: string; plus: boolean; digits: string } {
  const text = input.trim().replace(/^(\(?\s*0)\s*xx/i, '$1');
  return { text, plus: text.startsWith('+'), digits: text.replace(/\D/g, '') };
}

/**
 * Normalizes a phone to E.164 so the same number typed in any common way is stored and found once:
 * `(11) 98765-4321`, `+55 11 98765-4321`, `55 11 987654321`, `0xx11 98765-4321`, `011 98765-4321`,
 * `0 15 11 98765-4321` (carrier code)… Foreign numbers need a leading `+` and 8–15 digits. Null when invalid.
 */
export function normalizePhone(input: string): string | null {
  const { text, plus, digits } = splitPhoneText(input);
  if (!ALLOWED_CHARS.test(text)) return null;
  const reading = readPhoneDigits(plus, digits);
  if (reading.kind === 'foreign') return /^[1-9]\d{7,14}$/.test(reading.digits) ? `+${reading.digits}` : null;
  if (nonGeographic(reading.national)) {
    // 0800/0300 are written with their 0 (or +55); the números únicos without any prefix, or with +55.
    const unique = SHARED_COST_UNIQUE.test(reading.national);
    const prefixOk =
      reading.kind === 'brazil' ||
      (unique ? reading.kind === 'national' : reading.kind === 'trunk' && !reading.carrier);
    return prefixOk ? `+55${reading.national}` : null;
  }
  return brazilian(reading.national);
}

/** Display form: Brazilian numbers as `(11) 98765-4321` / `(11) 3456-7890`, anything else unchanged. */
export function formatPhone(e164: string): string {
  const special = /^\+55(\d+)$/.exec(e164)?.[1];
  if (special && nonGeographic(special))
    return special.length === 8 ? formatUnique(special) : formatZeroPrefixed(special);
  const match = /^\+55(\d{2})(\d{4,5})(\d{4})$/.exec(e164);
  return match ? `(${match[1]}) ${match[2]}-${match[3]}` : e164;
}

/** `4004-1234` from a número único's digits (partial ones too, while typing). */
function formatUnique(national: string): string {
  return national.length > 4 ? `${national.slice(0, 4)}-${national.slice(4)}` : national;
}

/** `0800 727 1234`, `0300 123 4567`, `0800 7271 2345` from the digits after the trunk 0 (partial ones too). */
function formatZeroPrefixed(national: string): string {
  const head = `0${national.slice(0, 3)}`;
  const rest = national.slice(3);
  if (!rest) return head;
  if (rest.length <= 3) return `${head} ${rest}`;
  const split = 3;
  return `${head} ${rest.slice(0, split)} ${rest.slice(split)}`;
}

/** Digits only, as `https://wa.me/<digits>` wants them. */
export function phoneDigitsForWhatsApp(e164: string): string {
  return e164.replace(/\D/g, '');
}

/** Masks up to 11 national digits progressively: `(1`, `(11) 9876`, `(11) 3456-7890`, `(11) 98765-4321`. */
function maskNational(digits: string): string {
  if (digits.length <= 2) return `(${digits}`;
  const ddd = digits.slice(0, 2);
  const local = digits.slice(2);
  if (local.length <= 4) return `(${ddd}) ${local}`;
  const split = local.length === 9 ? 5 : 4;
  return `(${ddd}) ${local.slice(0, split)}-${local.slice(split)}`;
}

/** The national part after its prefix; `null` when it is longer than any national number (then left unmasked). */
function maskAfter(prefix: string, national: string): string | null {
  if (national.length > 11) return null;
  return national ? `${prefix}${prefix ? ' ' : ''}${maskNational(national)}` : prefix;
}

/**
 * Progressive mask for a phone input while typing, read the way `normalizePhone` reads it (see `PhoneReading`):
 * `(11) 98765-4321`, `0 (11) 98765-4321`, `0 15 (11) 98765-4321`, `55 (11) 98765-4321`,
 * `+55 (11) 98765-4321`, `+<digits>` for other countries. It only drops what is not a digit (and the leading
 * `+` decides the reading): every digit stays, in order, so the mask never turns a number into another one;
 * too many digits are shown unmasked and left for validation to refuse. Never ends in a separator, so
 * backspace always removes a digit.
 */
export function maskPhoneInput(raw: string): string {
  const { plus, digits } = splitPhoneText(raw);
  const reading = readPhoneDigits(plus, digits);
  const special = maskNonGeographicInput(reading);
  if (special !== null) return special;
  const masked =
    reading.kind === 'national'
      ? maskAfter('', reading.national)
      : reading.kind === 'trunk'
        ? maskAfter(reading.carrier ? `0 ${reading.carrier}` : '0', reading.national)
        : reading.kind === 'brazil'
          ? maskAfter(plus ? '+55' : '55', reading.national)
          : `+${reading.digits}`;
  return masked ?? `${plus ? '+' : ''}${digits}`;
}

/**
 * The input mask of a number that reads as non-geographic so far: `0800 727 1234` once `080` is typed,
 * `4004-1234` once `400`/`3003`/`402` is typed (DDDs 30, 40 and 80 do not exist, so nothing else is lost).
 */
function maskNonGeographicInput(reading: PhoneReading): string | null {
  if (reading.kind === 'trunk' && !reading.carrier && /^(?:80|30)/.test(reading.national)) {
    if (reading.national.length > 10) return null;
    return formatZeroPrefixed(reading.national);
  }
  if (
    reading.kind === 'national' &&
    /^(?:400|3003|402)/.test(reading.national) &&
    reading.national.length <= 8
  ) {
    return formatUnique(reading.national);
  }
  return null;
}

/** A valid E.164 Brazilian mobile (`+55DD9XXXXXXXX`) in a populous DDD, drawn from `random` in [0, 1). */
export function generateMobile(random: () => number): string {
  const ddd = POPULAR_DDDS[Math.floor(random() * POPULAR_DDDS.length)] as string;
  let subscriber = `9${6 + Math.floor(random() * 4)}`;
  for (let i = 0; i < 7; i++) subscriber += Math.floor(random() * 10);
  return `+55${ddd}${subscriber}`;
}
