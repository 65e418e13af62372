// CNPJ and CEP lookups in the forms, and their switch on the workspace settings page: pt-BR (source of the keys)
// and en (same shape).

export const lookupsPtBR = {
  cnpj: {
    search: 'Buscar',
    searchLabel: 'Buscar os dados do CNPJ na Receita',
    searching: 'Consultando a Receita…',
    filled: 'Dados da Receita preenchidos nos campos vazios; confira antes de salvar.',
    notFound: 'CNPJ não encontrado na Receita Federal; preencha os dados manualmente.',
    unavailable: 'Não foi possível consultar a Receita agora; preencha os dados manualmente.',
    disabled: 'As consultas à Receita estão desligadas neste workspace; preencha os dados manualmente.',
    differs: 'Estes campos já preenchidos diferem da Receita: {{fields}}.',
    replace: 'Usar os dados da Receita',
    keep: 'Manter os meus',
  },
  cep: {
    searchLabel: 'Buscar o endereço do CEP',
    searching: 'Consultando o CEP…',
    filled: 'Endereço do CEP preenchido nos campos vazios.',
    notFound: 'CEP não encontrado; preencha o endereço manualmente.',
    unavailable: 'Não foi possível consultar o CEP agora; preencha o endereço manualmente.',
    disabled: 'As consultas de CEP estão desligadas neste workspace; preencha o endereço manualmente.',
    differs: 'O endereço do CEP difere do que foi digitado: {{fields}}.',
    replace: 'Usar o endereço do CEP',
  },
  fields: {
    name: 'Razão social',
    tradeName: 'Nome fantasia',
    cnaeCode: 'CNAE',
    cnaeDescription: 'Atividade principal',
    registrationStatus: 'Situação cadastral',
    street: 'Logradouro',
    district: 'Bairro',
    city: 'Cidade',
    state: 'UF',
  },
  settings: {
    title: 'Consultas de CNPJ e CEP',
    enabled: 'Preencher empresas e endereços com dados públicos (Receita Federal, Correios)',
    hint: 'Ao digitar um CNPJ ou CEP, o Funil consulta bases públicas e preenche os campos vazios. Desligado, nada é consultado e os dados são digitados à mão.',
    saved: 'Configuração salva.',
  },
};

export type LookupsMessages = typeof lookupsPtBR;

export const lookupsEn: LookupsMessages = {
  cnpj: {
    search: 'Look up',
    searchLabel: 'Look up the CNPJ in the Receita registry',
    searching: 'Asking the Receita…',
    filled: 'Registry data filled into the empty fields; check before saving.',
    notFound: 'CNPJ not found in the Receita registry; fill in the data by hand.',
    unavailable: 'The registry could not be reached now; fill in the data by hand.',
    disabled: 'Registry lookups are switched off in this workspace; fill in the data by hand.',
    differs: 'These fields you filled differ from the registry: {{fields}}.',
    replace: 'Use the registry data',
    keep: 'Keep mine',
  },
  cep: {
    searchLabel: 'Look up the address of the CEP',
    searching: 'Looking up the CEP…',
    filled: 'Address of the CEP filled into the empty fields.',
    notFound: 'CEP not found; fill in the address by hand.',
    unavailable: 'The CEP could not be looked up now; fill in the address by hand.',
    disabled: 'CEP lookups are switched off in this workspace; fill in the address by hand.',
    differs: 'The address of the CEP differs from what was typed: {{fields}}.',
    replace: 'Use the address of the CEP',
  },
  fields: {
    name: 'Legal name',
    tradeName: 'Trade name',
    cnaeCode: 'CNAE',
    cnaeDescription: 'Main activity',
    registrationStatus: 'Registration status',
    street: 'Street',
    district: 'District',
    city: 'City',
    state: 'State',
  },
  settings: {
    title: 'CNPJ and CEP lookups',
    enabled: 'Fill companies and addresses from public registries (Receita Federal, Correios)',
    hint: 'When a CNPJ or CEP is typed, Funil asks public registries and fills the empty fields. Off, nothing is asked and the data is typed by hand.',
    saved: 'Setting saved.',
  },
};
