import type { Board, RealtimeEvent } from '@funil/domain';
import type { TFunction } from 'i18next';
import { findCard } from './board-cache.ts';

/** More changes than this heard at once (another user's bulk action) are said as one count, not read one by one. */
const MAX_SENTENCES = 3;

/** A change another user made to the board, as its realtime event told it. */
export type HeardChange = Pick<RealtimeEvent, 'type' | 'opportunityId' | 'stageId' | 'actorId'>;

/**
 * What the shell's live region says about changes other people made to the board once it shows them: "Cartão
 * “Apto 302” movido para Proposta por Maria." Answers null when none of the cards is on the board (filtered out):
 * nothing changed that the user could see.
 */
export function boardChangeSentence(
  heard: readonly HeardChange[],
  boards: readonly Board[],
  userName: (id: string | null) => string | null,
  t: TFunction,
): string | null {
  const sentences = heard.flatMap((change) => {
    const sentence = changeSentence(change, boards, userName, t);
    return sentence ? [sentence] : [];
  });
  if (sentences.length === 0) return null;
  if (sentences.length > MAX_SENTENCES) return t('board.announce.many', { count: sentences.length });
  return sentences.join(' ');
}

function changeSentence(
  change: HeardChange,
  boards: readonly Board[],
  userName: (id: string | null) => string | null,
  t: TFunction,
): string | null {
  if (!change.opportunityId) return null;
  for (const board of boards) {
    const card = findCard(board, change.opportunityId);
    if (!card) continue;
    const stage = board.columns.find((c) => c.stage.id === (change.stageId ?? card.stageId))?.stage;
    if (!stage) return null;
    const actor = userName(change.actorId);
    const kind = change.type === 'opportunity.created' ? 'created' : 'moved';
    return t(actor ? `board.announce.${kind}` : `board.announce.${kind}Unattributed`, {
      title: card.title,
      stage: stage.name,
      actor,
    });
  }
  return null;
}
