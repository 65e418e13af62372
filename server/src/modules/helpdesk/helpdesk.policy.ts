import { forbidden } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import type { IntegrationRecord } from '../integrations/integrations.service.ts';

/** Whether the user may link helpdesk contacts to people: a member of one of the integration's linking teams. */
export function mayLinkContacts(
  actor: Actor,
  integration: Pick<IntegrationRecord, 'linkingTeamIds'>,
): boolean {
  return actor.teamIds.some((t) => integration.linkingTeamIds.includes(t));
}

/** Refuses (403, pt-BR) linking or creating a contact for a user outside the integration's linking teams. */
export function assertMayLinkContacts(
  actor: Actor,
  integration: Pick<IntegrationRecord, 'linkingTeamIds'>,
): void {
  if (!mayLinkContacts(actor, integration)) {
    throw forbidden(
      'Sua equipe não pode vincular contatos desta integração. Peça a um administrador para incluí-la em Integrações.',
    );
  }
}

/** A panel session reaches only its own integration's conversations (a user session reaches any of the workspace). */
export function assertPanelOf(actor: Actor, integrationId: string): void {
  if (actor.panel && actor.panel.integrationId !== integrationId) {
    throw forbidden('Esta sessão do painel pertence a outra integração.');
  }
}
