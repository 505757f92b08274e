/**
 * Postal addresses by country: which lines a country's addresses have, what its fields are called,
 * whether its postal code is required and how it is written, and its states (ISO 3166-2). The one
 * table of these rules: the server validates billing and shipping addresses with it, and hands the
 * hosted page the table as data (the display's `address_formats`), which the page's script lays out
 * and checks the same fields with, using this module's functions (no imports, so nothing of `effect`
 * comes along; the table itself stays out of the script, which keeps the page light). Countries
 * without an entry get a lenient generic format.
 */

/** Every officially assigned ISO 3166-1 alpha-2 code (Country.ts checks codes against them; the page lists them). */
export const COUNTRY_CODES: ReadonlyArray<string> = (
  "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ " +
  "CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR " +
  "GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO " +
  "JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR " +
  "MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO " +
  "RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV " +
  "TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW"
).split(" ")

/** An address in Stripe's shape (`customer_details.address`, `shipping_details.address`). */
export interface Address {
  readonly line1: string | null
  readonly line2: string | null
  readonly city: string | null
  readonly state: string | null
  readonly postal_code: string | null
  readonly country: string | null
}

/** The fields of an address form besides the country, in the order a country writes them. */
export type Field = "line1" | "line2" | "city" | "state" | "postal_code"

/** What a field is called in a country (the page's message key is `address.<label>`). */
export type Label =
  | "line1" | "line2" | "city" | "comuna" | "district" | "locality"
  | "state" | "region" | "province" | "department"
  | "postal_code" | "zip" | "cep"

/** One country's address format. */
export interface Format {
  /** The fields it has, in order. */
  readonly fields: ReadonlyArray<Field>
  /** The fields that must be filled in. */
  readonly required: ReadonlyArray<Field>
  /** What `city`, `state` and `postal_code` are called there. */
  readonly labels: { readonly city: Label; readonly state: Label; readonly postal_code: Label }
  /** The postal code once normalized (see {@link normalizePostalCode}), and an example of one. */
  readonly postal: { readonly pattern: string; readonly example: string } | null
  /** Its states (code, name), when `state` is chosen from a list; the code is ISO 3166-2's, without the country. */
  readonly states?: ReadonlyArray<readonly [string, string]>
}

const ALL: ReadonlyArray<Field> = ["line1", "line2", "city", "state", "postal_code"]

/** A `"CODE:Name|CODE:Name"` list as pairs: compact in the page's bundle. */
const list = (s: string): ReadonlyArray<readonly [string, string]> =>
  s.split("|").map((pair) => {
    const i = pair.indexOf(":")
    return [pair.slice(0, i), pair.slice(i + 1)] as const
  })

/** Countries without rules of their own: line 1 required, the rest free text. */
export const GENERIC: Format = {
  fields: ALL,
  required: ["line1"],
  labels: { city: "city", state: "state", postal_code: "postal_code" },
  postal: { pattern: "^[A-Z0-9][A-Z0-9 -]{0,11}$", example: "" }
}

/** The countries with rules of their own. */
export const FORMATS: { readonly [country: string]: Format } = {
  US: {
    fields: ALL,
    required: ["line1", "city", "state", "postal_code"],
    labels: { city: "city", state: "state", postal_code: "zip" },
    postal: { pattern: "^\\d{5}(-\\d{4})?$", example: "94103" },
    states: /* @__PURE__ */ list(
      "AL:Alabama|AK:Alaska|AS:American Samoa|AZ:Arizona|AR:Arkansas|CA:California|CO:Colorado|CT:Connecticut|DE:Delaware|" +
        "DC:District of Columbia|FL:Florida|GA:Georgia|GU:Guam|HI:Hawaii|ID:Idaho|IL:Illinois|IN:Indiana|IA:Iowa|KS:Kansas|" +
        "KY:Kentucky|LA:Louisiana|ME:Maine|MD:Maryland|MA:Massachusetts|MI:Michigan|MN:Minnesota|MS:Mississippi|MO:Missouri|" +
        "MT:Montana|NE:Nebraska|NV:Nevada|NH:New Hampshire|NJ:New Jersey|NM:New Mexico|NY:New York|NC:North Carolina|" +
        "ND:North Dakota|MP:Northern Mariana Islands|OH:Ohio|OK:Oklahoma|OR:Oregon|PA:Pennsylvania|PR:Puerto Rico|" +
        "RI:Rhode Island|SC:South Carolina|SD:South Dakota|TN:Tennessee|TX:Texas|UT:Utah|VT:Vermont|VI:U.S. Virgin Islands|" +
        "VA:Virginia|WA:Washington|WV:West Virginia|WI:Wisconsin|WY:Wyoming|AA:Armed Forces Americas|AE:Armed Forces Europe|" +
        "AP:Armed Forces Pacific"
    )
  },
  CL: {
    fields: ALL,
    required: ["line1", "city", "state"],
    labels: { city: "comuna", state: "region", postal_code: "postal_code" },
    postal: { pattern: "^\\d{7}$", example: "8320000" },
    states: /* @__PURE__ */ list(
      "AP:Arica y Parinacota|TA:Tarapacá|AN:Antofagasta|AT:Atacama|CO:Coquimbo|VS:Valparaíso|RM:Región Metropolitana de Santiago|" +
        "LI:Libertador General Bernardo O'Higgins|ML:Maule|NB:Ñuble|BI:Biobío|AR:La Araucanía|LR:Los Ríos|LL:Los Lagos|" +
        "AI:Aysén del General Carlos Ibáñez del Campo|MA:Magallanes y de la Antártica Chilena"
    )
  },
  MX: {
    fields: ALL,
    required: ["line1", "city", "state", "postal_code"],
    labels: { city: "city", state: "state", postal_code: "postal_code" },
    postal: { pattern: "^\\d{5}$", example: "06600" },
    states: /* @__PURE__ */ list(
      "AGU:Aguascalientes|BCN:Baja California|BCS:Baja California Sur|CAM:Campeche|CHP:Chiapas|CHH:Chihuahua|" +
        "CMX:Ciudad de México|COA:Coahuila|COL:Colima|DUR:Durango|MEX:Estado de México|GUA:Guanajuato|GRO:Guerrero|" +
        "HID:Hidalgo|JAL:Jalisco|MIC:Michoacán|MOR:Morelos|NAY:Nayarit|NLE:Nuevo León|OAX:Oaxaca|PUE:Puebla|QUE:Querétaro|" +
        "ROO:Quintana Roo|SLP:San Luis Potosí|SIN:Sinaloa|SON:Sonora|TAB:Tabasco|TAM:Tamaulipas|TLA:Tlaxcala|VER:Veracruz|" +
        "YUC:Yucatán|ZAC:Zacatecas"
    )
  },
  BR: {
    fields: ALL,
    required: ["line1", "city", "state", "postal_code"],
    labels: { city: "city", state: "state", postal_code: "cep" },
    postal: { pattern: "^\\d{5}-\\d{3}$", example: "01310-100" },
    states: /* @__PURE__ */ list(
      "AC:Acre|AL:Alagoas|AP:Amapá|AM:Amazonas|BA:Bahia|CE:Ceará|DF:Distrito Federal|ES:Espírito Santo|GO:Goiás|" +
        "MA:Maranhão|MT:Mato Grosso|MS:Mato Grosso do Sul|MG:Minas Gerais|PA:Pará|PB:Paraíba|PR:Paraná|PE:Pernambuco|" +
        "PI:Piauí|RJ:Rio de Janeiro|RN:Rio Grande do Norte|RS:Rio Grande do Sul|RO:Rondônia|RR:Roraima|SC:Santa Catarina|" +
        "SP:São Paulo|SE:Sergipe|TO:Tocantins"
    )
  },
  AR: {
    fields: ALL,
    required: ["line1", "city", "state"],
    labels: { city: "locality", state: "province", postal_code: "postal_code" },
    // the old four digits, or the CPA: a province letter, four digits, three letters
    postal: { pattern: "^([A-HJ-NP-Z]\\d{4}[A-Z]{3}|\\d{4})$", example: "C1425DKE" },
    states: /* @__PURE__ */ list(
      "C:Ciudad Autónoma de Buenos Aires|B:Buenos Aires|K:Catamarca|H:Chaco|U:Chubut|X:Córdoba|W:Corrientes|E:Entre Ríos|" +
        "P:Formosa|Y:Jujuy|L:La Pampa|F:La Rioja|M:Mendoza|N:Misiones|Q:Neuquén|R:Río Negro|A:Salta|J:San Juan|D:San Luis|" +
        "Z:Santa Cruz|S:Santa Fe|G:Santiago del Estero|V:Tierra del Fuego|T:Tucumán"
    )
  },
  CO: {
    fields: ALL,
    required: ["line1", "city", "state"],
    labels: { city: "city", state: "department", postal_code: "postal_code" },
    postal: { pattern: "^\\d{6}$", example: "110111" },
    states: /* @__PURE__ */ list(
      "DC:Bogotá D.C.|AMA:Amazonas|ANT:Antioquia|ARA:Arauca|ATL:Atlántico|BOL:Bolívar|BOY:Boyacá|CAL:Caldas|CAQ:Caquetá|" +
        "CAS:Casanare|CAU:Cauca|CES:Cesar|CHO:Chocó|COR:Córdoba|CUN:Cundinamarca|GUA:Guainía|GUV:Guaviare|HUI:Huila|" +
        "LAG:La Guajira|MAG:Magdalena|MET:Meta|NAR:Nariño|NSA:Norte de Santander|PUT:Putumayo|QUI:Quindío|RIS:Risaralda|" +
        "SAP:San Andrés, Providencia y Santa Catalina|SAN:Santander|SUC:Sucre|TOL:Tolima|VAC:Valle del Cauca|VAU:Vaupés|VID:Vichada"
    )
  },
  PE: {
    fields: ALL,
    required: ["line1", "city", "state"],
    labels: { city: "district", state: "region", postal_code: "postal_code" },
    postal: { pattern: "^\\d{5}$", example: "15074" },
    states: /* @__PURE__ */ list(
      "AMA:Amazonas|ANC:Áncash|APU:Apurímac|ARE:Arequipa|AYA:Ayacucho|CAJ:Cajamarca|CAL:Callao|CUS:Cusco|HUV:Huancavelica|" +
        "HUC:Huánuco|ICA:Ica|JUN:Junín|LAL:La Libertad|LAM:Lambayeque|LIM:Lima (región)|LMA:Lima Metropolitana|LOR:Loreto|" +
        "MDD:Madre de Dios|MOQ:Moquegua|PAS:Pasco|PIU:Piura|PUN:Puno|SAM:San Martín|TAC:Tacna|TUM:Tumbes|UCA:Ucayali"
    )
  },
  ES: {
    fields: ALL,
    required: ["line1", "city", "state", "postal_code"],
    labels: { city: "city", state: "province", postal_code: "postal_code" },
    // five digits, the first two a province's (01 to 52)
    postal: { pattern: "^(0[1-9]|[1-4]\\d|5[0-2])\\d{3}$", example: "28013" },
    states: /* @__PURE__ */ list(
      "C:A Coruña|VI:Álava|AB:Albacete|A:Alicante|AL:Almería|O:Asturias|AV:Ávila|BA:Badajoz|PM:Illes Balears|B:Barcelona|" +
        "BI:Bizkaia|BU:Burgos|CC:Cáceres|CA:Cádiz|S:Cantabria|CS:Castellón|CE:Ceuta|CR:Ciudad Real|CO:Córdoba|CU:Cuenca|" +
        "SS:Gipuzkoa|GI:Girona|GR:Granada|GU:Guadalajara|H:Huelva|HU:Huesca|J:Jaén|LO:La Rioja|GC:Las Palmas|LE:León|" +
        "L:Lleida|LU:Lugo|M:Madrid|MA:Málaga|ML:Melilla|MU:Murcia|NA:Navarra|OR:Ourense|P:Palencia|PO:Pontevedra|" +
        "SA:Salamanca|TF:Santa Cruz de Tenerife|SG:Segovia|SE:Sevilla|SO:Soria|T:Tarragona|TE:Teruel|TO:Toledo|V:Valencia|" +
        "VA:Valladolid|ZA:Zamora|Z:Zaragoza"
    )
  },
  PT: {
    // Portuguese addresses name no district: the postal code and its locality place them
    fields: ["line1", "line2", "postal_code", "city"],
    required: ["line1", "city", "postal_code"],
    labels: { city: "locality", state: "state", postal_code: "postal_code" },
    postal: { pattern: "^\\d{4}-\\d{3}$", example: "1100-148" }
  }
}

/** A country's format in a table of them (the page's comes from the server): its own, or {@link GENERIC}. */
export const formatIn = (formats: { readonly [country: string]: Format }, country: string): Format => formats[country.toUpperCase()] ?? GENERIC

/** A country's format: its own, or {@link GENERIC}. */
export const formatOf = (country: string): Format => formatIn(FORMATS, country)

/** Longest a field may be (Stripe's limits are in this range). */
export const MAX_LENGTH = 200

/**
 * A postal code as a country writes it: upper case, outer spaces dropped, and the separator put in
 * where the country has one and it was left out (`01310100` is BR's `01310-100`, `1100148` PT's `1100-148`).
 */
export const normalizePostalCode = (country: string, value: string): string => {
  const v = value.trim().toUpperCase().replace(/\s+/g, " ")
  const c = country.toUpperCase()
  if (c === "BR" && /^\d{8}$/.test(v)) return `${v.slice(0, 5)}-${v.slice(5)}`
  if (c === "PT" && /^\d{7}$/.test(v)) return `${v.slice(0, 4)}-${v.slice(4)}`
  if (c === "US" && /^\d{9}$/.test(v)) return `${v.slice(0, 5)}-${v.slice(5)}`
  if (c === "CL" || c === "CO" || c === "MX" || c === "ES" || c === "PE") return v.replace(/[\s-]/g, "")
  return v
}

/** What is wrong with one field of an address. */
export type Problem = "missing" | "invalid" | "too_long"

/** An address as typed: any part may be missing. */
export type Typed = Partial<Record<Field | "country", string | null | undefined>>

/** The first problem of each field of an address given as typed (`country` included) by its country's `format`, or an empty record. */
export const problemsOf = (address: Typed, format: Format): Partial<Record<Field | "country", Problem>> => {
  const problems: Partial<Record<Field | "country", Problem>> = {}
  const country = (address.country ?? "").trim().toUpperCase()
  if (!COUNTRY_CODES.includes(country)) {
    problems.country = country === "" ? "missing" : "invalid"
    return problems
  }
  for (const field of ALL) {
    const value = (address[field] ?? "").trim()
    if (value === "") {
      if (format.required.includes(field)) problems[field] = "missing"
      continue
    }
    if (!format.fields.includes(field)) problems[field] = "invalid"
    else if (value.length > MAX_LENGTH) problems[field] = "too_long"
    else if (field === "state" && format.states !== undefined && !format.states.some(([code]) => code === value.toUpperCase())) {
      problems[field] = "invalid"
    } else if (field === "postal_code" && format.postal !== null && !new RegExp(format.postal.pattern).test(normalizePostalCode(country, value))) {
      problems[field] = "invalid"
    }
  }
  return problems
}

/** An address as stored: trimmed, the country and a listed state upper case, the postal code normalized, empty fields null. */
export const normalize = (address: Typed, format: Format): Address => {
  const country = (address.country ?? "").trim().toUpperCase()
  const text = (field: Field) => {
    const v = (address[field] ?? "").trim()
    return v === "" || !format.fields.includes(field) ? null : v
  }
  const state = text("state")
  const postal = text("postal_code")
  return {
    line1: text("line1"),
    line2: text("line2"),
    city: text("city"),
    state: state !== null && format.states !== undefined ? state.toUpperCase() : state,
    postal_code: postal === null ? null : normalizePostalCode(country, postal),
    country: country === "" ? null : country
  }
}
