import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalizeLead, parseGeneric, parseIntakePayload, valueAtPath } from './intake.ts';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./intake-fixtures/${name}`, import.meta.url), 'utf8'));

describe('Meta Lead Ads (leadgen webhook)', () => {
  it('reads leadgen_id and field_data as the Graph API answers them', () => {
    const r = parseIntakePayload('meta_lead_ads', fixture('meta-leadgen.json'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.leads).toHaveLength(1);
    const lead = r.leads[0];
    expect(lead).toMatchObject({
      externalId: '123123123123',
      name: 'Joana Meta Silva',
      email: 'Joana.Meta@Example.com',
      phone: '+5511987654321',
    });
    expect(lead?.extra).toMatchObject({
      qual_imovel_procura: 'Apartamento 2 quartos',
      form_id: '456456456456',
    });
    const n = lead && normalizeLead(lead);
    expect(n?.ok && n.lead).toMatchObject({ phone: '+5511987654321', email: 'joana.meta@example.com' });
  });

  it('a bare leadgen notification (ids only) parses but has no contact to keep', () => {
    const r = parseIntakePayload('meta_lead_ads', fixture('meta-leadgen-bare.json'));
    expect(r.ok && r.leads[0]?.externalId).toBe('444444444444');
    expect(r.ok && r.leads[0] && normalizeLead(r.leads[0])).toEqual({ ok: false, reason: 'no_contact' });
  });

  it('names the field of a payload that is not a leadgen webhook', () => {
    const r = parseIntakePayload('meta_lead_ads', {
      entry: [{ changes: [{ field: 'leadgen', value: {} }] }],
    });
    expect(r).toEqual({
      ok: false,
      issues: [{ field: 'entry.0.changes.0.value.leadgen_id', code: 'invalid_union' }],
    });
  });
});

describe('RD Station Marketing (conversion webhook)', () => {
  it('reads leads[] with uuid, mobile phone first and legal_bases', () => {
    const r = parseIntakePayload('rd_station', fixture('rd-station-legacy.json'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.leads[0]).toMatchObject({
      externalId: 'c2f3d2b3-7250-4d27-97f4-eef38be32f7f',
      name: 'Lead RD Station',
      email: 'lead.rd@example.com',
      phone: '48 99999-9999',
      company: 'Company Name',
      city: 'Florianópolis',
    });
    expect(r.leads[0]?.consent?.basis).toEqual([
      { category: 'communications', type: 'consent', status: 'granted' },
    ]);
    expect(r.leads[0]?.extra.identificador).toBe('webinar-abc');
    const n = r.leads[0] && normalizeLead(r.leads[0]);
    expect(n?.ok && n.lead.phone).toBe('+5548999999999');
  });

  it('reads the newer { event_type, contact } shape', () => {
    const r = parseIntakePayload('rd_station', fixture('rd-station-contact.json'));
    expect(r.ok && r.leads[0]).toMatchObject({
      externalId: 'c2f3d2b3-7250-4d27-97f4-eef38be32f80',
      company: 'Company Example 0',
      phone: '48 30252598',
    });
  });

  it('refuses a body without leads', () => {
    expect(parseIntakePayload('rd_station', { leads: [] }).ok).toBe(false);
  });
});

describe('Grupo OLX/ZAP', () => {
  it('reads originLeadId, clientListingId and the phone', () => {
    const r = parseIntakePayload('olx_zap', fixture('olx-zap.json'));
    expect(r.ok && r.leads[0]).toMatchObject({
      externalId: '59ee0fc6e4b043e1b2a6d863',
      name: 'Nome Consumidor',
      phone: '11999999999',
      title: 'Anúncio a40171',
      message: 'Olá, tenho interesse neste imóvel. Aguardo o contato. Obrigado.',
    });
    expect(r.ok && r.leads[0]?.extra).toMatchObject({ clientListingId: 'a40171', leadOrigin: 'Grupo OLX' });
  });

  it('builds the phone from ddd + phone when phoneNumber is missing', () => {
    const { phoneNumber: _p, ...rest } = fixture('olx-zap.json') as Record<string, unknown>;
    const r = parseIntakePayload('olx_zap', rest);
    expect(r.ok && r.leads[0] && normalizeLead(r.leads[0])).toMatchObject({
      ok: true,
      lead: { phone: '+5511999999999' },
    });
  });

  it('names originLeadId when it is missing', () => {
    const r = parseIntakePayload('olx_zap', { name: 'X' });
    expect(r).toEqual({ ok: false, issues: [{ field: 'originLeadId', code: 'invalid_type' }] });
  });
});

describe('Google Ads lead form', () => {
  it('reads user_column_data by column_id and flags a test lead', () => {
    const r = parseIntakePayload('google_ads', fixture('google-ads.json'));
    expect(r.ok && r.leads[0]).toMatchObject({
      name: 'Carlos Google',
      phone: '+55 21 98888-7777',
      email: 'carlos.google@example.com',
      city: 'Rio de Janeiro',
      test: true,
    });
    expect(r.ok && r.leads[0] && normalizeLead(r.leads[0])).toEqual({ ok: false, reason: 'test_lead' });
  });

  it('joins FIRST_NAME and LAST_NAME', () => {
    const r = parseIntakePayload('google_ads', {
      lead_id: 'x1',
      user_column_data: [
        { column_id: 'FIRST_NAME', string_value: 'Ana' },
        { column_id: 'LAST_NAME', string_value: 'Souza' },
        { column_id: 'PHONE_NUMBER', string_value: '11 3456-7890' },
      ],
    });
    expect(r.ok && r.leads[0]?.name).toBe('Ana Souza');
  });
});

describe('site form', () => {
  it('reads the pt-BR field names of the snippet', () => {
    const r = parseIntakePayload('site_form', {
      nome: 'Maria',
      email: 'm@x.com',
      telefone: '(11) 98765-4321',
    });
    expect(r.ok && r.leads[0]).toMatchObject({ externalId: null, name: 'Maria', phone: '(11) 98765-4321' });
  });
});

describe('generic mapping', () => {
  const payload = {
    id: 77,
    contact: { fullName: 'Pedro', phones: ['021 99876-5432'] },
    doc: '529.982.247-25',
  };

  it('follows paths with dots and indexes', () => {
    expect(valueAtPath(payload, 'contact.phones[0]')).toBe('021 99876-5432');
    expect(valueAtPath(payload, 'contact.nope.x')).toBeUndefined();
    expect(valueAtPath(payload, 'contact.__proto__')).toBeUndefined();
  });

  it('maps a payload to a lead and normalizes it', () => {
    const r = parseGeneric(payload, {
      externalId: 'id',
      name: 'contact.fullName',
      phone: 'contact.phones[0]',
      document: 'doc',
    });
    expect(r.ok && r.leads[0]).toMatchObject({ externalId: '77', name: 'Pedro' });
    const n = r.ok && r.leads[0] ? normalizeLead(r.leads[0]) : null;
    expect(n).toMatchObject({
      ok: true,
      lead: { phone: '+5521998765432', document: '52998224725', documentKind: 'cpf' },
    });
  });

  it('names the path of a mapped id that is missing, and the one holding an object', () => {
    expect(parseGeneric(payload, { externalId: 'uuid', name: 'contact' })).toEqual({
      ok: false,
      issues: [
        { field: 'uuid', code: 'missing' },
        { field: 'contact', code: 'invalid_type' },
      ],
    });
  });
});

describe('normalizeLead', () => {
  const base = parseIntakePayload('site_form', { nome: 'Zé', email: 'ze@x.com' });
  const lead = base.ok ? base.leads[0] : undefined;

  it('rejects a bad CPF and a lead with no contact', () => {
    expect(lead && normalizeLead({ ...lead, document: '111.111.111-11' })).toEqual({
      ok: false,
      reason: 'invalid_document',
    });
    expect(lead && normalizeLead({ ...lead, email: null })).toEqual({ ok: false, reason: 'no_contact' });
  });

  it('keeps an unreadable phone in extra instead of losing it', () => {
    const n = lead && normalizeLead({ ...lead, phone: '12' });
    expect(n).toMatchObject({ ok: true, lead: { phone: null, extra: { telefone_recebido: '12' } } });
  });
});
