/** The intent notice (mode `before`) in one import: its stored templates and the data that fills them. */
export {
  intentNoticeData,
  subjectIntentData,
  type IntentNoticeData,
  type IntentNoticeValues,
  type SubjectIntentData,
} from './intent-notice-data';
export { INTENT_NOTICE_TEMPLATES, intentNoticeTemplateName } from './intent-notice-template';
