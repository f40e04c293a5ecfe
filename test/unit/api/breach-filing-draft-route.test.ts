import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { keys } from '../../../shared/adapters/dynamo/keys';
import { apiEvent, lambdaContext } from '../../helpers/api-event';
import { BREACH_ID, aBreachReport } from '../../helpers/breach-fakes';

process.env.TABLE_NAME = 'table';
process.env.PLAN_QUEUE_URL = 'https://sqs.local/plan';
process.env.NOTIFY_QUEUE_URL = 'https://sqs.local/notify';
process.env.AUDIENCE_SHARDS = '16';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
process.env.LINK_SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:000000000000:secret:link';

const dynamo = mockClient(DynamoDBDocumentClient);
let handler: (event: any, context: any) => Promise<any>;

beforeAll(async () => {
  handler = (await import('../../../functions/api/handler')).handler as unknown as typeof handler;
});

const ROUTE = 'GET /v1/controllers/{controllerId}/breaches/{breachId}/filing-draft';
const HOSTILE = '<script>alert(1)</script> **lek**';

/** A breach of `controllerId` as its state item holds it, at a recipient the store knows by name. */
function storeBreach(controllerId: string) {
  dynamo.on(GetCommand, { Key: keys.breach(controllerId, BREACH_ID) }).resolves({
    Item: {
      ...keys.breach(controllerId, BREACH_ID),
      report: aBreachReport({ controllerId, description: HOSTILE, source: { type: 'recipient', recipientId: 'nordhealth' } }),
      filings: [],
      seq: 1,
    },
  });
  dynamo.on(GetCommand, { Key: keys.recipient(controllerId, 'nordhealth') }).resolves({
    Item: { controllerId, recipientId: 'nordhealth', name: 'Nordhealth Software GmbH', kind: 'processor', country: 'DE' },
  });
}

const call = (controllerId: string, query: Record<string, string> = {}, breachId = BREACH_ID) =>
  handler(
    { ...apiEvent({ routeKey: ROUTE, pathParameters: { controllerId, breachId }, controllers: [controllerId] }), queryStringParameters: query },
    lambdaContext,
  );

beforeEach(() => {
  dynamo.reset();
  dynamo.on(GetCommand).resolves({});
});

describe('GET .../breaches/{breachId}/filing-draft', () => {
  it("answers the AP draft as JSON by default, the breached recipient named, for a Dutch controller", async () => {
    // Prepare
    storeBreach('softmedex');

    // Act
    const response = await call('softmedex');

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.headers['Content-Type']).toBe('application/json');
    const draft = JSON.parse(response.body);
    expect(draft.authority).toEqual({ name: 'Autoriteit Persoonsgegevens', country: 'NL', website: 'https://autoriteitpersoonsgegevens.nl', form: 'AP meldformulier datalekken' });
    expect(draft.language).toBe('nl');
    expect(draft.art33Elements.a).toContain('summary');
    const source = draft.sections.flatMap((section: { fields: { id: string; value: string }[] }) => section.fields).find((field: { id: string }) => field.id === 'source');
    expect(source.value).toContain('Nordhealth Software GmbH');
  });

  it('answers Markdown and HTML documents, escaped, never cached, loading nothing', async () => {
    storeBreach('softmedex');

    const markdown = await call('softmedex', { format: 'markdown' });
    const html = await call('softmedex', { format: 'html' });

    expect(markdown.statusCode).toBe(200);
    expect(markdown.headers['Content-Type']).toBe('text/markdown; charset=utf-8');
    expect(markdown.body).toContain('# Concept voor het AP meldformulier datalekken');
    expect(markdown.body).toContain('\\<script\\>alert(1)\\</script\\> \\*\\*lek\\*\\*');
    expect(html.statusCode).toBe(200);
    expect(html.headers['Content-Type']).toBe('text/html; charset=utf-8');
    expect(html.body).not.toContain('<script>');
    expect(html.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    for (const response of [markdown, html]) {
      expect(response.headers['Cache-Control']).toBe('no-store');
      expect(response.headers['Content-Security-Policy']).toContain("default-src 'none'");
    }
  });

  it("answers the GBA form in Dutch by default and in French when asked, for a Belgian controller", async () => {
    storeBreach('dsoft');

    const dutch = JSON.parse((await call('dsoft')).body);
    const french = JSON.parse((await call('dsoft', { language: 'fr' })).body);

    expect(dutch.authority.form).toBe('GBA formulier melding gegevenslek');
    expect(french.authority).toMatchObject({ name: 'Autorité de protection des données', form: "formulaire de notification d'une fuite de données de l'APD" });
    expect(french.sections[0].title).toBe('Type de notification');
  });

  it('refuses French for the AP, and an unknown language or format, naming the field, before reading anything', async () => {
    for (const [query, field] of [
      [{ language: 'fr' }, 'language'],
      [{ language: 'en' }, 'language'],
      [{ format: 'pdf' }, 'format'],
    ] as const) {
      const response = await call('softmedex', query);
      expect(response.statusCode, JSON.stringify(query)).toBe(400);
      expect(response.headers['Content-Type']).toBe('application/problem+json');
      expect(JSON.parse(response.body).errors.map((error: { field: string }) => error.field)).toEqual([field]);
    }
    expect(JSON.parse((await call('softmedex', { language: 'fr' })).body).errors[0].message).toBe('the Autoriteit Persoonsgegevens takes filings in nl only');
    expect(dynamo.commandCalls(GetCommand)).toHaveLength(0);
  });

  it('answers 404 for an unknown breach and 403 for another controller', async () => {
    expect((await call('softmedex', {}, 'nobody')).statusCode).toBe(404);
    const other = await handler(apiEvent({ routeKey: ROUTE, pathParameters: { controllerId: 'dsoft', breachId: BREACH_ID }, controllers: ['softmedex'] }), lambdaContext);
    expect(other.statusCode).toBe(403);
  });
});
