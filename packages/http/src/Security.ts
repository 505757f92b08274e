/**
 * The contract's security: which credential each endpoint takes, as HttpApi middlewares. They
 * document the security schemes for OpenAPI and typed clients, and they are what the pipeline reads
 * to decide a route's access level (see Endpoint.ts): `SecretKeyAuth` is "secret", `ClientAuth` is
 * "client", no middleware is "public".
 */
import { HttpApiMiddleware, HttpApiSecurity, OpenApi } from "effect/http-api"

const describe = (description: string) => OpenApi.annotations({ description })

const secretKey = HttpApiSecurity.bearer.pipe(
  HttpApiSecurity.annotateMerge(describe("A secret key: `Authorization: Bearer sk_test_…` (or `sk_live_…`). The key decides the mode."))
)
const secretKeyBasic = HttpApiSecurity.basic.pipe(
  HttpApiSecurity.annotateMerge(describe("HTTP Basic with the secret key as the user name and an empty password."))
)
const clientSecret = HttpApiSecurity.bearer.pipe(
  HttpApiSecurity.annotateMerge(describe("The session's client secret (`cs_…_secret_…`), for that session only."))
)

/** Routes that need a secret key (Bearer or Basic). */
export class SecretKeyAuth extends HttpApiMiddleware.Service<SecretKeyAuth>()("till/http/SecretKeyAuth", {
  security: { secretKey, secretKeyBasic }
}) {}

/** Client routes: a secret key, or the client secret of the session in the path. */
export class ClientAuth extends HttpApiMiddleware.Service<ClientAuth>()("till/http/ClientAuth", {
  security: { secretKey, secretKeyBasic, clientSecret }
}) {}
