/**
 * Strings of the webhook endpoint pages' actions: creating an endpoint, enabling and disabling it,
 * rolling its signing secret, sending a test event, and paging its delivery log. Spread into Messages.ts.
 */

/** English. */
export const en = {
  "webhooks.add": "Add an endpoint",
  "webhooks.description": "Description (optional)",
  "webhooks.allEvents": "Every event type (*)",
  "webhooks.chooseEvents": "Events to send",
  "webhooks.create": "Add endpoint",
  "webhooks.created": "The endpoint was added. Its signing secret, shown this once: keep it now.",
  "webhooks.secret": "Signing secret",
  "webhooks.enable": "Enable",
  "webhooks.disable": "Disable",
  "webhooks.enabled": "The endpoint was enabled: events go to it again.",
  "webhooks.disabled": "The endpoint was disabled: no events go to it until it is enabled.",
  "webhooks.roll": "Roll the signing secret",
  "webhooks.rollHint": "The old secret stops signing at once: update your receiver with the new one.",
  "webhooks.rolled": "The new signing secret, shown this once: keep it now. The old one no longer signs.",
  "webhooks.test": "Send a test event",
  "webhooks.testType": "Event type",
  "webhooks.tested": "A test event was sent to this endpoint only. Reload to see its attempt.",
  "webhooks.testHint": "A made-up event (its object is not real) goes to this endpoint only, once, with no retries.",
  "webhooks.older": "Older deliveries",
  "webhooks.newest": "Newest deliveries",
  "webhooks.logPage": "Deliveries",
  "webhooks.state.enabled": "Enabled",
  "webhooks.state.disabled": "Disabled"
} as const

/** Spanish. */
export const es: Record<keyof typeof en, string> = {
  "webhooks.add": "Añadir un endpoint",
  "webhooks.description": "Descripción (opcional)",
  "webhooks.allEvents": "Todos los tipos de evento (*)",
  "webhooks.chooseEvents": "Eventos que enviar",
  "webhooks.create": "Añadir endpoint",
  "webhooks.created": "Se añadió el endpoint. Su secreto de firma, mostrado solo esta vez: guárdalo ahora.",
  "webhooks.secret": "Secreto de firma",
  "webhooks.enable": "Activar",
  "webhooks.disable": "Desactivar",
  "webhooks.enabled": "Se activó el endpoint: los eventos vuelven a enviarse.",
  "webhooks.disabled": "Se desactivó el endpoint: no se le envía nada hasta que se active.",
  "webhooks.roll": "Renovar el secreto de firma",
  "webhooks.rollHint": "El secreto anterior deja de firmar al instante: actualiza tu receptor con el nuevo.",
  "webhooks.rolled": "El nuevo secreto de firma, mostrado solo esta vez: guárdalo ahora. El anterior ya no firma.",
  "webhooks.test": "Enviar un evento de prueba",
  "webhooks.testType": "Tipo de evento",
  "webhooks.tested": "Se envió un evento de prueba solo a este endpoint. Recarga para ver su intento.",
  "webhooks.testHint": "Un evento inventado (su objeto no es real) va solo a este endpoint, una vez, sin reintentos.",
  "webhooks.older": "Envíos anteriores",
  "webhooks.newest": "Envíos más recientes",
  "webhooks.logPage": "Envíos",
  "webhooks.state.enabled": "Activo",
  "webhooks.state.disabled": "Desactivado"
}

/** Portuguese. */
export const pt: Record<keyof typeof en, string> = {
  "webhooks.add": "Adicionar um endpoint",
  "webhooks.description": "Descrição (opcional)",
  "webhooks.allEvents": "Todos os tipos de evento (*)",
  "webhooks.chooseEvents": "Eventos a enviar",
  "webhooks.create": "Adicionar endpoint",
  "webhooks.created": "O endpoint foi adicionado. O segredo de assinatura, mostrado só desta vez: guarde-o agora.",
  "webhooks.secret": "Segredo de assinatura",
  "webhooks.enable": "Ativar",
  "webhooks.disable": "Desativar",
  "webhooks.enabled": "O endpoint foi ativado: os eventos voltam a ser enviados.",
  "webhooks.disabled": "O endpoint foi desativado: nada é enviado a ele até ser ativado.",
  "webhooks.roll": "Renovar o segredo de assinatura",
  "webhooks.rollHint": "O segredo anterior deixa de assinar na hora: atualize seu receptor com o novo.",
  "webhooks.rolled": "O novo segredo de assinatura, mostrado só desta vez: guarde-o agora. O anterior não assina mais.",
  "webhooks.test": "Enviar um evento de teste",
  "webhooks.testType": "Tipo de evento",
  "webhooks.tested": "Um evento de teste foi enviado só a este endpoint. Recarregue para ver a tentativa.",
  "webhooks.testHint": "Um evento inventado (o objeto não é real) vai só a este endpoint, uma vez, sem novas tentativas.",
  "webhooks.older": "Envios anteriores",
  "webhooks.newest": "Envios mais recentes",
  "webhooks.logPage": "Envios",
  "webhooks.state.enabled": "Ativo",
  "webhooks.state.disabled": "Desativado"
}
