/** The page a visitor sees after a plain HTML form post (pt-BR: the form is on a Brazilian site). */
export function thankYouPage(): string {
  return `<!doctype html>
<html lang="pt-BR">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Recebemos seus dados</title></head>
<body>
<main>
<h1>Recebemos seus dados</h1>
<p>Obrigado! Em breve alguém da nossa equipe entrará em contato.</p>
</main>
</body>
</html>
`;
}
