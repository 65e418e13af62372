import {
  PANEL_SESSION_MINUTES,
  type PanelContext,
  type PanelSession,
  type PanelSessionRequest,
  ZPanelSessionRequest,
} from '@funil/domain';
import { DomainError, forbidden } from '../../lib/errors.ts';
import { openPanelSession } from '../auth/auth.service.ts';
import {
  findIntegrationById,
  type IntegrationsDeps,
  panelSecret,
  resolveAgent,
} from '../integrations/integrations.service.ts';
import { mayLinkContacts } from './helpdesk.policy.ts';
import { isDashboardAppKey, verifySignedPanelQuery } from './panel-proof.ts';

/*
 * Trust model of the side panel. Funil never sees the helpdesk agent log in: the helpdesk asserts who the agent is
 * and which conversation is open, and Funil believes it only when the assertion is bound to the integration:
 *  - signed URL: the helpdesk's server signs the parameters with the integration's panel secret (HMAC-SHA256), and
 *    the signature is at most five minutes old — nobody without the secret can forge or alter an agent;
 *  - Chatwoot dashboard app: Chatwoot cannot sign, so the URL the admin pastes carries a key derived from the
 *    panel secret, and the context arrives by postMessage, which the page accepts only from the integration's
 *    frame origins; the browser itself refuses to show the panel framed by any other origin (frame-ancestors).
 *    Whoever can read that URL (the helpdesk's admins and agents) can claim any agent of that helpdesk; the key
 *    is rotated with the panel secret.
 * Either way the agent acts only as the Funil user mapped to it (by e-mail, or by an admin), under that user's
 * rules and visibility, in a short-lived session kept by the page, never in a cookie.
 */

const invalidProof = () =>
  new DomainError('unauthenticated', 401, { detail: 'Link do painel inválido ou expirado.' });

/**
 * Exchanges the helpdesk's proof (signed URL, or dashboard-app key + context) for a panel session acting as the
 * agent's mapped user; 401 for a bad proof, 403 naming the agent when no active user is mapped.
 */
export async function startPanelSession(
  deps: IntegrationsDeps,
  input: PanelSessionRequest,
  now = new Date(),
): Promise<PanelSession> {
  const body = ZPanelSessionRequest.parse(input);
  const integration = await findIntegrationById(deps.db, body.integrationId);
  if (integration?.kind !== 'helpdesk') throw invalidProof();
  const secret = await panelSecret(deps, integration).catch(() => null);
  if (!secret) throw invalidProof();
  let context: PanelContext;
  if (body.mode === 'signed') {
    const check = verifySignedPanelQuery(secret, integration.id, body.query, now);
    if (!check.ok) throw invalidProof();
    context = check.context;
  } else {
    if (!isDashboardAppKey(secret, integration.id, body.key)) throw invalidProof();
    context = body.context;
  }
  const agent = context.agent;
  const mapping = await resolveAgent(deps.db, integration, agent);
  const session = mapping.userId
    ? await openPanelSession(deps.db, {
        workspaceId: integration.workspaceId,
        userId: mapping.userId,
        integrationId: integration.id,
        agentId: agent.id,
        minutes: PANEL_SESSION_MINUTES,
      })
    : null;
  if (!session) {
    const who = agent.name
      ? `${agent.name}${agent.email ? ` (${agent.email})` : ''}`
      : (agent.email ?? agent.id);
    throw forbidden(
      `O atendente ${who} não está vinculado a um usuário ativo do Funil. Peça a um administrador para vinculá-lo em Integrações.`,
    );
  }
  return {
    token: session.token,
    expiresAt: session.expiresAt.toISOString(),
    user: { id: session.actor.userId, name: session.actor.name },
    integration: { id: integration.id, name: integration.name },
    context,
    mayLink: mayLinkContacts(session.actor, integration),
  };
}
