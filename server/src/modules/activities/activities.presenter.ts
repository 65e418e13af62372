import type { Activity } from '@funil/domain';
import type { Actor } from '../auth/actor.ts';
import { type ActivityOwnership, canWriteActivity } from './activities.policy.ts';
import type { ActivityRow } from './activities.repository.ts';

const ref = (id: string, name: string | null) => ({ id, name: name ?? '' });
const iso = (d: Date | null) => d?.toISOString() ?? null;

/** An activity row as the API answers it, with whether this viewer may change it. */
export function presentActivity(actor: Actor, r: ActivityRow): Activity {
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    description: r.description,
    dueAt: r.due_at.toISOString(),
    durationMinutes: r.duration_minutes,
    owner: ref(r.owner_id, r.owner_name),
    person: r.person_id ? ref(r.person_id, r.person_name) : null,
    opportunity: r.opportunity_id
      ? { ...ref(r.opportunity_id, r.opportunity_title), title: r.opportunity_title ?? '' }
      : null,
    status: r.status,
    outcome: r.outcome,
    cancelReason: r.cancel_reason,
    completedAt: iso(r.completed_at),
    cancelledAt: iso(r.cancelled_at),
    reminderMinutesBefore: r.reminder_minutes_before,
    remindAt: iso(r.remind_at),
    remindedAt: iso(r.reminded_at),
    reminderEmailStatus: r.reminder_email_status,
    createdBy: ref(r.created_by, r.created_by_name),
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    version: r.version,
    canWrite: canWriteActivity(actor, ownership(r)),
  };
}

/** What the write rule looks at: the owner and their teams. */
export const ownership = (r: ActivityRow): ActivityOwnership => ({
  ownerId: r.owner_id,
  ownerTeamIds: r.owner_team_ids,
});
