// The notifications bell: pt-BR (source of the keys) and en (same shape, checked by the type checker).

export const notificationsPtBR = {
  open: 'Notificações',
  unread_one: '{{count}} não lida',
  unread_other: '{{count}} não lidas',
  empty: 'Nenhuma notificação.',
  rotting_one: '{{count}} oportunidade parada além do limite da etapa',
  rotting_other: '{{count}} oportunidades paradas além do limite da etapa',
  more: 'e mais {{count}}',
  error: 'Não foi possível carregar as notificações.',
  reminder: 'Lembrete: {{kind}} — {{title}}',
  reminderWhen: '{{date}} às {{time}}',
  webhookDisabled: 'Webhook desativado: {{reason}}',
  webhookDisabledGone: 'o destino respondeu 410',
  webhookDisabledFailures: 'falhas demais',
  webhookDisabledHint: 'Nada mais é enviado a {{url}}. Confira o destino e reative a assinatura.',
};

export const notificationsEn: typeof notificationsPtBR = {
  open: 'Notifications',
  unread_one: '{{count}} unread',
  unread_other: '{{count}} unread',
  empty: 'No notifications.',
  rotting_one: '{{count}} opportunity stuck past its stage limit',
  rotting_other: '{{count}} opportunities stuck past their stage limit',
  more: 'and {{count}} more',
  error: 'Could not load the notifications.',
  reminder: 'Reminder: {{kind}} — {{title}}',
  reminderWhen: '{{date}} at {{time}}',
  webhookDisabled: 'Webhook disabled: {{reason}}',
  webhookDisabledGone: 'the target answered 410',
  webhookDisabledFailures: 'too many failures',
  webhookDisabledHint: 'Nothing more is sent to {{url}}. Check the target and reactivate the subscription.',
};
