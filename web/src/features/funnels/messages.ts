// Administração de funis, listas, dados exigidos para a venda e relatório do funil: pt-BR (source of the keys) and en (same shape, checked by the type checker).

export const funnelsPtBR = {
  title: '',
};

export const funnelsEn: typeof funnelsPtBR = {
  title: '',
};
