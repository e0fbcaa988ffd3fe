/** Marker left where a secret was, so evidence can tell "set" from "absent" without the value. */
export const REDACTED = "[redacted]";
