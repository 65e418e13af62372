import {
  type ListOption,
  type NonClientReason,
  PERSON_ACTIONS,
  type PersonAction,
  type Temperature,
} from '@funil/domain';

/** Menu actions not built yet (they stay in the action matrix, hidden from the menu). */
export const UNBUILT_ACTIONS: readonly PersonAction[] = [];

export const isBuiltAction = (action: PersonAction): boolean => !UNBUILT_ACTIONS.includes(action);

/** The actions the menu lists: allowed for the user and built, in the seed's order; unknown names dropped. */
export function menuActions(allowed: readonly string[]): PersonAction[] {
  return PERSON_ACTIONS.filter((action) => allowed.includes(action) && isBuiltAction(action));
}

/** Mantine colors of the temperature badge: cold blue, warm orange, hot red. */
export const TEMPERATURE_COLORS: Record<Temperature, string> = { cold: 'blue', warm: 'orange', hot: 'red' };

/** A list's items in the admin's order. */
export const sortedOptions = (options: readonly ListOption[] | undefined): ListOption[] =>
  [...(options ?? [])].sort((a, b) => a.position - b.position);

/** The sub-moments of a moment (their `parentId`); none without a moment. */
export function subMomentsOf(
  options: readonly ListOption[] | undefined,
  momentId: string | null,
): ListOption[] {
  if (!momentId) return [];
  return sortedOptions(options).filter((o) => o.parentId === momentId);
}

/** A change made from the action menu, as the API receives it. */
export type ActionRequest =
  | { type: 'temperature'; temperature: Temperature }
  | { type: 'revertTemperature' }
  | { type: 'objective'; objectiveId: string | null }
  | { type: 'moment'; momentId: string | null; subMomentId: string | null }
  | { type: 'productOfInterest'; productId: string | null }
  | { type: 'disinterest'; reasonId: string; note: string | null }
  | { type: 'nonClient'; reason: NonClientReason; note: string | null }
  | { type: 'archive' }
  | { type: 'restore' }
  | { type: 'doNotContact'; doNotContact: boolean }
  | { type: 'offer'; teamId: string }
  | { type: 'pick' };

export type HttpCall = { method: 'POST' | 'PUT'; path: string; body?: unknown };

const trimmed = (note: string | null): string | null => note?.trim() || null;

/** The endpoint, method and body of an action on a person (docs/API.md, "Person status panel and actions"). */
export function actionCall(personId: string, request: ActionRequest): HttpCall {
  const base = `/people/${personId}`;
  switch (request.type) {
    case 'temperature':
      return { method: 'POST', path: `${base}/temperature`, body: { temperature: request.temperature } };
    case 'revertTemperature':
      return { method: 'POST', path: `${base}/temperature/revert` };
    case 'objective':
      return { method: 'POST', path: `${base}/objective`, body: { objectiveId: request.objectiveId } };
    case 'moment':
      return {
        method: 'POST',
        path: `${base}/moment`,
        body: {
          momentId: request.momentId,
          subMomentId: request.momentId ? request.subMomentId : null,
        },
      };
    case 'productOfInterest':
      return { method: 'POST', path: `${base}/product-of-interest`, body: { productId: request.productId } };
    case 'disinterest':
      return {
        method: 'POST',
        path: `${base}/disinterest`,
        body: { reasonId: request.reasonId, note: trimmed(request.note) },
      };
    case 'nonClient':
      return {
        method: 'POST',
        path: `${base}/non-client`,
        body: { reason: request.reason, note: trimmed(request.note) },
      };
    case 'archive':
      return { method: 'POST', path: `${base}/archive` };
    case 'restore':
      return { method: 'POST', path: `${base}/restore` };
    case 'doNotContact':
      return { method: 'PUT', path: `${base}/do-not-contact`, body: { doNotContact: request.doNotContact } };
    case 'offer':
      return { method: 'POST', path: `${base}/offer`, body: { teamId: request.teamId } };
    case 'pick':
      return { method: 'POST', path: `${base}/pick` };
  }
}

/**
 * Select data of a list; the person's current item stays choosable even when it was archived since
 * (a Select shows nothing for a value missing from its data).
 */
export function optionData(
  options: readonly ListOption[] | undefined,
  current: { id: string; label: string } | null | undefined,
): { value: string; label: string }[] {
  const data = sortedOptions(options).map((o) => ({ value: o.id, label: o.label }));
  if (current && !data.some((d) => d.value === current.id))
    data.push({ value: current.id, label: current.label });
  return data;
}
