import { unknownPlaceholders } from '@funil/domain';
import { describe, expect, it } from 'vitest';
import { pdfText } from '../../../test/pdf-text.ts';
import { renderTextPdf, wrapLine } from './pdf.ts';
import {
  DEFAULT_PROPOSAL_TEMPLATE,
  fillTemplate,
  formatBrl,
  type ProposalData,
  proposalValues,
} from './proposal-template.ts';

const data: ProposalData = {
  person: { name: 'João Conceição', document: '123.456.789-09', email: 'joao@exemplo.com.br', phone: '' },
  opportunityTitle: 'Apartamento na Vila Mariana',
  proposal: {
    valueCents: 48_000_000,
    conditions: 'Entrada de 20% e saldo em 36 parcelas',
    validUntil: '2026-07-31',
    items: [{ description: 'Unidade 52', quantity: 1, unitCents: 48_000_000 }],
  },
  ownerName: 'Carla Corretora',
  workspaceName: 'Imobiliária Horizonte',
  today: '15/05/2026',
};

describe('proposal template', () => {
  it('fills every placeholder of the default template', () => {
    expect(unknownPlaceholders(DEFAULT_PROPOSAL_TEMPLATE.body)).toEqual([]);
    const text = fillTemplate(DEFAULT_PROPOSAL_TEMPLATE.body, proposalValues(data));
    expect(text).not.toMatch(/\{\{/);
    expect(text).toContain('Nome: João Conceição');
    expect(text).toContain('Valor total: R$ 480.000,00');
    expect(text).toContain('Validade desta proposta: 31/07/2026');
    expect(text).toContain('Telefone: —');
    expect(text).toContain('• 1 × Unidade 52 — R$ 480.000,00 cada = R$ 480.000,00');
  });

  it('leaves unknown placeholders as written and finds them for validation', () => {
    expect(fillTemplate('Olá {{pessoa.nome}} {{pessoa.cpf}}', { 'pessoa.nome': 'Ana' })).toBe(
      'Olá Ana {{pessoa.cpf}}',
    );
    expect(unknownPlaceholders('{{ pessoa.nome }} {{pessoa.cpf}} {{pessoa.cpf}}')).toEqual(['pessoa.cpf']);
  });

  it('formats money as BRL', () => {
    expect(formatBrl(123456)).toBe('R$ 1.234,56');
  });
});

describe('PDF', () => {
  it('wraps long lines and cuts words longer than a line', () => {
    const measure = (s: string) => s.length;
    expect(wrapLine('um dois três quatro', 9, measure)).toEqual(['um dois', 'três', 'quatro']);
    expect(wrapLine('abcdefghij', 4, measure)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrapLine('', 10, measure)).toEqual(['']);
  });

  it('renders accents, adds pages as needed and replaces what the font cannot encode', async () => {
    const long = Array.from({ length: 120 }, (_, i) => `Linha ${i + 1} da proposta com ação e condição`);
    const bytes = await renderTextPdf({
      title: 'Proposta',
      author: 'Funil',
      text: `# Proposta comercial\nCliente: João Conceição 🙂\n${long.join('\n')}`,
    });
    const { pages, lines } = await pdfText(bytes);
    expect(pages).toBeGreaterThan(1);
    expect(lines).toContain('Proposta comercial');
    expect(lines).toContain('Cliente: João Conceição ?');
    expect(lines).toContain('Linha 120 da proposta com ação e condição');
  });
});
