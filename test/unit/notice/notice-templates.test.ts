import { describe, expect, it } from 'vitest';
import { DISCLOSURE_NOTICE_TEMPLATES } from '../../../shared/domain/notice/disclosure-notice-template';
import { INTENT_NOTICE_TEMPLATES } from '../../../shared/domain/notice/intent-notice';
import { NOTICE_TEMPLATES } from '../../../shared/domain/notice/notice-templates';
import { held, merger, render, renderIntent, sale } from './fixtures';

describe('NOTICE_TEMPLATES', () => {
  it('holds every stored template once: disclosure and intent notices for each locale', () => {
    expect(NOTICE_TEMPLATES.map((t) => t.name).sort()).toEqual([
      'disclosure-intent-en',
      'disclosure-intent-nl',
      'disclosure-notice-en',
      'disclosure-notice-nl',
    ]);
    expect(NOTICE_TEMPLATES).toEqual([...DISCLOSURE_NOTICE_TEMPLATES, ...INTENT_NOTICE_TEMPLATES]);
  });

  it.each(NOTICE_TEMPLATES.map((t) => [t.name, t] as const))('%s renders for its locale with no placeholder left', (name, template) => {
    const samples = name.startsWith('disclosure-intent-')
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
