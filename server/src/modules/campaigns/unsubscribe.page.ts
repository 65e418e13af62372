const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

const TEXT = {
  confirm: {
    title: 'Não receber mais mensagens',
    lead: 'Confirme para não receber mais nossas mensagens por e-mail, WhatsApp ou telefone.',
  },
  done: {
    title: 'Pronto',
    lead: 'Você não receberá mais nossas mensagens. Se mudar de ideia, fale com a gente.',
  },
  invalid: { title: 'Link inválido', lead: 'Este link de descadastro não é válido ou expirou.' },
} as const;

/**
 * The unsubscribe link's page (pt-BR: the person is a Brazilian customer). GET only shows a button — mail scanners
 * open links — and the POST of the button (or the mail client's one-click POST) does the work.
 */
export function unsubscribePage(token: string, state: keyof typeof TEXT): string {
  const t = TEXT[state];
  const form =
    state === 'confirm'
      ? `<form method="post" action="?t=${encodeURIComponent(token)}"><button type="submit">Confirmar descadastro</button></form>`
      : '';
  return `<!doctype html>
<html lang="pt-BR">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(t.title)}</title></head>
<body>
<main>
<h1>${escapeHtml(t.title)}</h1>
<p>${escapeHtml(t.lead)}</p>
${form}
</main>
</body>
</html>
`;
}
