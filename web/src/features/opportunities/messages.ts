// Página da oportunidade, cadastro, clientes envolvidos, propostas: pt-BR (source of the keys) and en (same shape, checked by the type checker).

export const opportunityPtBR = {
  title: '',
};

export const opportunityEn: typeof opportunityPtBR = {
  title: '',
};
