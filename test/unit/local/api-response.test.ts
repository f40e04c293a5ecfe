import { describe, expect, it } from 'vitest';
import { apiGatewayResponse } from '../../../scripts/local/http/api-response';

const text = (result: unknown) => {
  const response = apiGatewayResponse(result);
  return { ...response, body: response.body.toString('utf8') };
};

describe('apiGatewayResponse (payload format 2.0)', () => {
  it('passes a structured response through, lowercasing header names and setting cookies', () => {
    expect(
      text({ statusCode: 201, headers: { 'Content-Type': 'application/problem+json', 'X-Count': 3 }, cookies: ['a=1', 'b=2'], body: '{"ok":true}' }),
    ).toEqual({
      statusCode: 201,
      headers: { 'content-type': 'application/problem+json', 'x-count': '3', 'set-cookie': ['a=1', 'b=2'] },
      body: '{"ok":true}',
    });
  });

  it('decodes a base64 body and answers an empty body when there is none', () => {
    expect(apiGatewayResponse({ statusCode: 200, body: '/wAQ', isBase64Encoded: true }).body).toEqual(Buffer.from([0xff, 0x00, 0x10]));
    expect(text({ statusCode: 204 })).toEqual({ statusCode: 204, headers: {}, body: '' });
  });

  it('turns any other result into a 200 JSON response', () => {
    expect(text({ message: 'hi' })).toEqual({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"message":"hi"}' });
    expect(text('Hello from Lambda!').body).toBe('Hello from Lambda!');
    expect(text([1, 2]).body).toBe('[1,2]');
    expect(text(null).body).toBe('null');
  });

  it('answers 500 for a status code API Gateway cannot use', () => {
    expect(text({ statusCode: 'teapot' })).toMatchObject({ statusCode: 500, body: '{"message":"Internal Server Error"}' });
    expect(text({ statusCode: 700 }).statusCode).toBe(500);
  });
});
