/**
 * Redaction layer (d): secrets recognised by what they look like, wherever
 * they sit (an environment map with an innocent name, a user-data script, a
 * JSON document stored as a string, a tag value). Each pattern is data: a
 * name (for counts and docs), what it matches, and how much it removes.
 *
 * Sources for the token formats:
 * - GitHub: https://github.blog/engineering/platform-security/behind-githubs-new-authentication-token-formats/
 * - Slack: https://api.slack.com/authentication/token-types
 * - Google API keys (AIza...): https://cloud.google.com/docs/authentication/api-keys
 * - AWS access key ids (AKIA/ASIA): https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids
 * - Stripe keys (sk_live_, rk_live_...): https://docs.stripe.com/keys
 * - GitLab personal access tokens (glpat-): https://docs.gitlab.com/ee/security/tokens/
 * - JWT (three base64url parts, header starting eyJ): RFC 7519
 * - bcrypt hashes ($2a$/$2b$/$2y$): a password hash is still a password to crack
 */
import { REDACTED } from "./marker.js";

export interface ValuePattern {
  name: string;
  /** Global regex of what to remove. */
  pattern: RegExp;
  /** "whole": the string is replaced entirely (a kubeconfig); "match": only the match; "group": group 2 (the value after a label). */
  scope: "whole" | "match" | "group";
}

const KEY_VALUE_NAMES =
  "password|passwd|pwd|passphrase|secret|client_secret|clientsecret|secret_access_key|aws_secret_access_key|token|access_token|auth_token|api_key|apikey|api-key|accountkey|account_key|sharedaccesskey|shared_access_key|sharedaccesssignature|private_key|x-api-key";

export const VALUE_PATTERNS: readonly ValuePattern[] = [
  { name: "pem-private-key", pattern: /-----BEGIN ((RSA|EC|DSA|OPENSSH|ENCRYPTED|PGP) )?PRIVATE KEY( BLOCK)?-----[\s\S]*?(-----END ((RSA|EC|DSA|OPENSSH|ENCRYPTED|PGP) )?PRIVATE KEY( BLOCK)?-----|$)/g, scope: "match" },
  { name: "kubeconfig-credentials", pattern: /^(?=[\s\S]*\b(clusters|users|contexts)\s*:)(?=[\s\S]*\b(client-key-data|token|password|client-key|auth-provider)\s*:)[\s\S]*$/g, scope: "whole" },
  // A Kubernetes Secret manifest in YAML (a `kubectl_manifest` body, a chart's rendered output): its data is base64 or plain text that no other pattern sees.
  { name: "kubernetes-secret-manifest", pattern: /^(?=[\s\S]*(?:^|\n)kind:[ \t]*["']?Secret["']?[ \t]*(?:\r?\n|$))(?=[\s\S]*(?:^|\n)(?:data|stringData):)[\s\S]*$/g, scope: "whole" },
  // Patterns start only where a run of their characters starts (lookbehind) and bound their runs:
  // a 1 MB string of letters must cost one pass, not one pass per position (quadratic).
  { name: "url-password", pattern: /(?<![a-z0-9+.-])([a-z][a-z0-9+.-]{0,31}:\/\/[^\s:/?#@"']{0,1024}:)(?!\[redacted\]@)([^\s@/"']{1,4096})(?=@)/gi, scope: "group" },
  { name: "key-value-secret", pattern: new RegExp(`((?:^|[\\s;,&?{("'])(?:${KEY_VALUE_NAMES})["']?\\s*[=:]\\s*)(?!["']?\\[redacted\\])(?!(?:true|false|null)\\b)(?![{[])("[^"\\n]+"|'[^'\\n]+'|[^\\s;,&"'}\\])]+)`, "gi"), scope: "group" },
  { name: "sas-signature", pattern: /([?&]sig=)(?!\[redacted\])([A-Za-z0-9%+/=]{16,})/g, scope: "group" },
  { name: "aws-access-key-id", pattern: /\b(AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/g, scope: "match" },
  { name: "github-token", pattern: /\b(gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b/g, scope: "match" },
  { name: "gitlab-token", pattern: /\bglpat-[A-Za-z0-9_-]{20,}\b/g, scope: "match" },
  { name: "slack-token", pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/g, scope: "match" },
  { name: "slack-webhook", pattern: /https:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9/]+/g, scope: "match" },
  { name: "google-api-key", pattern: /\bAIza[0-9A-Za-z_-]{35}\b/g, scope: "match" },
  { name: "stripe-key", pattern: /\b(sk|rk)_(live|test)_[0-9A-Za-z]{16,}\b/g, scope: "match" },
  { name: "npm-token", pattern: /\bnpm_[A-Za-z0-9]{36}\b/g, scope: "match" },
  { name: "jwt", pattern: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\b/g, scope: "match" },
  { name: "bcrypt-hash", pattern: /\$2[abxy]?\$\d{2}\$[./A-Za-z0-9]{53}/g, scope: "match" },
];

/**
 * One cheap test before the patterns: most strings (ids, names, regions,
 * ARNs) can match none of them. Each alternative is a necessary condition of
 * one pattern above (what every match of it must contain), so a string this
 * does not match cannot match any pattern, and skipping them is safe; test
 * "the trigger is a necessary condition" in test/inventory/redaction-speed.test.ts
 * keeps the two in step. Words alone ("key", "token", "pass") are not
 * enough: key-value-secret needs its name followed by `=` or `:`, so a KMS
 * key ARN or "Microsoft.KeyVault" no longer runs every pattern.
 */
export const TRIGGER = new RegExp(
  [
    "-----BEGIN", // pem-private-key
    "(?:clusters|users|contexts)\\s*:", // kubeconfig-credentials
    "kind:[ \\t]*[\"']?Secret", // kubernetes-secret-manifest
    // url-password: an "@" after the scheme with no space or "/" between (weaker than user:password@, and linear).
    ":\\/\\/[^\\s/@]*@",
    // key-value-secret: every name in KEY_VALUE_NAMES ends in one of these words.
    "(?:pass(?:word|wd|phrase)|pwd|secret|token|key|signature)[\"']?\\s*[=:]",
    "[?&]sig=", // sas-signature
    "(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}", // aws-access-key-id
    "gh[pousr]_|github_pat_", // github-token
    "glpat-", // gitlab-token
    "xox[abposr]-", // slack-token
    "hooks\\.slack\\.com", // slack-webhook
    "AIza", // google-api-key
    "[sr]k_(?:live|test)_", // stripe-key
    "npm_", // npm-token
    // jwt, starting where its run of characters starts (as the pattern does): one pass over a long run, not one per "eyJ" in it.
    "(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\\.eyJ",
    "\\$2[abxy]?\\$\\d\\d\\$", // bcrypt-hash
  ].join("|"),
  // Case-insensitive as a whole: that only makes the test match more strings than the patterns need.
  "i",
);

/** Counts of what was found, by pattern name. */
export type Findings = Record<string, number>;

/**
 * The string with every recognised secret replaced by the marker. `found`
 * (optional) counts what was replaced, by pattern name.
 */
export function redactValue(text: string, found?: Findings): string {
  if (text.length < 8 || !TRIGGER.test(text)) return text;
  let out = text;
  for (const { name, pattern, scope } of VALUE_PATTERNS) {
    pattern.lastIndex = 0;
    if (!pattern.test(out)) continue;
    pattern.lastIndex = 0;
    if (found) found[name] = (found[name] ?? 0) + 1;
    if (scope === "whole") return REDACTED;
    out = scope === "match" ? out.replace(pattern, REDACTED) : out.replace(pattern, (_m, label: string) => `${label}${REDACTED}`);
  }
  return out;
}

/** The names of the patterns that match somewhere in `text` (for checks of outputs: must be empty). */
export function findSecretPatterns(text: string): string[] {
  const names: string[] = [];
  if (!TRIGGER.test(text)) return names;
  for (const { name, pattern } of VALUE_PATTERNS) {
    pattern.lastIndex = 0;
    if (pattern.test(text)) names.push(name);
  }
  return names;
}
