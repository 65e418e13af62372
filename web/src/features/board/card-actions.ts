import { createContext, useContext } from 'react';

/** A stage a card can be moved to from its menu. */
export type StageRef = { id: string; name: string };

/**
 * What a card's keyboard menu can do on the board it is on: its stage's neighbours and the move itself (the same
 * move a drop makes). Given by `KanbanBoard`; the cards read it without their columns passing it down.
 */
export type CardActions = {
  neighbours: (stageId: string) => { previous: StageRef | null; next: StageRef | null };
  moveToStage: (cardId: string, toStageId: string) => void;
};

export const CardActionsContext = createContext<CardActions | null>(null);

export const useCardActions = () => useContext(CardActionsContext);
