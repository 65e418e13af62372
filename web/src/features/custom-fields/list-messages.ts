// Custom fields in the lists (filters, chosen columns) and on the board card: pt-BR (source of the keys) and en.

export const customFieldListsPtBR = {
  columns: 'Colunas',
  columnsHint: 'Campos personalizados mostrados na lista',
  any: 'Qualquer',
  min: '{{label}} — mínimo',
  max: '{{label}} — máximo',
  from: '{{label}} — de',
  to: '{{label}} — até',
};

export const customFieldListsEn: typeof customFieldListsPtBR = {
  columns: 'Columns',
  columnsHint: 'Custom fields shown in the list',
  any: 'Any',
  min: '{{label}} — minimum',
  max: '{{label}} — maximum',
  from: '{{label}} — from',
  to: '{{label}} — to',
};
