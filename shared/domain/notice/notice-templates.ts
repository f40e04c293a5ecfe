import { BREACH_NOTICE_TEMPLATES } from './breach-notice-template';
import { DISCLOSURE_NOTICE_TEMPLATES } from './disclosure-notice-template';
import { INTENT_NOTICE_TEMPLATES } from './intent-notice-template';
import type { NoticeTemplate } from './notice-template';

/** Every stored SES template the stack creates: disclosure, intent and breach notices, one of each per locale. */
export const NOTICE_TEMPLATES: readonly NoticeTemplate[] = [...DISCLOSURE_NOTICE_TEMPLATES, ...INTENT_NOTICE_TEMPLATES, ...BREACH_NOTICE_TEMPLATES];
