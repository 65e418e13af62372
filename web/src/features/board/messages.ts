// Quadro Kanban e lista de oportunidades: pt-BR (source of the keys) and en (same shape, checked by the type checker).

export const boardPtBR = {
  title: '',
};

export const boardEn: typeof boardPtBR = {
  title: '',
};
