import { INTAKE_LEAD_STATUSES, type IntakeLeadStatus } from '@funil/domain';

export type IntakeLogFilters = { sourceId?: string | undefined; status?: IntakeLeadStatus | undefined };

/** The log's filters from the URL (anything unknown is dropped). */
export function parseIntakeLogFilters(search: Record<string, unknown>): IntakeLogFilters {
  const status = INTAKE_LEAD_STATUSES.find((s) => s === search.status);
  const sourceId =
    typeof search.sourceId === 'string' && /^[0-9a-f-]{36}$/i.test(search.sourceId)
      ? search.sourceId
      : undefined;
  return { ...(status ? { status } : {}), ...(sourceId ? { sourceId } : {}) };
}

export const STATUS_COLORS: Record<IntakeLeadStatus, string> = {
  pending: 'gray',
  created: 'green',
  merged: 'blue',
  duplicate: 'cyan',
  rejected: 'red',
  suppressed: 'dark',
};

const escapeHtml = (s: string) =>
  s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

export type SnippetWords = {
  name: string;
  email: string;
  phone: string;
  cep: string;
  message: string;
  submit: string;
  honeypot: string;
};

/**
 * The complete form an admin pastes into a site: labelled fields, the hidden honeypot (`website`), the required
 * consent checkbox with the source's text, posting to the form's public URL (a plain HTML post).
 */
export function siteFormSnippet(actionUrl: string, consentText: string, w: SnippetWords): string {
  return `<form action="${escapeHtml(actionUrl)}" method="post">
  <p><label for="funil-nome">${escapeHtml(w.name)}</label><br>
    <input id="funil-nome" name="nome" autocomplete="name" required></p>
  <p><label for="funil-email">${escapeHtml(w.email)}</label><br>
    <input id="funil-email" name="email" type="email" autocomplete="email"></p>
  <p><label for="funil-telefone">${escapeHtml(w.phone)}</label><br>
    <input id="funil-telefone" name="telefone" type="tel" autocomplete="tel" required></p>
  <p><label for="funil-cep">${escapeHtml(w.cep)}</label><br>
    <input id="funil-cep" name="cep" inputmode="numeric" autocomplete="postal-code" maxlength="9"></p>
  <p><label for="funil-mensagem">${escapeHtml(w.message)}</label><br>
    <textarea id="funil-mensagem" name="mensagem" rows="3"></textarea></p>
  <div style="position:absolute;left:-10000px" aria-hidden="true">
    <label for="funil-website">${escapeHtml(w.honeypot)}</label>
    <input id="funil-website" name="website" tabindex="-1" autocomplete="off">
  </div>
  <p><label><input type="checkbox" name="consentimento" value="sim" required>
    ${escapeHtml(consentText)}</label></p>
  <p><button type="submit">${escapeHtml(w.submit)}</button></p>
</form>
`;
}
