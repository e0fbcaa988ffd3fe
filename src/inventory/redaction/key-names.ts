/**
 * Redaction layers (b) and (c): what secret-holding names look like.
 *
 * (b) Attribute and map-key names that hold secrets in the providers' schemas
 * and in what people put in environment maps (password, master_password,
 * private_key, client_secret, access_key_secret, sas_token,
 * connection_string, primary_access_key, DATABASE_PASSWORD, STRIPE_SK...).
 * Public material (public_key, key_name, kms_key_id, key_vault_id, token
 * lifetimes, password policies) is deliberately not matched.
 *
 * (c) Name/value pairs: lists of `{name, value}` (Lambda and ECS environment
 * lists, app settings), `{Key, Value}` (tags, SSM-like parameters),
 * `{ParameterKey, ParameterValue}` (CloudFormation) whose *name* is secret-like.
 */

/** Names whose value is a secret. Matched against the whole key, case-insensitively, after splitting camelCase. */
export const SECRET_NAME_PATTERNS: readonly RegExp[] = [
  // ...password, ...passwd, ...passphrase, pwd
  /(^|_)(pass(word|wd|phrase)?|pwd)(_?v\d+)?$/,
  /(^|_)secret(_(string|binary|value|key|text|access_key|id_secret))?$/,
  /(^|_)client_secret(_value)?$/,
  /(^|_)private_key(_(pem|openssh|pem_pkcs8|data|content|json|file))?$/,
  /(^|_)(api|auth|access|account|primary|secondary|shared|signing|client|master|storage|subscription|instrumentation|admin|host|function|webhook|encryption|consumer|app)_?keys?(_(id_)?secret|_value|_data)?$/,
  /(^|_)(primary|secondary)_(\w+_)?(key|connection_string)$/,
  /(^|_)(access|auth|bearer|refresh|id|api|session|security|bot|oauth|personal_access|registration|sas|scim|git|github|gitlab|slack|webhook|client)?_?tokens?(_(value|secret|string))?$/,
  /(^|_)connection_?strings?$/,
  /(^|_)(credentials?|creds)(_(json|file|data|content))?$/,
  /(^|_)sas(_(url|token|key))?$/,
  /(^|_)(kube_?config|kube_admin_config)(_raw)?$/,
  /(^|_)bcrypt_hash$/,
  /(^|_)(cert(ificate)?_)?(key_)?(pfx|p12)_?(password|blob|data)?$/,
  /(^|_)client_(key|certificate_key|key_data)$/,
  /(^|_)(database|db|redis|mongo(db)?|postgres(ql)?|mysql|amqp|broker|dsn|jdbc)_?(url|uri|dsn)$/,
  /(^|_)dsn$/,
  /(^|_)(sk|pat|psk|pin|otp|totp_secret|seed|salt|hmac(_key)?|nonce_key|encryption_key|master_key|root_key)$/,
  /(^|_)(stripe|twilio|sendgrid|mailgun|datadog|dd|newrelic|sentry|slack|github|gitlab|npm|pypi|docker|openai|anthropic|aws|azure|gcp|google)_(sk|key|secret|token|api_key|password|pat|auth)$/,
];

/** Names that look secret-like but hold public or descriptive material. */
export const PUBLIC_NAME_PATTERNS: readonly RegExp[] = [
  /(^|_)public_?key/,
  /(^|_)key_?(name|id|arn|vault(_id|_uri|_url)?|version(_id)?|type|size|spec|usage|state|algorithm|rotation\w*|pair(_name)?|ring(_id)?|alias|source|format|expiration\w*|length)$/,
  /(^|_)kms_?(master_)?key(_(id|arn|name))?$/,
  /(^|_)(secret|token|password|key|credential)s?_(arn|id|name|version(_id)?|version_stage|versions|uri|url|ttl|expir\w*|lifetime\w*|duration\w*|rotation\w*|policy|length|enabled|required|reset_required|type|source|managed|count|hash_algorithm)$/,
  /(^|_)(password|secret|token)_(policy|reset\w*|last_used|last_changed|created\w*|updated\w*|age\w*)$/,
  /(^|_)(manage|generate|use|require|allow|enable|disable|create)_\w*(password|secret|token|key)\w*$/,
  /(^|_)(ssh_)?key_pair$/,
  /(^|_)(secret|token)_(provider|store|engine|mount|path|names?)$/,
  // EC2 instance metadata options: "optional" / "required" (IMDSv2), evidence, not a token.
  /(^|_)http_tokens$/,
];

/**
 * Values that name a secret or a key rather than hold one: ARNs (a KMS key's
 * `encryptionKey`), Azure resource ids and Key Vault object URIs, GCP
 * resource names. Kept under secret-like names: they are evidence (which key
 * encrypts this) and no secret.
 */
const REFERENCE_VALUE = /^(arn:aws[\w-]*:|\/subscriptions\/|projects\/[^/\s]+\/(locations|secrets|keyRings)\/|https:\/\/[\w-]+\.vault\.(azure\.net|usgovcloudapi\.net|azure\.cn)\/(keys|secrets|certificates)\/[\w-]+(\/[0-9a-f]{32})?\/?$|alias\/)/i;

/**
 * An App Service / Functions Key Vault reference in an app setting: it names
 * the secret, App Service resolves it at run time
 * (https://learn.microsoft.com/en-us/azure/app-service/app-service-key-vault-references).
 * Kept so evidence can tell a reference from a secret in plain text.
 */
const KEY_VAULT_REFERENCE =
  /^@Microsoft\.KeyVault\((SecretUri=https:\/\/[\w-]+\.vault\.(azure\.net|usgovcloudapi\.net|azure\.cn)\/secrets\/[\w-]+(\/[0-9a-f]{32})?\/?|VaultName=[\w-]+;\s?SecretName=[\w-]+(;\s?SecretVersion=[0-9a-f]{32})?)\)$/i;

export function isReferenceValue(value: unknown): boolean {
  return typeof value === "string" && value.length < 2048 && (REFERENCE_VALUE.test(value) || KEY_VAULT_REFERENCE.test(value));
}

/** Split camelCase and PascalCase into snake_case so one rule serves every naming style. */
export function normalizeName(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .replace(/[-.\s/:]+/g, "_")
    .toLowerCase();
}

const cache = new Map<string, boolean>();

/** True when a key name is one that holds a secret. */
export function isSecretName(name: string): boolean {
  let known = cache.get(name);
  if (known !== undefined) return known;
  const n = normalizeName(name);
  known = SECRET_NAME_PATTERNS.some((re) => re.test(n)) && !PUBLIC_NAME_PATTERNS.some((re) => re.test(n));
  if (cache.size < 50_000) cache.set(name, known);
  return known;
}

/** Keys that name an entry in a name/value pair, and the keys that hold its value (layer c). */
export const PAIR_NAME_KEYS: readonly string[] = ["name", "Name", "key", "Key", "ParameterKey", "OptionName", "parameterName", "ParameterName", "variable", "envName"];
export const PAIR_VALUE_KEYS: readonly string[] = ["value", "Value", "ParameterValue", "secureValue", "parameterValue", "text", "values"];

/** A pair whose `Type` says its value is secret whatever its name (SSM SecureString parameters). */
export const SECURE_PAIR_TYPES: readonly string[] = ["SecureString"];
