/** The default age after which a finding is stale: a month-old scan says little about today. */
export const DEFAULT_STALE_AFTER_DAYS = 30;
