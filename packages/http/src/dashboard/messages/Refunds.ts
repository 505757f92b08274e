/**
 * The strings of the session page's refunds (issue 15), spread into Messages.ts.
 */
export const en = {
  "refund.title": "Refunds",
  "refund.none": "No refunds yet.",
  "refund.amount": "Amount to refund ({currency})",
  "refund.refundable": "Still refundable: {amount}",
  "refund.reason": "Reason",
  "refund.reasonNone": "None given",
  "refund.duplicate": "Duplicate",
  "refund.fraudulent": "Fraudulent",
  "refund.requested_by_customer": "Requested by the customer",
  "refund.submit": "Refund",
  "refund.done": "The refund was made: reload to see its status.",
  "refund.notPaid": "This session has no captured payment to refund.",
  "refund.id": "Refund",
  "refund.status": "Status"
} as const

/** Spanish. */
export const es: Record<keyof typeof en, string> = {
  "refund.title": "Reembolsos",
  "refund.none": "Todavía no hay reembolsos.",
  "refund.amount": "Importe a reembolsar ({currency})",
  "refund.refundable": "Aún reembolsable: {amount}",
  "refund.reason": "Motivo",
  "refund.reasonNone": "Ninguno",
  "refund.duplicate": "Duplicado",
  "refund.fraudulent": "Fraudulento",
  "refund.requested_by_customer": "Pedido por el cliente",
  "refund.submit": "Reembolsar",
  "refund.done": "Se hizo el reembolso: recarga para ver su estado.",
  "refund.notPaid": "Esta sesión no tiene un pago capturado que reembolsar.",
  "refund.id": "Reembolso",
  "refund.status": "Estado"
}

/** Portuguese. */
export const pt: Record<keyof typeof en, string> = {
  "refund.title": "Reembolsos",
  "refund.none": "Nenhum reembolso ainda.",
  "refund.amount": "Valor a reembolsar ({currency})",
  "refund.refundable": "Ainda reembolsável: {amount}",
  "refund.reason": "Motivo",
  "refund.reasonNone": "Nenhum",
  "refund.duplicate": "Duplicado",
  "refund.fraudulent": "Fraudulento",
  "refund.requested_by_customer": "Pedido pelo cliente",
  "refund.submit": "Reembolsar",
  "refund.done": "O reembolso foi feito: recarregue para ver o status.",
  "refund.notPaid": "Esta sessão não tem um pagamento capturado para reembolsar.",
  "refund.id": "Reembolso",
  "refund.status": "Situação",
}
