import type { TFunction } from 'i18next';
import type { TimelineEvent } from './types.ts';

/** More new events than this at once are said as a count, not read one by one. */
const MAX_SENTENCES = 2;

/**
 * The events a reload put above the newest one shown before (`previous`: the ids shown then, newest first; null on
 * the first load, when nothing is new). Older pages loaded by "Carregar mais" land below and are not new.
 */
export function eventsAbove(
  previous: readonly TimelineEvent['id'][] | null,
  items: readonly TimelineEvent[],
): TimelineEvent[] {
  if (previous === null) return [];
  const before = new Set(previous);
  const top = items.findIndex((e) => before.has(e.id));
  return items.slice(0, top === -1 ? items.length : top);
}

/**
 * What the shell's live region says when a timeline receives events someone else caused (the viewer's own are
 * answered by what they just did): "Novo no histórico: Etapa, por Maria." Null when there is nothing to say.
 */
export function newEventsSentence(
  events: readonly TimelineEvent[],
  viewerId: string,
  kindLabel: (event: TimelineEvent) => string,
  t: TFunction,
): string | null {
  const others = events.filter((e) => e.actor?.id !== viewerId);
  if (others.length === 0) return null;
  if (others.length > MAX_SENTENCES) return t('timeline.announce.many', { count: others.length });
  return others
    .map((e) =>
      e.actor
        ? t('timeline.announce.one', { kind: kindLabel(e), actor: e.actor.name })
        : t('timeline.announce.oneUnattributed', { kind: kindLabel(e) }),
    )
    .join(' ');
}
