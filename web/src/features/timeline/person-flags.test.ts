import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { createI18n } from '../../i18n/resources.ts';
import { describePersonFlag, personFlag, readReceivedEmail, readSentEmail } from './person-flags.ts';
import type { TimelineEvent } from './types.ts';

let t: TFunction;
beforeAll(async () => {
  t = (await createI18n('pt-BR')).t;
});

const event = (data: unknown): TimelineEvent => ({
  id: 1,
  kind: 'person_flagged',
  actor: null,
  occurredAt: '2026-03-01T12:00:00Z',
  data,
  erased: false,
});

describe('describePersonFlag', () => {
  it('names the flag, the reason and the note', () => {
    expect(
      describePersonFlag(
        event({
          flag: 'disinterest',
          reason: { id: 'r1', label: 'Comprou com outro' },
          note: 'Fechou ontem',
        }),
        t,
      ),
    ).toEqual([
      { text: 'Informou desinteresse' },
      { text: 'Motivo: Comprou com outro' },
      { text: 'Observação: Fechou ontem', dimmed: true },
    ]);
    expect(describePersonFlag(event({ flag: 'non_client', reason: 'supplier', note: null }), t)).toEqual([
      { text: 'Definido como não cliente' },
      { text: 'Motivo: Fornecedor' },
    ]);
  });

  it('labels every flag', () => {
    const texts = ['archived', 'restored', 'deny_list_on', 'deny_list_off'].map(
      (flag) => describePersonFlag(event({ flag }), t)[0]?.text,
    );
    expect(texts).toEqual([
      'Cadastro excluído (arquivado)',
      'Cadastro restaurado',
      'Incluído na deny list (não contatar)',
      'Retirado da deny list',
    ]);
  });

  it('labels the wallet flags', () => {
    expect(describePersonFlag(event({ flag: 'wallet_expired' }), t)).toEqual([
      { text: 'Saiu da carteira por inatividade' },
    ]);
    expect(
      describePersonFlag(event({ flag: 'offered', team: { id: 't1', name: 'Equipe Paulista' } }), t),
    ).toEqual([{ text: 'Colocado em oferta ativa para Equipe Paulista' }]);
    expect(describePersonFlag(event({ flag: 'offered' }), t)).toEqual([{ text: 'Colocado em oferta ativa' }]);
    expect(describePersonFlag(event({ flag: 'picked' }), t)).toEqual([{ text: 'Pego da oferta ativa' }]);
  });

  it('tolerates missing or unknown data', () => {
    expect(personFlag(event(null))).toBeNull();
    expect(describePersonFlag(event(null), t)).toEqual([{ text: 'Sinalização' }]);
    expect(describePersonFlag(event({ flag: 'vip' }), t)).toEqual([{ text: 'vip' }]);
  });
});

describe('readSentEmail', () => {
  it('reads the address, subject and text of an email_sent event', () => {
    expect(readSentEmail({ data: { to: 'ana@example.com', subject: 'Proposta', body: 'Olá\nAna' } })).toEqual(
      {
        to: 'ana@example.com',
        subject: 'Proposta',
        body: 'Olá\nAna',
      },
    );
    expect(readSentEmail({ data: null })).toEqual({ to: '', subject: '', body: '' });
  });
});

describe('readReceivedEmail', () => {
  it('reads the sender (with their name), subject, excerpt and whether it answers a sent e-mail', () => {
    expect(
      readReceivedEmail({
        data: {
          from: 'ana@example.com',
          fromName: 'Ana',
          subject: 'Re: Proposta',
          excerpt: 'Aceito',
          repliesTo: 12,
        },
      }),
    ).toEqual({ from: 'Ana <ana@example.com>', subject: 'Re: Proposta', excerpt: 'Aceito', isReply: true });
    expect(readReceivedEmail({ data: { from: 'ana@example.com', repliesTo: null } })).toEqual({
      from: 'ana@example.com',
      subject: '',
      excerpt: '',
      isReply: false,
    });
  });
});
