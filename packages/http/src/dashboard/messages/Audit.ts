/**
 * The audit trail's strings (issue 15), spread into Messages.ts: how a recorded action reads on an
 * object's timeline ("Expired by ana@shop.example at …"). An action without a label of its own reads
 * by its name.
 */
export const en = {
  "audit.line": "{what} by {who} at {when}",
  "audit.title": "Recent actions",
  "audit.none": "No actions yet.",
  "audit.cli": "the command line",
  "audit.apiKey": "an API key",
  "audit.someone": "someone",
  "audit.checkout.session.expire": "Expired",
  "audit.checkout.session.refund": "Refunded",
  "audit.webhook_delivery.resend": "Delivery resent",
  "audit.webhook_endpoint.resend_failed": "Failed deliveries resent",
  "audit.api_key.roll": "Key rolled",
  "audit.api_key.revoke": "Key revoked",
  "audit.api_key.create": "Key created",
  "audit.dashboard_user.create": "User created"
} as const

/** Spanish. */
export const es: Record<keyof typeof en, string> = {
  "audit.line": "{what} por {who} el {when}",
  "audit.title": "Acciones recientes",
  "audit.none": "Todavía no hay acciones.",
  "audit.cli": "la línea de comandos",
  "audit.apiKey": "una clave de API",
  "audit.someone": "alguien",
  "audit.checkout.session.expire": "Expirada",
  "audit.checkout.session.refund": "Reembolsada",
  "audit.webhook_delivery.resend": "Entrega reenviada",
  "audit.webhook_endpoint.resend_failed": "Entregas fallidas reenviadas",
  "audit.api_key.roll": "Clave rotada",
  "audit.api_key.revoke": "Clave revocada",
  "audit.api_key.create": "Clave creada",
  "audit.dashboard_user.create": "Usuario creado"
}

/** Portuguese. */
export const pt: Record<keyof typeof en, string> = {
  "audit.line": "{what} por {who} em {when}",
  "audit.title": "Ações recentes",
  "audit.none": "Nenhuma ação ainda.",
  "audit.cli": "a linha de comando",
  "audit.apiKey": "uma chave de API",
  "audit.someone": "alguém",
  "audit.checkout.session.expire": "Expirada",
  "audit.checkout.session.refund": "Reembolsada",
  "audit.webhook_delivery.resend": "Entrega reenviada",
  "audit.webhook_endpoint.resend_failed": "Entregas com falha reenviadas",
  "audit.api_key.roll": "Chave rotacionada",
  "audit.api_key.revoke": "Chave revogada",
  "audit.api_key.create": "Chave criada",
  "audit.dashboard_user.create": "Usuário criado"
}
