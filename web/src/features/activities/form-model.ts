import {
  type Activity,
  type ActivityKind,
  type CreateActivityInput,
  REMINDER_PRESETS,
  ZCreateActivityRequest,
} from '@funil/domain';
import { addDays, businessDay, businessInstant, businessTime } from './calendar.ts';

/** The activity form's fields, as the inputs hold them (São Paulo date and time). */
export type ActivityForm = {
  kind: ActivityKind;
  title: string;
  date: string;
  time: string;
  durationMinutes: number;
  ownerId: string;
  personId: string | null;
  personName: string | null;
  opportunityId: string | null;
  description: string;
  /** Minutes before, as a string for the select; '' = no reminder. */
  reminder: string;
};

export const REMINDER_CHOICES = ['', ...REMINDER_PRESETS.map(String)];

/** A new activity's form: tomorrow at 10:00, 30 minutes, reminder 15 minutes before. */
export function emptyForm(
  defaults: Partial<ActivityForm> & { ownerId: string },
  now = new Date(),
): ActivityForm {
  return {
    kind: 'task',
    title: '',
    date: addDays(businessDay(now), 1),
    time: '10:00',
    durationMinutes: 30,
    personId: null,
    personName: null,
    opportunityId: null,
    description: '',
    reminder: '15',
    ...defaults,
  };
}

/** The form of an existing activity (edit) or of its copy (clone). */
export function formOf(a: Activity): ActivityForm {
  return {
    kind: a.kind,
    title: a.title,
    date: businessDay(a.dueAt),
    time: businessTime(a.dueAt),
    durationMinutes: a.durationMinutes,
    ownerId: a.owner.id,
    personId: a.person?.id ?? null,
    personName: a.person?.name ?? null,
    opportunityId: a.opportunity?.id ?? null,
    description: a.description ?? '',
    reminder: a.reminderMinutesBefore === null ? '' : String(a.reminderMinutesBefore),
  };
}

export type FormResult =
  | { ok: true; body: CreateActivityInput & { dueAt: string } }
  | { ok: false; errors: Record<string, string> };

const validDay = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d);
const validTime = (t: string) => /^([01]\d|2[0-3]):[0-5]\d$/.test(t);

/** The request body of the form, or its field errors (codes of `fieldErrors`), checked as the API does. */
export function toRequest(form: ActivityForm): FormResult {
  const errors: Record<string, string> = {};
  if (!validDay(form.date)) errors.date = 'invalid_date';
  if (!validTime(form.time)) errors.time = 'invalid_value';
  const dueAt = validDay(form.date) && validTime(form.time) ? businessInstant(form.date, form.time) : null;
  const body = {
    kind: form.kind,
    title: form.title,
    description: form.description,
    dueAt: dueAt && !Number.isNaN(dueAt.getTime()) ? dueAt.toISOString() : '',
    durationMinutes: form.durationMinutes,
    ownerId: form.ownerId,
    personId: form.personId,
    opportunityId: form.opportunityId,
    reminderMinutesBefore: form.reminder === '' ? null : Number(form.reminder),
  };
  const parsed = ZCreateActivityRequest.safeParse(body);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? '');
      const target = field === 'dueAt' ? 'date' : field;
      if (!(target in errors))
        errors[target] = /^[a-z_]+$/.test(issue.message) ? issue.message : 'invalid_value';
    }
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, body };
}
