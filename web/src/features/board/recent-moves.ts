import type { RealtimeEvent } from '@funil/domain';

/**
 * The moves this page made, so the realtime echo of one's own move does not reload the board: an event
 * about a card being moved here, or already at the version the move answered, changes nothing on screen.
 */
export class RecentMoves {
  /** Card id → moves in flight. */
  private readonly pending = new Map<string, number>();
  /** Card id → newest version an event announced while a move of that card was in flight. */
  private readonly heardWhilePending = new Map<string, number>();
  /** Card id → version the server answered to the last move. */
  private readonly settled = new Map<string, number>();

  start(id: string): void {
    this.pending.set(id, (this.pending.get(id) ?? 0) + 1);
  }

  /**
   * A move answered (`version`) or failed (null). True when someone else changed the card meanwhile (an
   * event announced a newer version than ours, or the move failed after events were set aside): the board
   * must be reloaded.
   */
  finish(id: string, version: number | null): boolean {
    const left = (this.pending.get(id) ?? 1) - 1;
    if (left > 0) this.pending.set(id, left);
    else this.pending.delete(id);
    if (version !== null) this.settled.set(id, Math.max(version, this.settled.get(id) ?? 0));
    const heard = this.heardWhilePending.get(id);
    if (left === 0) this.heardWhilePending.delete(id);
    if (heard === undefined) return false;
    return version === null || heard > version;
  }

  /** Whether this page is waiting for the server to answer a move. */
  get busy(): boolean {
    return this.pending.size > 0;
  }

  /** Whether the event only reports a move made here (the board already shows it). */
  covers(event: RealtimeEvent): boolean {
    const id = event.opportunityId;
    if (!id || event.type === 'pipeline.updated') return false;
    if (this.pending.has(id)) {
      this.heardWhilePending.set(id, Math.max(event.version ?? 0, this.heardWhilePending.get(id) ?? 0));
      return true;
    }
    const settled = this.settled.get(id);
    return settled !== undefined && event.version !== null && event.version <= settled;
  }
}
