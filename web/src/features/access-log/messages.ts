// Registro de acessos (LGPD): the admin page and the section of the person page's LGPD tab. pt-BR (source of the
// keys) and en (same shape, checked by the type checker).

export const accessLogPtBR = {
  nav: 'Registro de acessos',
  title: 'Registro de acessos',
  subtitle:
    'Quem abriu a ficha de uma pessoa, revelou os telefones, baixou arquivos ou exportou linhas. Listas e buscas não são registradas linha a linha.',
  filters: {
    user: 'Usuário',
    kind: 'Tipo de acesso',
    person: 'Pessoa',
    from: 'De',
    to: 'Até',
    any: 'Todos',
    clear: 'Limpar filtros',
  },
  kinds: {
    person_viewed: 'Ficha visualizada',
    phones_revealed: 'Telefones revelados',
    file_downloaded: 'Arquivo baixado',
    row_exported: 'Linha exportada',
  },
  columns: { when: 'Data e hora', who: 'Quem', what: 'O quê', person: 'Pessoa', origin: 'Origem' },
  integration: 'via integração',
  removedUser: 'Usuário removido',
  anonymous: '(sem nome)',
  empty: 'Nenhum acesso encontrado',
  emptyHint: 'Ajuste os filtros ou o período.',
  loadMore: 'Carregar mais',
  csv: 'Baixar CSV',
  section: {
    title: 'Registro de acessos',
    intro: 'Quem acessou os dados desta pessoa (ficha, telefones, arquivos, exportações).',
    empty: 'Nenhum acesso registrado ainda.',
    all: 'Ver no registro completo',
  },
};

export const accessLogEn: typeof accessLogPtBR = {
  nav: 'Access log',
  title: 'Access log',
  subtitle:
    "Who opened a person's record, revealed the phones, downloaded files or exported rows. Lists and searches are not logged row by row.",
  filters: {
    user: 'User',
    kind: 'Kind of access',
    person: 'Person',
    from: 'From',
    to: 'To',
    any: 'All',
    clear: 'Clear filters',
  },
  kinds: {
    person_viewed: 'Record viewed',
    phones_revealed: 'Phones revealed',
    file_downloaded: 'File downloaded',
    row_exported: 'Row exported',
  },
  columns: { when: 'Date and time', who: 'Who', what: 'What', person: 'Person', origin: 'Origin' },
  integration: 'through an integration',
  removedUser: 'Removed user',
  anonymous: '(no name)',
  empty: 'No access found',
  emptyHint: 'Change the filters or the period.',
  loadMore: 'Load more',
  csv: 'Download CSV',
  section: {
    title: 'Access log',
    intro: "Who accessed this person's data (record, phones, files, exports).",
    empty: 'No access recorded yet.',
    all: 'See in the full log',
  },
};
