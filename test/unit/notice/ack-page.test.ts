import { describe, expect, it } from 'vitest';
import type { DisclosedToRecipient, RecipientAnswer } from '../../../shared/domain/erasure/erasure-recipient';
import { LOCALES, type Locale } from '../../../shared/domain/locale';
import { renderAckPage, type AckPage } from '../../../shared/domain/notice/ack-page';
import { profile } from './fixtures';

const FORM_ACTION = '/a/tok_3f9a2c';
const disclosures: DisclosedToRecipient[] = [
  { disclosureId: 'd-1', kind: 'merger_acquisition', dataCategories: ['Name', 'Email address'], disclosedAt: '2026-11-22T23:30:00Z' },
  { disclosureId: 'd-2', kind: 'processor_handoff', dataCategories: ['Chat history'], disclosedAt: '2027-01-05T10:00:00Z' },
];
const refused: RecipientAnswer = { status: 'refused', reason: 'Invoices are kept for 7 years', answeredAt: '2027-03-12T14:30:00Z', via: 'link' };
const erased: RecipientAnswer = { status: 'erased', answeredAt: '2027-03-12T14:30:00Z', via: 'callback' };

const COPY: Record<Locale, { title: string; recorded: string; already: string; erased: string; refused: string; answeredOn: string; firstOn: string; kind: string }> = {
  nl: {
    title: 'Verzoek om persoonsgegevens te verwijderen',
    recorded: 'Bedankt, uw antwoord is vastgelegd',
    already: 'Dit verzoek is al beantwoord',
    erased: 'Wij hebben de gegevens verwijderd',
    refused: 'Wij weigeren de gegevens te verwijderen',
    answeredOn: '12 maart 2027 om 15:30',
    firstOn: '23 november 2026',
    kind: 'Overdracht bij een fusie of overname',
  },
  en: {
    title: 'Request to erase personal data',
    recorded: 'Thank you, your answer is recorded',
    already: 'This request has already been answered',
    erased: 'We erased the data',
    refused: 'We refuse to erase the data',
    answeredOn: '12 March 2027 at 15:30',
    firstOn: '23 November 2026',
    kind: 'Transfer as part of a merger or acquisition',
  },
};

const common = (locale: Locale, recipientName = 'Nordhealth Software GmbH') => ({ profile, locale, recipientName });
const pages = (locale: Locale): AckPage[] => [
  { state: 'form', ...common(locale), erasureId: '01KB0ERASURE0000000000000A', subjectReference: 'ann-4711', disclosures, formAction: FORM_ACTION },
  { state: 'recorded', ...common(locale), answer: refused },
  { state: 'already', ...common(locale), answer: erased },
];

describe.each(LOCALES)('renderAckPage (%s)', (locale) => {
  const c = COPY[locale];

  it('renders every state as a complete UTF-8 document in the recipient language, with no scripts or external resources', () => {
    for (const page of pages(locale)) {
      const html = renderAckPage(page);
      expect(html, page.state).toMatch(new RegExp(`^<!DOCTYPE html>\\n<html lang="${locale}">`));
      expect(html).toContain('<meta name="robots" content="noindex, nofollow">');
      expect(html).not.toMatch(/<script|<link|<img|<iframe|<style|\bsrc=|\bon[a-z]+=|https?:\/\//i);
      expect(html).toContain(`href="mailto:${profile.privacyEmail}"`);
    }
  });

  it('form: names the controller, the recipient, the subject by reference and what was shared, with one form of three answers and a reason', () => {
    const html = renderAckPage(pages(locale)[0]!);
    for (const value of [c.title, profile.legalName, 'Nordhealth Software GmbH', 'ann-4711', '01KB0ERASURE0000000000000A', c.kind, c.firstOn, 'Name, Email address', 'Chat history']) {
      expect(html).toContain(value);
    }
    expect(html.match(/<form\b/g)).toHaveLength(1);
    expect(html).toContain(`<form method="post" action="${FORM_ACTION}"`);
    expect([...html.matchAll(/<input type="radio" name="status" value="([a-z_]+)"/g)].map((match) => match[1])).toEqual(['erased', 'not_held', 'refused']);
    expect(html).toContain('<textarea id="reason" name="reason"');
    expect(html.match(/<button type="submit"/g)).toHaveLength(1);
    // Opening the link records nothing, so the page must not say it did.
    expect(html).not.toContain(c.recorded);
    expect(html).not.toContain('role="alert"');
  });

  it('form: says what was wrong with a submitted answer', () => {
    const [form] = pages(locale) as [Extract<AckPage, { state: 'form' }>];
    const noStatus = renderAckPage({ ...form, error: 'status' });
    const noReason = renderAckPage({ ...form, error: 'reason' });
    expect(noStatus).toContain(locale === 'nl' ? 'Kies een van de drie antwoorden.' : 'Please choose one of the three answers.');
    expect(noReason).toContain(locale === 'nl' ? 'Geef aan waarom u weigert' : 'Please say why you refuse');
    expect(noReason).toContain('<form method="post"');
  });

  it('recorded: thanks, and shows the answer, its reason and when it was recorded', () => {
    const html = renderAckPage(pages(locale)[1]!);
    for (const value of [c.recorded, c.refused, 'Invoices are kept for 7 years', c.answeredOn]) expect(html).toContain(value);
    expect(html).not.toMatch(/<form|<button/);
  });

  it('already: shows the first answer, that it stands, and whom to contact', () => {
    const html = renderAckPage(pages(locale)[2]!);
    for (const value of [c.already, c.erased, c.answeredOn]) expect(html).toContain(value);
    expect(html).not.toContain(c.refused);
    expect(html).not.toMatch(/<form|<button/);
  });

  it('escapes every value a legal team or a recipient typed', () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const form = renderAckPage({
      state: 'form',
      ...common(locale, `Acme ${hostile}`),
      erasureId: 'e-1',
      subjectReference: 'ann',
      disclosures: [{ ...disclosures[0]!, dataCategories: [hostile] }],
      formAction: FORM_ACTION,
    });
    const recorded = renderAckPage({ state: 'recorded', ...common(locale), answer: { ...refused, reason: `Because ${hostile}` } });
    for (const html of [form, recorded]) {
      expect(html).not.toContain('<img');
      expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    }
  });
});

describe('renderAckPage', () => {
  it('invalid: bilingual, as the language is not known', () => {
    const html = renderAckPage({ state: 'invalid' });
    expect(html).toContain('Deze link is ongeldig of verlopen');
    expect(html).toContain('This link is invalid or has expired');
    expect(html).not.toMatch(/<form/);
  });

  it('refuses a form action that could run script', () => {
    const [form] = pages('en') as [Extract<AckPage, { state: 'form' }>];
    expect(() => renderAckPage({ ...form, formAction: 'javascript:alert(1)' })).toThrow(RangeError);
  });
});
