import type {
  ChangeStatusRequest,
  CreateOpportunityInput,
  CreatePersonRequest,
  HelpdeskConversationState,
  Opportunity,
  OpportunityCard,
  PersonListItem,
} from '@funil/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ifMatch } from '../../lib/api.ts';
import type { Person } from '../people/types.ts';
import type { TimelineEvent } from '../timeline/types.ts';

export type ConversationState = HelpdeskConversationState<Person, OpportunityCard, TimelineEvent>;

/** Which conversation of which integration the panel sits beside. */
export type ConversationRef = { integrationId: string; conversationId: string; contactId: string | null };

const base = (c: ConversationRef) =>
  `/helpdesk/integrations/${c.integrationId}/conversations/${encodeURIComponent(c.conversationId)}`;
const stateKey = (c: ConversationRef) => ['helpdesk', c.integrationId, c.conversationId] as const;

export function useConversation(c: ConversationRef) {
  return useQuery({
    queryKey: stateKey(c),
    queryFn: ({ signal }) =>
      api.get<ConversationState>(base(c), { signal, query: { contactId: c.contactId ?? undefined } }),
  });
}

/** After a write, the conversation is read again (person, negotiations, events). */
function useConversationWrite<TVars, TResult>(c: ConversationRef, fn: (vars: TVars) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (result) => {
      if (result && typeof result === 'object' && 'linked' in result) {
        queryClient.setQueryData(stateKey(c), result);
      }
      return queryClient.invalidateQueries({ queryKey: stateKey(c) });
    },
  });
}

export const useLinkPerson = (c: ConversationRef) =>
  useConversationWrite(c, (personId: string) =>
    api.post<ConversationState>(`${base(c)}/link`, { personId, contactId: c.contactId }),
  );

export const useCreatePerson = (c: ConversationRef) =>
  useConversationWrite(c, (person: Partial<CreatePersonRequest> & { name: string }) =>
    api.post<ConversationState>(`${base(c)}/person`, {
      contactId: c.contactId,
      person: { kind: 'individual', ...person },
    }),
  );

export const useCreateOpportunity = (c: ConversationRef) =>
  useConversationWrite(c, (body: Omit<CreateOpportunityInput, 'holderId'>) =>
    api.post<Opportunity>(`${base(c)}/opportunities`, body),
  );

export const useUpdatePerson = (c: ConversationRef) =>
  useConversationWrite(c, (v: { id: string; version: number; patch: Record<string, unknown> }) =>
    api.patch<Person>(`/people/${v.id}`, v.patch, { headers: ifMatch(v.version) }),
  );

export const useAddNote = (c: ConversationRef) =>
  useConversationWrite(c, (v: { personId: string; body: string }) =>
    api.post(`/people/${v.personId}/notes`, { body: v.body }),
  );

/** Atualizar negociação: qualification (edit), funnel and stage (move), status (with the reason rules). */
export const useUpdateOpportunity = (c: ConversationRef) =>
  useConversationWrite(
    c,
    async (v: {
      card: OpportunityCard;
      qualificationId: string | null;
      qualificationChanged: boolean;
      stageId: string;
      status: ChangeStatusRequest;
    }) => {
      let version = v.card.version;
      if (v.qualificationChanged) {
        const edited = await api.patch<Opportunity>(
          `/opportunities/${v.card.id}`,
          { qualificationId: v.qualificationId },
          { headers: ifMatch(version) },
        );
        version = edited.version;
      }
      if (v.stageId !== v.card.stageId) {
        const moved = await api.post<{ version: number }>(`/opportunities/${v.card.id}/move`, {
          stageId: v.stageId,
        });
        version = moved.version;
      }
      if (v.status.status !== v.card.status) {
        await api.post(`/opportunities/${v.card.id}/status`, v.status, { headers: ifMatch(version) });
      }
    },
  );

/** Vincular existente: the people the user may see matching the criterion. */
export function usePeopleLookup(q: string) {
  return useQuery({
    queryKey: ['helpdesk', 'people', q],
    queryFn: ({ signal }) =>
      api
        .get<{ items: PersonListItem[] }>('/people', { signal, query: { q, limit: 10 } })
        .then((r) => r.items),
    enabled: q.trim().length >= 2,
  });
}

/** The full negotiation (its qualification), for the update form. */
export function useOpportunityDetail(id: string | null) {
  return useQuery({
    queryKey: ['helpdesk', 'opportunity', id],
    queryFn: ({ signal }) => api.get<Opportunity>(`/opportunities/${id}`, { signal }),
    enabled: Boolean(id),
  });
}
