import { describe, expect, it } from 'vitest';
import { createResolver } from '../../../scripts/local/template/intrinsics';
import { localReferences } from '../../../scripts/local/template/local-names';
import { account, endpoints, fragment } from './template-fragment';

const resolve = createResolver(fragment, account, localReferences(fragment, account, endpoints));

describe('template resolution into local names', () => {
  it('gives a table its logical id as name and a local ARN', () => {
    expect(resolve({ Ref: 'Table' })).toBe('Table');
    expect(resolve({ 'Fn::GetAtt': ['Table', 'Arn'] })).toBe('arn:aws:dynamodb:eu-west-1:000000000000:table/Table');
  });

  it('gives a queue its local URL, ARN and name', () => {
    expect(resolve({ Ref: 'PlanQueue' })).toBe('http://127.0.0.1:4566/000000000000/PlanQueue');
    expect(resolve({ 'Fn::GetAtt': ['PlanQueue', 'Arn'] })).toBe('arn:aws:sqs:eu-west-1:000000000000:PlanQueue');
    expect(resolve({ 'Fn::GetAtt': 'PlanQueue.QueueName' })).toBe('PlanQueue');
  });

  it('resolves a function ARN, the route target join and the configuration set name', () => {
    expect(resolve({ 'Fn::GetAtt': ['PlannerFunction', 'Arn'] })).toBe('arn:aws:lambda:eu-west-1:000000000000:function:PlannerFunction');
    expect(resolve({ 'Fn::Join': ['', ['integrations/', { Ref: 'Integration' }]] })).toBe('integrations/Integration');
    expect(resolve({ Ref: 'ConfigurationSet' })).toBe('ConfigurationSet');
  });

  it('replaces the Cognito issuer and app clients with the local issuer and audience', () => {
    expect(resolve({ 'Fn::GetAtt': ['UserPool', 'ProviderURL'] })).toBe('https://issuer.local');
    expect(resolve([{ Ref: 'UserPoolClient' }])).toEqual(['local-client']);
  });

  it('resolves the HTTP API endpoint, as CDK joins `httpApi.apiEndpoint`, to the local API server', () => {
    const apiEndpoint = {
      'Fn::Join': ['', ['https://', { Ref: 'Api' }, '.execute-api.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }]],
    };
    expect(resolve(apiEndpoint)).toBe('http://127.0.0.1:3000');
    expect(resolve({ 'Fn::Join': ['', [apiEndpoint, '/o/']] })).toBe('http://127.0.0.1:3000/o/');
    expect(resolve({ 'Fn::Sub': 'https://${Api}.execute-api.${AWS::Region}.${AWS::URLSuffix}/v1' })).toBe('http://127.0.0.1:3000/v1');
    expect(resolve({ 'Fn::GetAtt': ['Api', 'ApiEndpoint'] })).toBe('http://127.0.0.1:3000');
    // `httpApi.url` in a stack with an explicit region: the region is a literal.
    expect(resolve({ 'Fn::Join': ['', ['https://', { Ref: 'Api' }, '.execute-api.us-east-1.', { Ref: 'AWS::URLSuffix' }, '/']] })).toBe(
      'http://127.0.0.1:3000/',
    );
    // The API's id alone, other APIs' hosts and hosts that only start like the API's stay as they are.
    expect(resolve({ Ref: 'Api' })).toBe('Api');
    expect(resolve({ 'Fn::Sub': 'https://${Api}x.execute-api.${AWS::Region}.${AWS::URLSuffix}' })).toBe('https://Apix.execute-api.eu-west-1.amazonaws.com');
    expect(resolve({ 'Fn::Sub': 'https://${Api}.execute-api.${AWS::Region}.${AWS::URLSuffix}.example' })).toBe(
      'https://Api.execute-api.eu-west-1.amazonaws.com.example',
    );
  });

  it('gives a secret its local ARN, with a six-character suffix, for Ref and GetAtt Id', () => {
    const arn = resolve({ Ref: 'LinkSecret' });
    expect(arn).toMatch(/^arn:aws:secretsmanager:eu-west-1:000000000000:secret:LinkSecret-[A-Za-z0-9]{6}$/);
    expect(resolve({ 'Fn::GetAtt': ['LinkSecret', 'Id'] })).toBe(arn);
  });

  it('substitutes pseudo parameters, attributes, variables and escaped literals in Fn::Sub', () => {
    expect(resolve({ 'Fn::Sub': '${AWS::Region}/${PlanQueue.QueueName}/${!Literal}' })).toBe('eu-west-1/PlanQueue/${Literal}');
    expect(resolve({ 'Fn::Sub': ['${Name}-${AWS::AccountId}', { Name: { Ref: 'Table' } }] })).toBe('Table-000000000000');
  });

  it('evaluates conditions and drops AWS::NoValue', () => {
    expect(resolve({ 'Fn::If': ['InEurope', 'eu', 'elsewhere'] })).toBe('eu');
    expect(resolve({ kept: 1, dropped: { 'Fn::If': ['NotInEurope', 'x', { Ref: 'AWS::NoValue' }] } })).toEqual({ kept: 1 });
    expect(resolve([1, { Ref: 'AWS::NoValue' }, 2])).toEqual([1, 2]);
  });

  it('reads parameter defaults and Select/Split', () => {
    expect(resolve({ Ref: 'BootstrapVersion' })).toBe('/cdk-bootstrap/hnb659fds/version');
    expect(resolve({ 'Fn::Select': [1, { 'Fn::Split': ['/', 'a/b/c'] }] })).toBe('b');
  });

  it('keeps a plain property named Condition and refuses intrinsics it cannot emulate', () => {
    const statement = { Condition: { Bool: { 'aws:SecureTransport': 'false' } } };
    expect(resolve(statement)).toEqual(statement);
    expect(() => resolve({ 'Fn::ImportValue': 'shared-vpc' })).toThrow(/Fn::ImportValue is not supported/);
    expect(() => resolve({ Ref: 'Missing' })).toThrow(/no resource Missing/);
  });
});
