/**
 * The strings of receipts (the receipt page and the e-mailed receipt), in the languages the pages
 * speak. Apart from the checkout's (Messages.ts), so the checkout script does not carry them.
 */
import type { Language } from "./Messages.ts"

const en = {
  "receipt.pageTitle": "Receipt",
  "receipt.title": "Receipt from {merchant}",
  "receipt.intro": "Thank you for your payment. This is your receipt.",
  "receipt.testMode": "Test mode: no real money was charged.",
  "receipt.amountPaid": "Amount paid",
  "receipt.datePaid": "Date paid",
  "receipt.method": "Payment method",
  "receipt.card": "{brand} ending in {last4}",
  "receipt.number": "Receipt number",
  "receipt.summary": "Summary",
  "receipt.quantity": "Qty {quantity}",
  "receipt.subtotal": "Subtotal",
  "receipt.discount": "Discount",
  "receipt.discountCode": "Discount ({code})",
  "receipt.tax": "Tax",
  "receipt.total": "Total",
  "receipt.installments": "Installments",
  "receipt.interest": "Installment interest",
  "receipt.charged": "Amount charged",
  "receipt.refunded": "Refunded",
  "receipt.support": "Questions? Contact {merchant}",
  "receipt.email": "Email",
  "receipt.phone": "Phone",
  "receipt.website": "Website",
  "receipt.online": "View this receipt online:",
  "receipt.subject": "Your receipt from {merchant}",
  "receipt.unknownTitle": "Receipt not found",
  "receipt.unknownBody": "This receipt does not exist. Check the link you received."
} as const

/** A key of a receipt string. */
export type ReceiptKey = keyof typeof en

/** One language's receipt strings: every key, no more. */
export type ReceiptMessages = { readonly [K in ReceiptKey]: string }

const es: ReceiptMessages = {
  "receipt.pageTitle": "Recibo",
  "receipt.title": "Recibo de {merchant}",
  "receipt.intro": "Gracias por tu pago. Este es tu recibo.",
  "receipt.testMode": "Modo de prueba: no se cobró dinero real.",
  "receipt.amountPaid": "Monto pagado",
  "receipt.datePaid": "Fecha de pago",
  "receipt.method": "Medio de pago",
  "receipt.card": "{brand} terminada en {last4}",
  "receipt.number": "Número de recibo",
  "receipt.summary": "Resumen",
  "receipt.quantity": "Cant. {quantity}",
  "receipt.subtotal": "Subtotal",
  "receipt.discount": "Descuento",
  "receipt.discountCode": "Descuento ({code})",
  "receipt.tax": "Impuestos",
  "receipt.total": "Total",
  "receipt.installments": "Cuotas",
  "receipt.interest": "Interés de las cuotas",
  "receipt.charged": "Monto cobrado",
  "receipt.refunded": "Reembolsado",
  "receipt.support": "¿Preguntas? Contacta a {merchant}",
  "receipt.email": "Correo",
  "receipt.phone": "Teléfono",
  "receipt.website": "Sitio web",
  "receipt.online": "Ver este recibo en línea:",
  "receipt.subject": "Tu recibo de {merchant}",
  "receipt.unknownTitle": "Recibo no encontrado",
  "receipt.unknownBody": "Este recibo no existe. Revisa el enlace que recibiste."
}

const pt: ReceiptMessages = {
  "receipt.pageTitle": "Recibo",
  "receipt.title": "Recibo de {merchant}",
  "receipt.intro": "Obrigado pelo seu pagamento. Este é o seu recibo.",
  "receipt.testMode": "Modo de teste: nenhum dinheiro real foi cobrado.",
  "receipt.amountPaid": "Valor pago",
  "receipt.datePaid": "Data do pagamento",
  "receipt.method": "Forma de pagamento",
  "receipt.card": "{brand} final {last4}",
  "receipt.number": "Número do recibo",
  "receipt.summary": "Resumo",
  "receipt.quantity": "Qtd. {quantity}",
  "receipt.subtotal": "Subtotal",
  "receipt.discount": "Desconto",
  "receipt.discountCode": "Desconto ({code})",
  "receipt.tax": "Impostos",
  "receipt.total": "Total",
  "receipt.installments": "Parcelas",
  "receipt.interest": "Juros das parcelas",
  "receipt.charged": "Valor cobrado",
  "receipt.refunded": "Reembolsado",
  "receipt.support": "Dúvidas? Fale com {merchant}",
  "receipt.email": "E-mail",
  "receipt.phone": "Telefone",
  "receipt.website": "Site",
  "receipt.online": "Veja este recibo online:",
  "receipt.subject": "Seu recibo de {merchant}",
  "receipt.unknownTitle": "Recibo não encontrado",
  "receipt.unknownBody": "Este recibo não existe. Confira o link que você recebeu."
}

/** Every language's receipt strings. */
export const receiptMessages: { readonly [L in Language]: ReceiptMessages } = { en, es, pt }

/** A string with its `{name}` marks filled in (unknown marks stay as they are). */
export const fill = (template: string, values: Readonly<Record<string, string | number>> = {}): string =>
  template.replace(/\{(\w+)\}/g, (mark, name: string) => (Object.hasOwn(values, name) ? String(values[name]) : mark))
