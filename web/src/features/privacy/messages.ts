// Privacidade (LGPD): the admin area's Encarregado page and the person page's LGPD tab. pt-BR (source of the keys)
// and en (same shape, checked by the type checker).

export const privacyPtBR = {
  nav: 'Privacidade (LGPD)',
  title: 'Privacidade (LGPD)',
  intro:
    'O Funil guarda dados pessoais em nome do seu workspace, que é o controlador (Lei 13.709/2018). Aqui ficam o Encarregado, as solicitações dos titulares, os consentimentos, o registro de acessos, as regras de retenção e os incidentes.',
  dpo: {
    title: 'Controlador e Encarregado (art. 41)',
    intro:
      'A identidade e o contato do Encarregado devem ser públicos; aparecem nas respostas aos titulares e na aba LGPD de cada pessoa.',
    controllerName: 'Controlador (razão social)',
    dpoName: 'Encarregado (nome)',
    dpoEmail: 'E-mail do Encarregado',
    dpoPhone: 'Telefone do Encarregado',
    saved: 'Controlador e Encarregado salvos.',
  },
  tab: {
    dpo: 'Encarregado: {{name}}',
    dpoContact: 'Contato: {{contact}}',
    noDpo: 'O Encarregado ainda não foi nomeado (Administração › Privacidade).',
  },
  loadError: 'Não foi possível carregar as configurações de privacidade.',
};

export const privacyEn: typeof privacyPtBR = {
  nav: 'Privacy (LGPD)',
  title: 'Privacy (LGPD)',
  intro:
    'Funil keeps personal data on behalf of your workspace, the controller (Lei 13.709/2018). Here are the data protection officer, data-subject requests, consents, the access log, retention rules and incidents.',
  dpo: {
    title: 'Controller and data protection officer (art. 41)',
    intro:
      "The officer's identity and contact must be public; they appear on the answers to data subjects and on each person's LGPD tab.",
    controllerName: 'Controller (legal name)',
    dpoName: 'Data protection officer (name)',
    dpoEmail: "Officer's e-mail",
    dpoPhone: "Officer's phone",
    saved: 'Controller and officer saved.',
  },
  tab: {
    dpo: 'Data protection officer: {{name}}',
    dpoContact: 'Contact: {{contact}}',
    noDpo: 'No data protection officer has been named yet (Admin › Privacy).',
  },
  loadError: 'Could not load the privacy settings.',
};
