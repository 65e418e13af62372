import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { createI18n } from '../../i18n/resources.ts';
import { type ChangeContext, describeChange, expandChange, readChanges } from './field-changes.ts';

let ctx: ChangeContext;
beforeAll(async () => {
  const t: TFunction = (await createI18n('pt-BR')).t;
  const names: Record<string, string> = {
    b1: 'Filial Centro',
    b2: 'Filial Sul',
    u1: 'Carla',
    t1: 'Equipe A',
    pt1: 'Estrangeiro',
  };
  const lookup = (id: string | null | undefined) => (id ? (names[id] ?? null) : null);
  ctx = {
    t,
    locale: 'pt-BR',
    names: { userName: lookup, teamName: lookup, branchName: lookup, personTypeName: lookup },
  };
});

describe('describeChange', () => {
  it('uses pt-BR labels and values', () => {
    expect(describeChange({ field: 'name', old: 'Joao', new: 'João' }, ctx).text).toBe('Nome: Joao → João');
    expect(describeChange({ field: 'stage', old: 'lead', new: 'client' }, ctx).text).toBe(
      'Etapa: Lead → Cliente',
    );
    expect(describeChange({ field: 'kind', old: 'individual', new: 'company' }, ctx).text).toBe(
      'Tipo de pessoa: Pessoa física → Pessoa jurídica',
    );
  });

  it('names the person type and lists the passport and IE', () => {
    expect(describeChange({ field: 'typeId', old: 'pt1', new: 'gone' }, ctx).text).toBe(
      'Tipo de pessoa cadastrado: Estrangeiro → desconhecido',
    );
    const documents = [
      { kind: 'passport', country: 'US', number: 'X1234567' },
      { kind: 'state_registration', state: 'SP', number: '110042490114' },
    ];
    expect(describeChange({ field: 'documents', old: [], new: documents }, ctx).text).toBe(
      'Passaporte / inscrição estadual: (vazio) → Passaporte US X1234567; Inscrição estadual (IE) SP 110042490114',
    );
  });

  it('masks documents and shows empty values', () => {
    expect(describeChange({ field: 'document', old: null, new: '52998224725' }, ctx).text).toBe(
      'CPF/CNPJ: (vazio) → 529.982.247-25',
    );
    expect(describeChange({ field: 'birthDate', old: '1990-04-01', new: null }, ctx).text).toBe(
      'Data de nascimento/fundação: 01/04/1990 → (vazio)',
    );
  });

  it('renders phone lists readably', () => {
    const change = describeChange(
      {
        field: 'phones',
        old: [{ number: '+5511987654321', type: 'whatsapp', primary: true }],
        new: [
          { number: '+5511987654321', type: 'whatsapp', primary: false },
          { number: '+551133334444', type: 'landline', primary: true },
        ],
      },
      ctx,
    );
    expect(change.label).toBe('Telefones');
    expect(change.old).toBe('(11) 98765-4321 (WhatsApp, principal)');
    expect(change.new).toBe('(11) 98765-4321 (WhatsApp); (11) 3333-4444 (Fixo, principal)');
  });

  it('renders addresses, tags, source and social links', () => {
    const address = {
      type: 'home',
      cep: '01310100',
      street: 'Av. Paulista',
      number: '1000',
      complement: null,
      district: 'Bela Vista',
      city: 'São Paulo',
      state: 'SP',
      primary: true,
    };
    expect(describeChange({ field: 'addresses', old: [], new: [address] }, ctx).new).toBe(
      'Av. Paulista, 1000 – Bela Vista – São Paulo/SP – CEP 01310-100 (Residencial, principal)',
    );
    expect(describeChange({ field: 'tags', old: ['vip'], new: ['vip', 'novo'] }, ctx).text).toBe(
      'Tags: vip → vip, novo',
    );
    expect(
      describeChange(
        { field: 'source', old: { media: null, channel: null }, new: { media: 'Google', channel: 'Site' } },
        ctx,
      ).text,
    ).toBe('Mídia/canal: (vazio) → Mídia: Google; Canal: Site');
    expect(
      describeChange({ field: 'social', old: {}, new: { instagram: 'https://instagram.com/joao' } }, ctx).new,
    ).toBe('Instagram: https://instagram.com/joao');
  });

  it('shows names instead of ids', () => {
    expect(describeChange({ field: 'branchId', old: 'b1', new: 'b2' }, ctx).text).toBe(
      'Filial: Filial Centro → Filial Sul',
    );
    expect(
      describeChange(
        {
          field: 'sharedWith',
          old: { userIds: [], teamIds: [] },
          new: { userIds: ['u1'], teamIds: ['t1', 'zz'] },
        },
        ctx,
      ).new,
    ).toBe('Usuários: Carla; Equipes: Equipe A, desconhecido');
  });

  it('keeps unknown fields readable', () => {
    expect(describeChange({ field: 'score', old: 1, new: 2 }, ctx).text).toBe('score: 1 → 2');
    expect(describeChange({ field: 'photo', old: null, new: 'photo' }, ctx).text).toBe('Foto atualizada');
  });
});

describe('readChanges', () => {
  it('tolerates erased or malformed payloads', () => {
    expect(readChanges({})).toEqual([]);
    expect(readChanges(null)).toEqual([]);
    expect(readChanges({ changes: [{ field: 'name', old: 'a', new: 'b' }, { nope: 1 }] })).toEqual([
      { field: 'name', old: 'a', new: 'b' },
    ]);
  });
});

describe('expandChange', () => {
  it('gives one line per changed key of source and social links', () => {
    const lines = expandChange({
      field: 'source',
      old: { media: 'Site', channel: 'Telefone' },
      new: { media: 'Indicação', channel: 'Telefone' },
    }).map((c) => describeChange(c, ctx).text);
    expect(lines).toEqual(['Mídia: Site → Indicação']);
    const social = expandChange({
      field: 'social',
      old: { instagram: 'https://instagram.com/a' },
      new: { linkedin: 'https://linkedin.com/in/a' },
    }).map((c) => describeChange(c, ctx).text);
    expect(social).toEqual([
      'Instagram: https://instagram.com/a → (vazio)',
      'LinkedIn: (vazio) → https://linkedin.com/in/a',
    ]);
  });

  it('leaves other fields alone', () => {
    expect(expandChange({ field: 'name', old: 'a', new: 'b' })).toEqual([
      { field: 'name', old: 'a', new: 'b' },
    ]);
  });
});

describe('opportunity changes', () => {
  const plain = (s: string) => s.replace(/\u00a0/g, ' ');

  it('labels opportunity fields and formats money and days', () => {
    expect(plain(describeChange({ field: 'valueCents', old: null, new: 25_000_000 }, ctx).text)).toBe(
      'Valor: (vazio) → R$ 250.000,00',
    );
    expect(describeChange({ field: 'expectedCloseDate', old: '2027-01-31', new: null }, ctx).text).toBe(
      'Previsão de fechamento: 31/01/2027 → (vazio)',
    );
    expect(describeChange({ field: 'title', old: 'Casa', new: 'Casa térrea' }, ctx).text).toBe(
      'Título: Casa → Casa térrea',
    );
  });

  it('shows the names recorded with ids', () => {
    expect(
      describeChange(
        { field: 'businessPlanId', old: null, new: { id: 'x', name: 'Cobertura — Vista Parque' } },
        ctx,
      ).text,
    ).toBe('Plano de negócio: (vazio) → Cobertura — Vista Parque');
    expect(
      describeChange({ field: 'ownerId', old: { id: 'u9', name: 'Bruno' }, new: { id: 'u1', name: '' } }, ctx)
        .text,
    ).toBe('Responsável: Bruno → desconhecido');
    expect(
      describeChange({ field: 'managerId', old: null, new: { id: 'u2', name: 'Mariana' } }, ctx).text,
    ).toBe('Gerente: (vazio) → Mariana');
  });

  it('names the users of a user custom field, never shows their ids', () => {
    const change = (old: unknown, next: unknown) => {
      const [c] = readChanges({
        changes: [{ field: 'customFields.resp', label: 'Responsável técnico', type: 'user', old, new: next }],
      });
      return c && describeChange(c, ctx).text;
    };
    // As recorded now: the names as they were.
    expect(change({ id: 'u9', name: 'Bruno' }, { id: 'u1', name: 'Carla Souza' })).toBe(
      'Responsável técnico: Bruno → Carla Souza',
    );
    // Older entries hold the bare ids: named by the directory, an unknown one as such.
    expect(change('u1', 'u404')).toBe('Responsável técnico: Carla → desconhecido');
    expect(change(null, { id: 'u1', name: '' })).toBe('Responsável técnico: (vazio) → Carla');
  });
});

describe('person status changes', () => {
  it('labels the temperature', () => {
    expect(describeChange({ field: 'temperature', old: 'cold', new: 'hot' }, ctx).text).toBe(
      'Temperatura: Fria → Quente',
    );
    expect(describeChange({ field: 'temperature', old: null, new: 'warm' }, ctx).text).toBe(
      'Temperatura: (vazio) → Morna',
    );
  });

  it('shows the names of list items', () => {
    expect(
      describeChange({ field: 'objective', old: null, new: { id: 'o1', name: 'Morar' } }, ctx).text,
    ).toBe('Objetivo: (vazio) → Morar');
    expect(
      describeChange(
        { field: 'subMoment', old: { id: 's1', name: 'Pesquisando' }, new: { id: 's2', name: 'Visitando' } },
        ctx,
      ).text,
    ).toBe('Sub-momento: Pesquisando → Visitando');
    expect(
      describeChange({ field: 'moment', old: { id: 'm1', name: 'Pesquisa' }, new: null }, ctx).text,
    ).toBe('Momento: Pesquisa → (vazio)');
    expect(
      describeChange({ field: 'productOfInterest', old: null, new: { id: 'b1', label: 'Cobertura' } }, ctx)
        .text,
    ).toBe('Produto de interesse: (vazio) → Cobertura');
  });
});
