import { PLACEHOLDER_PATTERN, type TemplatePlaceholder } from '@funil/domain';

/** The template a workspace starts with (Administração › Documentos edits it). `# ` starts a heading. */
export const DEFAULT_PROPOSAL_TEMPLATE = {
  name: 'Proposta comercial',
  body: `# Proposta comercial

{{empresa.nome}}
Data: {{data}}

## Cliente
Nome: {{pessoa.nome}}
CPF/CNPJ: {{pessoa.documento}}
E-mail: {{pessoa.email}}
Telefone: {{pessoa.telefone}}

## Negociação
{{oportunidade.titulo}}

## Itens
{{proposta.itens}}

Valor total: {{proposta.valor}}

## Condições
{{proposta.condicoes}}

Validade desta proposta: {{proposta.validade}}

Esta proposta não constitui contrato. Os valores e condições acima valem até a data de validade e estão sujeitos à confirmação de disponibilidade.

Atenciosamente,
{{responsavel.nome}}
{{empresa.nome}}`,
};

const BRL = new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' });

/** R$ 1.234,56 — with a plain space (the PDF font's no-break space prints the same, searching it does not). */
export const formatBrl = (cents: number) => BRL.format(cents / 100).replace(/\s/g, ' ');

/** `2026-05-31` → `31/05/2026`. */
export const formatDay = (day: string) => day.split('-').reverse().join('/');

/** Today in São Paulo as `dd/mm/aaaa`. */
export const todayInBrazil = (now = new Date()) =>
  new Intl.DateTimeFormat('pt-BR', { timeZone: 'America/Sao_Paulo' }).format(now);

export type ProposalData = {
  person: { name: string; document: string; email: string; phone: string };
  opportunityTitle: string;
  proposal: {
    valueCents: number;
    conditions: string | null;
    validUntil: string | null;
    items: { description: string; quantity: number; unitCents: number }[];
  };
  ownerName: string;
  workspaceName: string;
  today: string;
};

const EMPTY = '—';

/** The value of every placeholder for one proposal. */
export function proposalValues(d: ProposalData): Record<TemplatePlaceholder, string> {
  const items = d.proposal.items.map(
    (i) =>
      `• ${i.quantity} × ${i.description} — ${formatBrl(i.unitCents)} cada = ${formatBrl(i.quantity * i.unitCents)}`,
  );
  return {
    'pessoa.nome': d.person.name,
    'pessoa.documento': d.person.document || EMPTY,
    'pessoa.email': d.person.email || EMPTY,
    'pessoa.telefone': d.person.phone || EMPTY,
    'oportunidade.titulo': d.opportunityTitle,
    'proposta.valor': formatBrl(d.proposal.valueCents),
    'proposta.condicoes': d.proposal.conditions?.trim() || EMPTY,
    'proposta.validade': d.proposal.validUntil ? formatDay(d.proposal.validUntil) : EMPTY,
    'proposta.itens': items.length ? items.join('\n') : EMPTY,
    'responsavel.nome': d.ownerName,
    'empresa.nome': d.workspaceName,
    data: d.today,
  };
}

/** Replaces each `{{placeholder}}`; unknown ones (refused when a template is saved) stay as written. */
export function fillTemplate(body: string, values: Record<string, string>): string {
  return body.replace(PLACEHOLDER_PATTERN, (whole, name: string) => values[name] ?? whole);
}
