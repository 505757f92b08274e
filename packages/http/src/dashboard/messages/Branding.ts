/**
 * Strings of the branding page: the account's public details and colours (what the hosted page,
 * receipts and links show). Spread into Messages.ts.
 */

/** English. */
export const en = {
  "nav.branding": "Branding",
  "branding.title": "Branding",
  "branding.intro": "What customers see on the hosted page, payment links and receipts. The same in test and live mode. Leave a field empty to unset it.",
  "branding.profile": "Business profile",
  "branding.name": "Business name",
  "branding.supportEmail": "Support email",
  "branding.supportPhone": "Support phone",
  "branding.supportUrl": "Support URL",
  "branding.url": "Website",
  "branding.terms": "Terms of service URL",
  "branding.privacy": "Privacy policy URL",
  "branding.colors": "Colours",
  "branding.primary": "Primary colour (#rrggbb)",
  "branding.secondary": "Secondary colour (#rrggbb)",
  "branding.files": "Logo and icon (uploaded through the API)",
  "branding.logo": "Logo file",
  "branding.icon": "Icon file",
  "branding.save": "Save",
  "branding.saved": "Saved: customers see it from now on.",
  "branding.contrast": "Contrast",
  "branding.textOn": "Text on the primary colour: {text} ({ratio}:1).",
  "branding.linksOk": "Links on the page take the primary colour ({ratio}:1 on the page's background).",
  "branding.linksTooLight": "The primary colour is too light for links on the page's light background ({ratio}:1, under 4.5:1): links keep the page's own colour.",
  "audit.account.branding": "Branding changed"
} as const

/** Spanish. */
export const es: Record<keyof typeof en, string> = {
  "nav.branding": "Marca",
  "branding.title": "Marca",
  "branding.intro": "Lo que ven los clientes en la página de pago, los enlaces de pago y los recibos. Igual en modo de prueba y real. Deja un campo vacío para quitarlo.",
  "branding.profile": "Perfil del negocio",
  "branding.name": "Nombre del negocio",
  "branding.supportEmail": "Correo de soporte",
  "branding.supportPhone": "Teléfono de soporte",
  "branding.supportUrl": "URL de soporte",
  "branding.url": "Sitio web",
  "branding.terms": "URL de los términos del servicio",
  "branding.privacy": "URL de la política de privacidad",
  "branding.colors": "Colores",
  "branding.primary": "Color principal (#rrggbb)",
  "branding.secondary": "Color secundario (#rrggbb)",
  "branding.files": "Logotipo e icono (subidos con la API)",
  "branding.logo": "Archivo del logotipo",
  "branding.icon": "Archivo del icono",
  "branding.save": "Guardar",
  "branding.saved": "Guardado: los clientes lo ven desde ahora.",
  "branding.contrast": "Contraste",
  "branding.textOn": "Texto sobre el color principal: {text} ({ratio}:1).",
  "branding.linksOk": "Los enlaces de la página usan el color principal ({ratio}:1 sobre el fondo de la página).",
  "branding.linksTooLight": "El color principal es demasiado claro para los enlaces sobre el fondo claro de la página ({ratio}:1, menos de 4,5:1): los enlaces conservan el color de la página.",
  "audit.account.branding": "Marca cambiada"
}

/** Portuguese. */
export const pt: Record<keyof typeof en, string> = {
  "nav.branding": "Marca",
  "branding.title": "Marca",
  "branding.intro": "O que os clientes veem na página de pagamento, nos links de pagamento e nos recibos. Igual nos modos de teste e real. Deixe um campo vazio para removê-lo.",
  "branding.profile": "Perfil da empresa",
  "branding.name": "Nome da empresa",
  "branding.supportEmail": "E-mail de suporte",
  "branding.supportPhone": "Telefone de suporte",
  "branding.supportUrl": "URL de suporte",
  "branding.url": "Site",
  "branding.terms": "URL dos termos de serviço",
  "branding.privacy": "URL da política de privacidade",
  "branding.colors": "Cores",
  "branding.primary": "Cor principal (#rrggbb)",
  "branding.secondary": "Cor secundária (#rrggbb)",
  "branding.files": "Logotipo e ícone (enviados pela API)",
  "branding.logo": "Arquivo do logotipo",
  "branding.icon": "Arquivo do ícone",
  "branding.save": "Salvar",
  "branding.saved": "Salvo: os clientes veem a partir de agora.",
  "branding.contrast": "Contraste",
  "branding.textOn": "Texto sobre a cor principal: {text} ({ratio}:1).",
  "branding.linksOk": "Os links da página usam a cor principal ({ratio}:1 sobre o fundo da página).",
  "branding.linksTooLight": "A cor principal é clara demais para links sobre o fundo claro da página ({ratio}:1, abaixo de 4,5:1): os links mantêm a cor da página.",
  "audit.account.branding": "Marca alterada"
}
