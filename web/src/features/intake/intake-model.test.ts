import { expect, it } from 'vitest';
import { parseIntakeLogFilters, siteFormSnippet } from './intake-model.ts';

const words = {
  name: 'Nome',
  email: 'E-mail',
  phone: 'Telefone',
  cep: 'CEP',
  message: 'Mensagem',
  submit: 'Enviar',
  honeypot: 'Não preencha',
};

it('the snippet is a complete form: action, labelled fields, hidden honeypot, required consent with its text', () => {
  const html = siteFormSnippet('https://crm.exemplo.com/api/v1/intake/forms/abc', 'Aceito <contato>', words);
  expect(html).toContain('action="https://crm.exemplo.com/api/v1/intake/forms/abc" method="post"');
  expect(html).toContain('<label for="funil-nome">Nome</label>');
  expect(html).toContain('name="website" tabindex="-1"');
  expect(html).toContain('<label for="funil-cep">CEP</label>');
  expect(html).toMatch(/type="checkbox" name="consentimento" value="sim" required>\s+Aceito &lt;contato&gt;/);
});

it('keeps only known filters from the URL', () => {
  expect(parseIntakeLogFilters({ status: 'created', sourceId: 'x' })).toEqual({ status: 'created' });
  expect(parseIntakeLogFilters({ status: 'nope' })).toEqual({});
});
