import type { RealtimeHub } from '../realtime/realtime.hub.ts';

/** A funnel's changes reach every stream of its workspace: every user reads the funnels. Called at startup. */
export function registerPipelineVisibility(hub: Pick<RealtimeHub, 'registerVisibility'>): void {
  hub.registerVisibility('pipeline.', () => true);
}
