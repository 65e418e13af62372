import { describe, expect, it } from 'vitest';
import { toCsv } from './csv.ts';
import {
  decodeText,
  dedupKeys,
  detectPreset,
  type ImportMapping,
  parseBrDate,
  parseBrMoney,
  parseCsv,
  suggestMapping,
  validateOpportunityRow,
  validateRow,
} from './imports.ts';

describe('decodeText', () => {
  it('reads a UTF-8 BOM, plain UTF-8 and Latin-1 / Windows-1252', () => {
    const utf8 = new TextEncoder().encode('José;São Paulo');
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]))).toEqual({
      text: 'José;São Paulo',
      encoding: 'utf-8',
    });
    expect(decodeText(utf8).encoding).toBe('utf-8');
    // "José Conceição" in Latin-1: é = E9, ç = E7, ã = E3
    const latin1 = new Uint8Array([
      0x4a, 0x6f, 0x73, 0xe9, 0x20, 0x43, 0x6f, 0x6e, 0x63, 0x65, 0x69, 0xe7, 0xe3, 0x6f,
    ]);
    expect(decodeText(latin1)).toEqual({ text: 'José Conceição', encoding: 'windows-1252' });
  });
});

describe('parseCsv', () => {
  it('detects ; , and tab and keeps quoted delimiters', () => {
    expect(parseCsv('nome;cpf\n"Silva; Ana";1\n\n').rows).toEqual([
      ['nome', 'cpf'],
      ['Silva; Ana', '1'],
    ]);
    expect(parseCsv('a,b\n1,2').delimiter).toBe(',');
    expect(parseCsv('a\tb\n1\t2').delimiter).toBe('\t');
  });
  it('round-trips through toCsv', () => {
    const rows = [
      ['linha', 'motivo'],
      ['2', 'CPF inválido; "x"'],
    ];
    expect(parseCsv(decodeText(new TextEncoder().encode(toCsv(rows))).text).rows).toEqual(rows);
  });
});

describe('suggestMapping', () => {
  it('suggests fields from pt-BR and English headers, several phone columns', () => {
    expect(
      suggestMapping(['Nome', 'CPF/CNPJ', 'Celular', 'Telefone', 'E-mail', 'Data de nascimento', 'Obs']),
    ).toEqual(['name', 'document', 'phone', 'phone', 'email', 'birthDate', null]);
  });
  it('recognizes the exports of Google Contacts, Outlook, Pipedrive and HubSpot', () => {
    const google = [
      'First Name',
      'Middle Name',
      'Last Name',
      'Birthday',
      'E-mail 1 - Value',
      'Phone 1 - Value',
    ];
    expect(detectPreset(google)).toBe('google');
    expect(suggestMapping(google)).toEqual(['firstName', null, 'lastName', 'birthDate', 'email', 'phone']);
    expect(
      detectPreset(['First Name', 'Last Name', 'E-mail Address', 'Mobile Phone', 'Business Phone']),
    ).toBe('outlook');
    expect(detectPreset(['Person - Name', 'Person - Email - Work', 'Person - Phone - Work'])).toBe(
      'pipedrive',
    );
    expect(detectPreset(['Record ID', 'First Name', 'Last Name', 'Email', 'Phone Number'])).toBe('hubspot');
    expect(detectPreset(['Name First Name', 'Name Last Name', 'Emails Primary Email'])).toBe('twenty');
    expect(detectPreset(['Nome', 'Email', 'Telefone', 'Celular'])).toBe('rdstation');
    expect(detectPreset(['Coluna A', 'Coluna B'])).toBeNull();
  });
});

describe('values', () => {
  it('reads dd/mm/aaaa and ISO dates, refuses impossible days', () => {
    expect(parseBrDate('05/03/1980')).toBe('1980-03-05');
    expect(parseBrDate('5-3-1980')).toBe('1980-03-05');
    expect(parseBrDate('1980-03-05')).toBe('1980-03-05');
    expect(parseBrDate('31/02/1980')).toBeNull();
    expect(parseBrDate('03/13/1980')).toBeNull();
    expect(parseBrDate('ontem')).toBeNull();
  });
  it('reads money as R$ 1.234,56', () => {
    expect(parseBrMoney('R$ 1.234,56')).toBe(123456);
    expect(parseBrMoney('1234,5')).toBe(123450);
    expect(parseBrMoney('-R$ 10,00')).toBe(-1000);
    expect(parseBrMoney('1234.56')).toBe(123456);
    expect(parseBrMoney('R$ 1,234.56')).toBeNull();
    expect(parseBrMoney('abc')).toBeNull();
  });
});

describe('validateRow', () => {
  const mapping = ['name', 'document', 'phone', 'email', 'birthDate', 'kind'] as const;
  it('normalizes masked CPFs, phones in any format and e-mails', () => {
    const r = validateRow(
      [
        '  José da Silva ',
        '529.982.247-25',
        '(11) 98765-4321 ::: 011 3456-7890',
        'Jose@Ex.com.br',
        '05/03/1980',
        '',
      ],
      [...mapping],
    );
    expect(r.errors).toEqual([]);
    expect(r.person).toEqual({
      kind: 'individual',
      name: 'José da Silva',
      tradeName: null,
      document: '52998224725',
      rg: null,
      birthDate: '1980-03-05',
      phones: ['+5511987654321', '+551134567890'],
      emails: ['jose@ex.com.br'],
      tags: [],
      typeName: null,
      documents: [],
    });
    expect(r.person && dedupKeys(r.person)).toEqual([
      'd:52998224725',
      'p:+5511987654321',
      'p:+551134567890',
      'e:jose@ex.com.br',
    ]);
  });
  it('takes a CNPJ as a company and joins first and last names', () => {
    const r = validateRow(['Ana', 'Souza', '11.222.333/0001-81'], ['firstName', 'lastName', 'document']);
    expect(r.person?.name).toBe('Ana Souza');
    expect(r.person?.kind).toBe('company');
  });
  it('lists every reason a row is refused, in pt-BR', () => {
    const r = validateRow(['', '123.456.789-00', '12345', 'nao-e-email', '31/02/1990', 'XX'], [...mapping]);
    expect(r.person).toBeNull();
    expect(r.errors).toEqual([
      'Nome obrigatório',
      'CPF/CNPJ inválido: 123.456.789-00',
      'Tipo de pessoa inválido: XX (use PF ou PJ)',
      'Telefone inválido: 12345',
      'E-mail inválido: nao-e-email',
      'Data inválida: 31/02/1990 (use dd/mm/aaaa)',
    ]);
    expect(validateRow(['Empresa', '529.982.247-25', '', '', '', 'PJ'], [...mapping]).errors).toEqual([
      'Pessoa jurídica com CPF',
    ]);
  });
});

describe('person type and documents columns', () => {
  const mapping: ImportMapping = [
    'name',
    'personType',
    'passport',
    'passportCountry',
    'stateRegistration',
    'stateRegistrationUf',
  ];
  it('reads the passport with its country and the IE with its UF, normalized as the person form does', () => {
    const r = validateRow(['Ana', 'Produtor rural', 'ab.123-456', 'br', 'isento', 'mg'], mapping);
    expect(r.errors).toEqual([]);
    expect(r.person).toMatchObject({
      typeName: 'Produtor rural',
      documents: [
        { kind: 'passport', country: 'BR', number: 'AB123456' },
        { kind: 'state_registration', state: 'MG', number: 'ISENTO' },
      ],
    });
  });
  it('refuses a bad number, country or UF and a number without its issuer, in pt-BR', () => {
    expect(validateRow(['Ana', '', '12', 'BRA', '', ''], mapping).errors).toEqual([
      'País do passaporte inválido: BRA (use a sigla de 2 letras, ex.: US)',
      'Passaporte inválido: 12 (6 a 20 letras e números)',
    ]);
    expect(validateRow(['Ana', '', '', '', '0623079040081', 'XX'], mapping).errors).toEqual([
      'UF da inscrição estadual inválida: XX',
    ]);
    expect(validateRow(['Ana', '', 'AB123456', '', '123', 'SP'], mapping).errors).toEqual([
      'País do passaporte obrigatório: AB123456',
      'Inscrição estadual inválida: 123',
    ]);
  });
  it('suggests the columns by their pt-BR headers; "Tipo" stays PF/PJ', () => {
    expect(
      suggestMapping([
        'Nome',
        'Tipo',
        'Tipo cadastral',
        'Passaporte',
        'País do passaporte',
        'IE',
        'UF da IE',
      ]),
    ).toEqual([
      'name',
      'kind',
      'personType',
      'passport',
      'passportCountry',
      'stateRegistration',
      'stateRegistrationUf',
    ]);
  });
});

describe('opportunities rows', () => {
  const mapping: ImportMapping = [
    'title',
    'name',
    'document',
    'email',
    'value',
    'expectedCloseDate',
    'owner',
  ];
  it('suggests opportunity fields before person fields', () => {
    expect(
      suggestMapping(
        [
          'Título',
          'Titular',
          'CPF',
          'E-mail',
          'Valor',
          'Previsão de fechamento',
          'Responsável',
          'Funil',
          'Etapa',
        ],
        undefined,
        'opportunities',
      ),
    ).toEqual([...mapping, 'pipeline', 'stage']);
  });

  it('reads money, dates and the holder keys; a name makes the holder registrable', () => {
    const r = validateOpportunityRow(
      ['Apto', 'Ana', '529.982.247-25', 'Ana@Ex.com', 'R$ 1.234,56', '15/03/2027', 'Vend@ex.com'],
      mapping,
    );
    expect(r.errors).toEqual([]);
    expect(r.opportunity).toMatchObject({
      title: 'Apto',
      holderKeys: ['d:52998224725', 'e:ana@ex.com'],
      person: { name: 'Ana' },
      valueCents: 123456,
      expectedCloseDate: '2027-03-15',
      ownerEmail: 'vend@ex.com',
    });
    const noName = validateOpportunityRow(['Apto', '', '', 'ana@ex.com', '', '', ''], mapping);
    expect(noName.opportunity).toMatchObject({ holderKeys: ['e:ana@ex.com'], person: null });
  });

  it('answers every reason in pt-BR', () => {
    const r = validateOpportunityRow(['A', '', '123', '', '12,3,4', '30/02/2027', 'x'], mapping);
    expect(r.errors).toEqual([
      'CPF/CNPJ inválido: 123',
      'Valor inválido: 12,3,4 (use R$ 1.234,56)',
      'Data de fechamento inválida: 30/02/2027 (use dd/mm/aaaa)',
      'E-mail do responsável inválido: x',
      'Título curto demais: A',
    ]);
    expect(validateOpportunityRow(['Apto', 'Ana', '', '', '', '', ''], mapping).errors).toEqual([
      'Informe o CPF/CNPJ, e-mail ou telefone do titular',
    ]);
  });
});
