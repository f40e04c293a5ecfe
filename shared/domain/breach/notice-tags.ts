/**
 * SES message tags of a subject's breach notice: ids only (never an address), handed back with each event of the
 * message, so a bounce finds its notice. Tag values take ASCII letters, digits, `_` and `-` only, while our ids may
 * hold `.` and `:`: such an id goes as `_` and its base64url (an id never starts with `_`), any other as it is.
 */
export interface BreachNoticeTagIds {
  controllerId: string;
  breachId: string;
  subjectId: string;
}

const TAG_SAFE = /^[A-Za-z0-9-]+$/;

export function tagValue(id: string): string {
  return TAG_SAFE.test(id) ? id : `_${Buffer.from(id, 'utf8').toString('base64url')}`;
}

export function idFromTag(value: string): string {
  return value.startsWith('_') ? Buffer.from(value.slice(1), 'base64url').toString('utf8') : value;
}

/** The tags of the whole chunk's message (the controller and the breach): SES's defaults for its entries. */
export function breachNoticeTags({ controllerId, breachId }: Omit<BreachNoticeTagIds, 'subjectId'>): Record<string, string> {
  return { controllerId: tagValue(controllerId), breachId: tagValue(breachId) };
}

export function subjectTag(subjectId: string): Record<string, string> {
  return { subjectId: tagValue(subjectId) };
}

/**
 * The tags of one subject's entry: all three ids, as SES may not merge the defaults into an entry that carries
 * its own tags, and a bounce missing one would find no notice.
 */
export function breachNoticeEntryTags(ids: BreachNoticeTagIds): Record<keyof BreachNoticeTagIds, string> {
  return { controllerId: tagValue(ids.controllerId), breachId: tagValue(ids.breachId), subjectId: tagValue(ids.subjectId) };
}
