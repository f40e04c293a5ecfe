import { describe, expect, it } from 'vitest';
import { breachNoticeData, subjectBreachNoticeData } from '../../../shared/domain/notice/breach-notice-data';
import { BREACH_NOTICE_TEMPLATES } from '../../../shared/domain/notice/breach-notice-template';
import { DISCLOSURE_NOTICE_TEMPLATES } from '../../../shared/domain/notice/disclosure-notice-template';
import { INTENT_NOTICE_TEMPLATES } from '../../../shared/domain/notice/intent-notice';
import { NOTICE_TEMPLATES } from '../../../shared/domain/notice/notice-templates';
import type { NoticeTemplate } from '../../../shared/domain/notice/notice-template';
import { aStoredBreach } from '../../helpers/breach-fakes';
import { held, merger, profile, render, renderIntent, renderWith, sale } from './fixtures';

const WORDS = { nature: 'Een laptop is gestolen.', consequences: 'Phishing.', measures: 'Gewist op afstand.', advice: 'Let op vreemde e-mails.' };

/** A breach notice for a breach at the controller, greeting by name or not. */
function renderBreach(template: NoticeTemplate, name?: string) {
  const data = breachNoticeData({ profile, breach: aStoredBreach(), words: WORDS, locale: template.locale, namesRecipient: false });
  return renderWith(template, { ...data, ...subjectBreachNoticeData({ name }, template.locale) });
}

describe('NOTICE_TEMPLATES', () => {
  it('holds every stored template once: disclosure, intent and breach notices for each locale', () => {
    expect(NOTICE_TEMPLATES.map((t) => t.name).sort()).toEqual([
      'breach-notice-en',
      'breach-notice-nl',
      'disclosure-intent-en',
      'disclosure-intent-nl',
      'disclosure-notice-en',
      'disclosure-notice-nl',
    ]);
    expect(NOTICE_TEMPLATES).toEqual([...DISCLOSURE_NOTICE_TEMPLATES, ...INTENT_NOTICE_TEMPLATES, ...BREACH_NOTICE_TEMPLATES]);
  });

  it.each(NOTICE_TEMPLATES.map((t) => [t.name, t] as const))('%s renders for its locale with no placeholder left', (name, template) => {
    const samples = name.startsWith('breach-notice-')
      ? [renderBreach(template, 'Jan'), renderBreach(template)]
      : name.startsWith('disclosure-intent-')
        ? [renderIntent(template, { disclosure: sale, name: 'Jan' }), renderIntent(template, { disclosure: { ...sale, reference: undefined } })]
        : [render(template, { disclosure: merger, name: 'Jan' }), render(template, { disclosure: held })];
    for (const { subject, text, html } of samples) {
      for (const out of [subject, text, html]) {
        expect(out.trim()).not.toBe('');
        expect(out).not.toMatch(/\{\{|\}\}/);
      }
      expect(html).toContain(`<html lang="${template.locale}">`);
    }
  });
});
