import { describe, expect, it } from 'vitest';
import {
  advancesStatus,
  campaignValues,
  isOptOutReply,
  renderCampaignText,
  unknownCampaignVariables,
  ZCreateCampaignRequest,
} from './campaigns.ts';

describe('campaign templates', () => {
  const values = campaignValues({ name: '  Maria  da Silva ', ownerName: 'Bruno', workspaceName: 'Imob' });

  it('fills each variable with the person’s values', () => {
    expect(values).toEqual({
      nome: 'Maria  da Silva',
      primeiro_nome: 'Maria',
      responsavel: 'Bruno',
      empresa: 'Imob',
    });
    expect(renderCampaignText('Olá {{ primeiro_nome }}, {{responsavel}} da {{empresa}}', values)).toBe(
      'Olá Maria, Bruno da Imob',
    );
    expect(renderCampaignText('Sem responsável: [{{responsavel}}]', { ...values, responsavel: '' })).toBe(
      'Sem responsável: []',
    );
  });

  it('names unknown variables, and the request refuses them', () => {
    expect(unknownCampaignVariables('{{nome}} {{nomee}} {{cpf}} {{nomee}}')).toEqual(['nomee', 'cpf']);
    const r = ZCreateCampaignRequest.safeParse({
      name: 'x',
      channel: 'email',
      subject: 'Oi {{nome}}',
      body: 'Oi {{apelido}}',
    });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain('unknown_variable');
  });

  it('asks e-mail for a subject and WhatsApp for an approved template', () => {
    expect(ZCreateCampaignRequest.safeParse({ name: 'x', channel: 'email', body: 'b' }).success).toBe(false);
    expect(ZCreateCampaignRequest.safeParse({ name: 'x', channel: 'whatsapp', body: 'b' }).success).toBe(
      false,
    );
    expect(
      ZCreateCampaignRequest.safeParse({
        name: 'x',
        channel: 'whatsapp',
        body: 'b',
        template: { name: 'oferta_1', language: 'pt_BR' },
      }).success,
    ).toBe(true);
  });
});

describe('opt-out replies', () => {
  it.each(['SAIR', 'sair', 'Sáir!', ' PARE ', 'stop', 'Stop.', 'sair por favor', 'Descadastrar'])(
    '"%s" opts out',
    (text) => expect(isOptOutReply(text)).toBe(true),
  );
  it.each([
    'Posso sair mais cedo amanhã?',
    'não pare de mandar',
    'ok',
    '',
    'saída',
    'quero sair da lista já agora',
  ])('"%s" does not', (text) => expect(isOptOutReply(text)).toBe(false));
});

describe('recipient statuses move forward only', () => {
  it('a late delivered after read changes nothing; failed ends what was not delivered', () => {
    expect(advancesStatus('sent', 'read')).toBe(true);
    expect(advancesStatus('read', 'delivered')).toBe(false);
    expect(advancesStatus('read', 'sent')).toBe(false);
    expect(advancesStatus('delivered', 'failed')).toBe(false);
    expect(advancesStatus('sent', 'failed')).toBe(true);
    expect(advancesStatus('failed', 'delivered')).toBe(true);
    expect(advancesStatus('skipped', 'sent')).toBe(false);
    expect(advancesStatus('sending', 'sent')).toBe(true);
  });
});
