// Visualizar telefones: phones stay masked until revealed, and each reveal is on the timeline. pt-BR (source
// of the keys) and en (same shape, checked by the type checker). Mounted as `phoneReveal`.

export const phoneRevealPtBR = {
  show: 'Ver telefones',
  showLabel: 'Ver telefones completos (a visualização fica registrada no histórico)',
  maskedHint: 'Números ocultos. Cada visualização fica registrada no histórico.',
  noPermission: 'Seu perfil não pode ver os telefones completos.',
  failed: 'Não foi possível mostrar os telefones: {{reason}}',
  revealedBy: 'Telefones visualizados por {{name}}',
  revealedBySomeone: 'Telefones visualizados',
  editLocked:
    'Os telefones estão ocultos. Para alterá-los, veja os números (a visualização fica registrada no histórico).',
  editReveal: 'Ver e editar telefones',
  editNoPermission: 'Seu perfil não pode ver nem alterar os telefones; eles serão mantidos.',
};

export const phoneRevealEn: typeof phoneRevealPtBR = {
  show: 'Show phones',
  showLabel: 'Show phones in full (the view is recorded on the history)',
  maskedHint: 'Numbers hidden. Every view is recorded on the history.',
  noPermission: 'Your role may not see the full phone numbers.',
  failed: 'Could not show the phones: {{reason}}',
  revealedBy: 'Phones viewed by {{name}}',
  revealedBySomeone: 'Phones viewed',
  editLocked:
    'The phones are hidden. To change them, show the numbers (the view is recorded on the history).',
  editReveal: 'Show and edit phones',
  editNoPermission: 'Your role may not see or change the phones; they will be kept.',
};
