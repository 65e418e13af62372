// Administração › Configurações gerais: the workspace's SMTP server and the wallet's expiry (the CNPJ/CEP lookup
// switch's text is in features/lookups). pt-BR (source of the keys) and en (same shape, checked by the type checker). At most 3 levels deep (workspaceSettings.x.y).

export const workspaceSettingsPtBR = {
  title: 'Configurações gerais',
  smtp: {
    title: 'Servidor de e-mail (SMTP)',
    intro:
      'Os e-mails enviados pela página do cliente saem por este servidor, com resposta para quem enviou.',
    notConfigured: 'Ainda não configurado: o envio de e-mails pelo Funil está desativado.',
    host: 'Servidor',
    port: 'Porta',
    secure: 'TLS desde a conexão (porta 465)',
    secureHint: 'Desligado: usa STARTTLS quando o servidor oferece.',
    user: 'Usuário',
    password: 'Senha',
    passwordKept: '•••• (guardada)',
    passwordHint: 'Deixe em branco para manter a senha guardada.',
    from: 'Remetente (From)',
    saved: 'Servidor de e-mail salvo.',
  },
  wallet: {
    title: 'Carteira',
    intro:
      'Um cliente sem nenhuma atividade na linha do tempo por este número de dias sai da carteira do responsável.',
    expiryDays: 'Dias sem atividade até o cliente expirar (0 = nunca)',
    saved: 'Regras de carteira salvas.',
  },
  loadError: 'Não foi possível carregar as configurações.',
};

export const workspaceSettingsEn: typeof workspaceSettingsPtBR = {
  title: 'General settings',
  smtp: {
    title: 'Mail server (SMTP)',
    intro: "E-mails sent from a client's page go out through this server, with replies to their sender.",
    notConfigured: 'Not configured yet: sending e-mails from Funil is off.',
    host: 'Host',
    port: 'Port',
    secure: 'TLS from the connection (port 465)',
    secureHint: 'Off: uses STARTTLS when the server offers it.',
    user: 'User',
    password: 'Password',
    passwordKept: '•••• (stored)',
    passwordHint: 'Leave it empty to keep the stored password.',
    from: 'Sender (From)',
    saved: 'Mail server saved.',
  },
  wallet: {
    title: 'Wallet',
    intro: "A client without any timeline activity for this many days leaves its owner's wallet.",
    expiryDays: 'Days without activity before a client expires (0 = never)',
    saved: 'Wallet rules saved.',
  },
  loadError: 'Could not load the settings.',
};
