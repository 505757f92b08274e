/**
 * The strings of the sessions list's currency and amount filters (issue 15), spread into Messages.ts.
 */
export const en = {
  "sessions.currency": "Currency",
  "sessions.amountFrom": "Amount from",
  "sessions.amountTo": "Amount up to",
  "sessions.badAmount": "“{value}” is not an amount in {currency}: write a number such as {example}.",
  "sessions.amountNeedsCurrency": "Choose a currency to filter by amount: amounts in different currencies do not compare.",
  "sessions.badCurrency": "“{value}” is not a currency: write its three-letter code, such as USD."
} as const

/** Spanish. */
export const es: Record<keyof typeof en, string> = {
  "sessions.currency": "Moneda",
  "sessions.amountFrom": "Importe desde",
  "sessions.amountTo": "Importe hasta",
  "sessions.badAmount": "“{value}” no es un importe en {currency}: escribe un número como {example}.",
  "sessions.amountNeedsCurrency": "Elige una moneda para filtrar por importe: los importes en monedas distintas no se comparan.",
  "sessions.badCurrency": "“{value}” no es una moneda: escribe su código de tres letras, como USD."
}

/** Portuguese. */
export const pt: Record<keyof typeof en, string> = {
  "sessions.currency": "Moeda",
  "sessions.amountFrom": "Valor a partir de",
  "sessions.amountTo": "Valor até",
  "sessions.badAmount": "“{value}” não é um valor em {currency}: escreva um número como {example}.",
  "sessions.amountNeedsCurrency": "Escolha uma moeda para filtrar por valor: valores em moedas diferentes não se comparam.",
  "sessions.badCurrency": "“{value}” não é uma moeda: escreva o código de três letras, como USD."
}
