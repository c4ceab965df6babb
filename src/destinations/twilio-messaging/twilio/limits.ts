// Limits of the Messages API (twilio-facts.md).
export const LIMITS = {
  bodyLength: 1600,
  mediaUrls: 10,
  contentVariables: 100,
  contentVariableKeyLength: 16,
  validityPeriodMin: 1,
  validityPeriodMax: 14400,
  // Twilio's Message Scheduling window: at least 15 minutes (900 s) and at most 35 days ahead (35114, 35115).
  scheduleMinAheadMs: 15 * 60 * 1000,
  scheduleMaxAheadMs: 35 * 24 * 60 * 60 * 1000,
  tags: 10,
  tagLength: 128,
  pageSizeMax: 1000,
  contentAndApprovalsPageSizeMax: 500
} as const
