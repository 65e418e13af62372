import type { Capability } from '@funil/domain';

// What each capability of the role matrix lets a role do ("Permissões de acesso"): pt-BR (source of the keys) and en
// (same shape). Typed by the domain's list, so a new capability cannot ship without its label.

type CapabilityMessages = { label: string; hint: string };

export const capabilitiesPtBR: { title: string; toggleOf: string } & Record<Capability, CapabilityMessages> =
  {
    title: 'O que cada papel pode fazer',
    toggleOf: '{{role}}: {{capability}}',
    manageUsers: { label: 'Usuários, equipes e filiais', hint: 'Cadastrar, editar e desativar' },
    manageAccess: { label: 'Permissões de acesso', hint: 'Esta matriz e as ações por perfil' },
    manageWorkspace: {
      label: 'Configurações do workspace',
      hint: 'E-mail (SMTP), carteira, modelo de proposta',
    },
    manageFunnels: { label: 'Funis', hint: 'Funis, etapas, listas e dados exigidos para a venda' },
    manageIntegrations: { label: 'Integrações', hint: 'Integrações, seus tokens e webhooks' },
    manageAssetTypes: { label: 'Tipos de ativo', hint: 'Campos dos ativos dos clientes' },
    manageCustomFields: {
      label: 'Campos personalizados',
      hint: 'Campos próprios de pessoas e oportunidades',
    },
    exportPeople: { label: 'Exportar listas', hint: 'Pessoas, oportunidades e atividades em CSV ou XLSX' },
    restorePeople: { label: 'Pessoas excluídas', hint: 'Ver; restaurar com a ação Excluir' },
    assignOwners: { label: 'Escolher o responsável', hint: 'Cadastrar em nome de outro usuário' },
    superviseAllTeams: { label: 'Gerir todas as equipes', hint: 'Oferta ativa e agendas de qualquer equipe' },
    manageDistribution: {
      label: 'Gerir a roleta',
      hint: 'Regras de distribuição de leads, plantão, SLA de primeiro contato',
    },
    sendCampaigns: { label: 'Envios em massa', hint: 'Campanhas por e-mail e WhatsApp, número do WhatsApp' },
    mergePeople: { label: 'Duplicados', hint: 'Fila de duplicados, mesclar pessoas e desfazer mesclagem' },
    importPeople: { label: 'Importar pessoas', hint: 'Planilhas CSV e XLSX; desfazer uma importação' },
    managePrivacy: {
      label: 'Privacidade (LGPD)',
      hint: 'Encarregado, solicitações de titulares, anonimização, consentimentos, acessos e incidentes',
    },
  };

export const capabilitiesEn: typeof capabilitiesPtBR = {
  title: 'What each role may do',
  toggleOf: '{{role}}: {{capability}}',
  manageUsers: { label: 'Users, teams and branches', hint: 'Create, edit and deactivate' },
  manageAccess: { label: 'Access rules', hint: 'This matrix and the actions per role' },
  manageWorkspace: { label: 'Workspace settings', hint: 'E-mail (SMTP), wallet, proposal template' },
  manageFunnels: { label: 'Funnels', hint: 'Funnels, stages, lists and data required for a sale' },
  manageIntegrations: { label: 'Integrations', hint: 'Integrations, their tokens and webhooks' },
  manageAssetTypes: { label: 'Asset types', hint: "Fields of the customers' assets" },
  manageCustomFields: { label: 'Custom fields', hint: 'Fields of your own on people and opportunities' },
  exportPeople: { label: 'Export lists', hint: 'People, opportunities and activities as CSV or XLSX' },
  restorePeople: { label: 'Deleted people', hint: 'See; restore with the Delete action' },
  assignOwners: { label: 'Choose the owner', hint: "Register under another user's name" },
  superviseAllTeams: { label: 'Manage every team', hint: "Active offer and any team's agendas" },
  manageDistribution: {
    label: 'Manage lead distribution',
    hint: 'Distribution rules, duty, first-response SLA',
  },
  sendCampaigns: { label: 'Mass sends', hint: 'E-mail and WhatsApp campaigns, the WhatsApp number' },
  mergePeople: { label: 'Duplicates', hint: 'Duplicates queue, merging people and undoing a merge' },
  importPeople: { label: 'Import people', hint: 'CSV and XLSX spreadsheets; undo an import' },
  managePrivacy: {
    label: 'Privacy (LGPD)',
    hint: 'Data protection officer, data-subject requests, anonymization, consents, access log and incidents',
  },
};
