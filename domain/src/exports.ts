// Exports (issue 13 §3): a list (people, opportunities, activities) as CSV or XLSX, with the list's filters,
// written by a job; every export is recorded (who, when, which list and filter, format, how many rows).

export const EXPORT_LISTS = ['people', 'opportunities', 'activities'] as const;
export type ExportList = (typeof EXPORT_LISTS)[number];

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type ExportStatus = (typeof EXPORT_STATUSES)[number];

/** Days a finished export's file is kept; the record stays. */
export const EXPORT_FILE_DAYS = 7;

/** The filters as the list's endpoint takes them (its query string: names → text values). */
export type ExportFilters = Record<string, string>;

export type CreateExportRequest = { list: ExportList; format: ExportFormat; filters: ExportFilters };

export type ExportRecord = {
  id: string;
  list: ExportList;
  format: ExportFormat;
  filters: ExportFilters;
  status: ExportStatus;
  rowsTotal: number | null;
  rowsDone: number;
  fileSize: number | null;
  /** The download's name (pt-BR), e.g. `pessoas-2026-12-06-2015.xlsx`. */
  fileName: string;
  /** Whether the file can be downloaded (done and not expired). */
  downloadable: boolean;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  expiresAt: string | null;
  expiredAt: string | null;
  /** LGPD: withdrawn (file removed) because a person it may list was anonymized. */
  withdrawnAt: string | null;
};

export type ExportPage = { items: ExportRecord[]; nextCursor: string | null };

const LIST_FILE_NAMES: Record<ExportList, string> = {
  people: 'pessoas',
  opportunities: 'oportunidades',
  activities: 'atividades',
};

const SAO_PAULO_CLOCK = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'America/Sao_Paulo',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** An instant's wall clock in São Paulo, as two-digit strings (four for the year). */
export function saoPauloWallClock(date: Date): { y: string; m: string; d: string; hh: string; mm: string } {
  const p: Record<string, string> = Object.fromEntries(
    SAO_PAULO_CLOCK.formatToParts(date).map((x) => [x.type, x.value]),
  );
  return { y: p.year ?? '', m: p.month ?? '', d: p.day ?? '', hh: p.hour ?? '', mm: p.minute ?? '' };
}

/** `pessoas-2026-12-06-2015.csv`: the list's pt-BR name and when it was asked for (São Paulo time). */
export function exportFileName(list: ExportList, format: ExportFormat, createdAt: Date): string {
  const { y, m, d, hh, mm } = saoPauloWallClock(createdAt);
  return `${LIST_FILE_NAMES[list]}-${y}-${m}-${d}-${hh}${mm}.${format}`;
}
