import { Logger } from '@aws-lambda-powertools/logger';

/**
 * One logger per container. Log ids and counts only: never an email address, a name or a request body.
 * Keys that could carry contact data are masked in case one slips into a log call.
 */
export const logger = new Logger({
  jsonReplacerFn: (key: string, value: unknown) =>
    ['email', 'name', 'to', 'body', 'contactEmail', 'subjects'].includes(key) ? '[redacted]' : value,
});
