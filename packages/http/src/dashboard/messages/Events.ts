/**
 * The events pages' strings (issue 15), spread into Messages.ts.
 */
export const en = {
  "nav.events": "Events",
  "events.title": "Events",
  "events.filters": "Filter events",
  "events.type": "Type",
  "events.typeHint": "A type, or a family such as checkout.session.*",
  "events.object": "Object id",
  "events.id": "Event",
  "events.empty": "No events match.",
  "events.event": "Event",
  "events.back": "All events",
  "events.json": "What was sent",
  "events.deliveries": "Deliveries",
  "events.ofObject": "Every event of {id}",
  "events.noDeliveries": "This event went to no endpoint."
} as const

/** Spanish. */
export const es: Record<keyof typeof en, string> = {
  "nav.events": "Eventos",
  "events.title": "Eventos",
  "events.filters": "Filtrar eventos",
  "events.type": "Tipo",
  "events.typeHint": "Un tipo, o una familia como checkout.session.*",
  "events.object": "Id del objeto",
  "events.id": "Evento",
  "events.empty": "Ningún evento coincide.",
  "events.event": "Evento",
  "events.back": "Todos los eventos",
  "events.json": "Lo que se envió",
  "events.deliveries": "Entregas",
  "events.ofObject": "Todos los eventos de {id}",
  "events.noDeliveries": "Este evento no fue a ningún endpoint."
}

/** Portuguese. */
export const pt: Record<keyof typeof en, string> = {
  "nav.events": "Eventos",
  "events.title": "Eventos",
  "events.filters": "Filtrar eventos",
  "events.type": "Tipo",
  "events.typeHint": "Um tipo, ou uma família como checkout.session.*",
  "events.object": "Id do objeto",
  "events.id": "Evento",
  "events.empty": "Nenhum evento corresponde.",
  "events.event": "Evento",
  "events.back": "Todos os eventos",
  "events.json": "O que foi enviado",
  "events.deliveries": "Entregas",
  "events.ofObject": "Todos os eventos de {id}",
  "events.noDeliveries": "Este evento não foi para nenhum endpoint."
}
