import type { ProblemCode } from '@funil/domain';

type Locale = 'pt-BR' | 'en';

const TITLES: Record<ProblemCode, Record<Locale, string>> = {
  validation: { 'pt-BR': 'Dados inválidos', en: 'Invalid data' },
  'malformed-json': { 'pt-BR': 'JSON malformado', en: 'Malformed JSON' },
  'payload-too-large': { 'pt-BR': 'Conteúdo grande demais', en: 'Payload too large' },
  unauthenticated: { 'pt-BR': 'É preciso entrar no sistema', en: 'Authentication required' },
  'invalid-credentials': { 'pt-BR': 'E-mail ou senha incorretos', en: 'Wrong e-mail or password' },
  'too-many-attempts': {
    'pt-BR': 'Muitas tentativas. Tente novamente em alguns minutos.',
    en: 'Too many attempts. Try again in a few minutes.',
  },
  forbidden: { 'pt-BR': 'Você não tem permissão para esta ação', en: 'You may not do this' },
  'not-found': { 'pt-BR': 'Não encontrado', en: 'Not found' },
  'person-duplicate': { 'pt-BR': 'Cadastro já existe', en: 'Record already exists' },
  'version-mismatch': {
    'pt-BR': 'Este cadastro foi alterado por outra pessoa',
    en: 'This record was changed by someone else',
  },
  'precondition-required': {
    'pt-BR': 'Informe a versão do cadastro (If-Match)',
    en: 'Send the record version (If-Match)',
  },
  'idempotency-in-progress': {
    'pt-BR': 'Uma requisição com esta Idempotency-Key ainda está em andamento',
    en: 'A request with this Idempotency-Key is still in progress',
  },
  'unsupported-media-type': { 'pt-BR': 'Tipo de conteúdo não suportado', en: 'Unsupported media type' },
  conflict: { 'pt-BR': 'Conflito', en: 'Conflict' },
  'stage-not-empty': {
    'pt-BR': 'A etapa ainda tem cards: escolha para qual etapa movê-los',
    en: 'The stage still has cards: choose a stage to move them to',
  },
  'stage-requirements': {
    'pt-BR': 'Preencha os campos exigidos pela etapa antes de mover o card',
    en: 'Fill in the fields the stage requires before moving the card',
  },
  'sale-requirements': {
    'pt-BR': 'Complete os dados dos clientes envolvidos antes da venda',
    en: 'Complete the involved clients’ data before the sale',
  },
  'do-not-contact': {
    'pt-BR': 'Esta pessoa está na deny list: não pode ser contatada',
    en: 'This person is on the deny list and may not be contacted',
  },
  'email-not-configured': {
    'pt-BR': 'O envio de e-mails não está configurado neste workspace',
    en: 'E-mail sending is not set up in this workspace',
  },
  'mail-oauth-not-configured': {
    'pt-BR': 'O login com este provedor de e-mail não está configurado neste servidor',
    en: 'Signing in with this mail provider is not set up on this server',
  },
  'email-failed': {
    'pt-BR': 'O servidor de e-mail recusou ou não respondeu; nada foi enviado',
    en: 'The mail server refused or did not answer; nothing was sent',
  },
  'lookup-not-found': { 'pt-BR': 'Não encontrado na base pública', en: 'Not found in the public registry' },
  'lookup-unavailable': {
    'pt-BR': 'Não foi possível consultar a base pública agora; preencha os dados manualmente.',
    en: 'The public registry could not be reached now; fill in the data by hand.',
  },
  'lookup-disabled': {
    'pt-BR': 'As consultas de CNPJ e CEP estão desligadas neste workspace',
    en: 'CNPJ and CEP lookups are switched off in this workspace',
  },
  'outside-calling-hours': {
    'pt-BR': 'Fora do horário permitido para ligações',
    en: 'Outside the allowed calling hours',
  },
  'dialer-busy': {
    'pt-BR': 'O discador não pode fazer isso agora',
    en: 'The dialer cannot do that now',
  },
  'already-merged': {
    'pt-BR': 'Esta pessoa já foi mesclada a outra',
    en: 'This person was already merged into another',
  },
  'merge-expired': {
    'pt-BR': 'O prazo para desfazer esta mesclagem (30 dias) terminou',
    en: 'The time to undo this merge (30 days) is over',
  },
  'merge-anonymized': {
    'pt-BR': 'Uma das pessoas foi anonimizada (LGPD) depois da mesclagem: ela não pode mais ser desfeita',
    en: 'One of the two people was anonymized (LGPD) after the merge: it can no longer be undone',
  },
  'already-anonymized': {
    'pt-BR': 'Este titular já foi anonimizado',
    en: 'This data subject was already anonymized',
  },
  suppressed: {
    'pt-BR': 'Titular anonimizado a pedido (LGPD): estes dados não podem ser cadastrados de novo',
    en: 'Data subject anonymized on request (LGPD): this data cannot be registered again',
  },
  'storage-unavailable': {
    'pt-BR': 'O armazenamento de arquivos está indisponível no momento; tente de novo em instantes',
    en: 'File storage is unavailable right now; try again shortly',
  },
  'telephony-unavailable': {
    'pt-BR': 'A telefonia não está configurada neste servidor',
    en: 'Telephony is not configured on this server',
  },
  timeout: {
    'pt-BR': 'A operação excedeu o tempo máximo de resposta',
    en: 'The operation exceeded the maximum response time',
  },
  'opportunity-closed': {
    'pt-BR': 'A oportunidade está encerrada: reabra-a antes de alterá-la',
    en: 'The opportunity is closed: reopen it before changing it',
  },
  'activity-closed': {
    'pt-BR': 'A atividade já foi concluída ou cancelada',
    en: 'The activity is already done or cancelled',
  },
  'attachment-type-refused': {
    'pt-BR':
      'Tipo de arquivo não permitido. Envie csv, doc, docx, eml, gif, jpeg, jpg, mp3, mp4, mpeg, mpga, msg, ogg, opus, pdf, png, ppt, pptx, txt, xls ou xlsx.',
    en: 'File type not allowed. Send csv, doc, docx, eml, gif, jpeg, jpg, mp3, mp4, mpeg, mpga, msg, ogg, opus, pdf, png, ppt, pptx, txt, xls or xlsx.',
  },
  'database-unavailable': {
    'pt-BR': 'O banco de dados está indisponível, tente em instantes',
    en: 'The database is unavailable, try again in a moment',
  },
  internal: { 'pt-BR': 'Erro interno', en: 'Internal error' },
};

const FIELD_MESSAGES: Record<string, Record<Locale, string>> = {
  required: { 'pt-BR': 'Campo obrigatório', en: 'Required' },
  too_short: { 'pt-BR': 'Muito curto', en: 'Too short' },
  too_long: { 'pt-BR': 'Muito longo', en: 'Too long' },
  invalid_document: { 'pt-BR': 'CPF/CNPJ inválido', en: 'Invalid CPF/CNPJ' },
  expected_cpf: { 'pt-BR': 'Pessoa física precisa de um CPF válido', en: 'Individuals need a valid CPF' },
  expected_cnpj: { 'pt-BR': 'Pessoa jurídica precisa de um CNPJ válido', en: 'Companies need a valid CNPJ' },
  invalid_phone: { 'pt-BR': 'Telefone inválido', en: 'Invalid phone number' },
  invalid_email: { 'pt-BR': 'E-mail inválido', en: 'Invalid e-mail' },
  invalid_cep: { 'pt-BR': 'CEP inválido', en: 'Invalid CEP' },
  invalid_uf: { 'pt-BR': 'UF inválida', en: 'Invalid state' },
  invalid_date: { 'pt-BR': 'Data inválida', en: 'Invalid date' },
  invalid_value: { 'pt-BR': 'Valor inválido', en: 'Invalid value' },
  invalid_character: {
    'pt-BR': 'Contém um caractere que não pode ser gravado (NUL ou UTF-16 inválido)',
    en: 'Contains a character that cannot be stored (NUL or invalid UTF-16)',
  },
  invalid_type: { 'pt-BR': 'Tipo de valor inválido', en: 'Invalid value type' },
  url: {
    'pt-BR': 'Informe um endereço http:// ou https:// válido',
    en: 'Enter a valid http:// or https:// address',
  },
  'blocked-target': {
    'pt-BR':
      'Endereço interno não permitido: o destino aponta para a própria máquina, uma rede privada ou link-local (ou não existe). Use um endereço público.',
    en: 'Internal address not allowed: the target points to this machine, a private or link-local network (or does not resolve). Use a public address.',
  },
  too_deep: { 'pt-BR': 'Estrutura aninhada demais', en: 'Nested too deeply' },
  unknown_user: { 'pt-BR': 'Usuário não encontrado', en: 'Unknown user' },
  unknown_team: { 'pt-BR': 'Equipe não encontrada', en: 'Unknown team' },
  unknown_branch: { 'pt-BR': 'Filial não encontrada', en: 'Unknown branch' },
  duplicate_phone: { 'pt-BR': 'Telefone repetido', en: 'Duplicated phone' },
  duplicate_email: { 'pt-BR': 'E-mail repetido', en: 'Duplicated e-mail' },
  email_taken: { 'pt-BR': 'E-mail já usado por outro usuário', en: 'E-mail already in use' },
  name_taken: { 'pt-BR': 'Nome já usado', en: 'Name already in use' },
  required_for_stage: { 'pt-BR': 'Obrigatório nesta etapa', en: 'Required in this stage' },
  unknown_stage: { 'pt-BR': 'Etapa não encontrada', en: 'Unknown stage' },
  unknown_pipeline: { 'pt-BR': 'Funil não encontrado', en: 'Unknown funnel' },
  unknown_person: { 'pt-BR': 'Pessoa não encontrada', en: 'Unknown person' },
  unknown_option: { 'pt-BR': 'Opção não encontrada', en: 'Unknown option' },
  unknown_email: { 'pt-BR': 'E-mail não cadastrado nesta pessoa', en: 'Not one of this person’s e-mails' },
  duplicate: { 'pt-BR': 'Repetido', en: 'Duplicated' },
  holder_required: { 'pt-BR': 'A oportunidade precisa de um titular', en: 'The opportunity needs a holder' },
  unknown_field: { 'pt-BR': 'Campo desconhecido', en: 'Unknown field' },
  unknown_asset_type: { 'pt-BR': 'Tipo de ativo não encontrado', en: 'Unknown asset type' },
  invalid_number: { 'pt-BR': 'Número inválido', en: 'Invalid number' },
  end_before_start: { 'pt-BR': 'O término é anterior ao início', en: 'The end is before the start' },
  unknown_attachment: {
    'pt-BR': 'Anexo não encontrado ou já usado',
    en: 'Unknown or already used attachment',
  },
  unknown_placeholder: { 'pt-BR': 'Campo de modelo desconhecido', en: 'Unknown template field' },
  unknown_opportunity: { 'pt-BR': 'Oportunidade não encontrada', en: 'Unknown opportunity' },
  person_or_opportunity_required: {
    'pt-BR': 'Vincule uma pessoa ou uma oportunidade',
    en: 'Link a person or an opportunity',
  },
};

/** Picks pt-BR unless the client asks for English first. */
export function pickLocale(acceptLanguage: string | undefined): Locale {
  const first = acceptLanguage?.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'pt-BR';
}

export function problemTitle(code: ProblemCode, locale: Locale): string {
  return TITLES[code][locale];
}

export function fieldMessage(code: string, locale: Locale): string {
  return FIELD_MESSAGES[code]?.[locale] ?? FIELD_MESSAGES.invalid_value?.[locale] ?? code;
}
