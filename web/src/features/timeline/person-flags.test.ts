import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { createI18n } from '../../i18n/resources.ts';
import { describePersonFlag, personFlag } from './person-flags.ts';
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

  it('tolerates missing or unknown data', () => {
    expect(personFlag(event(null))).toBeNull();
    expect(describePersonFlag(event(null), t)).toEqual([{ text: 'Sinalização' }]);
    expect(describePersonFlag(event({ flag: 'vip' }), t)).toEqual([{ text: 'vip' }]);
  });
});
