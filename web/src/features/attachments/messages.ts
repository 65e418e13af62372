// Anexos: the person's files (tab, comments) and the note box's "Anexar". pt-BR (source of the keys) and en
// (same shape, checked by the type checker). At most 3 levels deep (attachments.x.y).

export const attachmentsPtBR = {
  title: 'Anexos',
  intro:
    'Arquivos de até 10 MB: csv, doc, docx, eml, gif, jpeg, jpg, mp3, mp4, mpeg, mpga, msg, ogg, opus, pdf, png, ppt, pptx, txt, xls ou xlsx.',
  add: 'Adicionar anexos',
  attach: 'Anexar',
  attachHint: 'Anexar arquivos ao comentário',
  empty: 'Nenhum anexo ainda.',
  emptyHint: 'Adicione arquivos aqui ou anexe-os a um comentário na linha do tempo.',
  loadError: 'Não foi possível carregar os anexos.',
  uploading: 'Enviando {{name}}…',
  uploaded: '{{name}} enviado.',
  removeFile: 'Remover {{name}} do comentário',
  download: 'Baixar {{name}}',
  pendingUploads: 'Aguarde o envio dos arquivos.',
  columns: {
    name: 'Arquivo',
    type: 'Tipo',
    size: 'Tamanho',
    who: 'Enviado por',
    when: 'Quando',
    source: 'Origem',
  },
  sources: {
    tab: 'Aba Anexos',
    comment: 'Comentário',
  },
  timeline: {
    added: 'Anexo adicionado:',
    files: 'Anexos do comentário',
  },
};

export const attachmentsEn: typeof attachmentsPtBR = {
  title: 'Attachments',
  intro:
    'Files up to 10 MB: csv, doc, docx, eml, gif, jpeg, jpg, mp3, mp4, mpeg, mpga, msg, ogg, opus, pdf, png, ppt, pptx, txt, xls or xlsx.',
  add: 'Add attachments',
  attach: 'Attach',
  attachHint: 'Attach files to the comment',
  empty: 'No attachments yet.',
  emptyHint: 'Add files here or attach them to a comment on the timeline.',
  loadError: 'Could not load the attachments.',
  uploading: 'Uploading {{name}}…',
  uploaded: '{{name}} uploaded.',
  removeFile: 'Remove {{name}} from the comment',
  download: 'Download {{name}}',
  pendingUploads: 'Wait for the files to finish uploading.',
  columns: {
    name: 'File',
    type: 'Type',
    size: 'Size',
    who: 'Uploaded by',
    when: 'When',
    source: 'Source',
  },
  sources: {
    tab: 'Attachments tab',
    comment: 'Comment',
  },
  timeline: {
    added: 'Attachment added:',
    files: 'Comment attachments',
  },
};
