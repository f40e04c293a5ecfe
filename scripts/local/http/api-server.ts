import { randomUUID } from 'node:crypto';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JSONWebKeySet } from 'jose';
import type { InvocationOutcome } from '../lambda/lambda-container';
import type { Log } from '../log';
import type { HttpApi, HttpRoute } from '../template/http-api';
import { type IncomingApiRequest, buildApiEvent } from './api-event';
import { type HttpResponse, INTERNAL_SERVER_ERROR, apiGatewayResponse, jsonMessage } from './api-response';
import { isPreflight, preflightHeaders, responseCorsHeaders } from './cors';
import { authorizeJwt } from './jwt-authorizer';
import { createRouteMatcher } from './route-matcher';

export interface ApiServerOptions {
  port: number;
  api: HttpApi;
  /** The keys the JWT authorizer checks signatures with (the local issuer's). */
  jwks: JSONWebKeySet;
  invoke(functionLogicalId: string, event: unknown): Promise<InvocationOutcome>;
  log: Log;
}

export interface ApiServer {
  url: string;
  stop(): Promise<void>;
}

/** HTTP API payloads are limited to 10 MB. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** The HTTP API on a local port: routes, JWT authorizer, CORS and the Lambda proxy integration. */
export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const handle = apiRequestHandler(options);
  const server = createServer((req, res) => {
    handle(req, res).catch(() => send(res, INTERNAL_SERVER_ERROR, randomUUID()));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function apiRequestHandler({ api, jwks, invoke, log }: ApiServerOptions) {
  const match = createRouteMatcher(api.routes);

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const requestId = randomUUID();
    const request = await readRequest(req);
    const respond = (response: HttpResponse, what: string) => {
      const cors = api.cors ? responseCorsHeaders(api.cors, request.headers.origin?.[0]) : {};
      send(res, { ...response, headers: { ...response.headers, ...cors } }, requestId);
      // Route keys, not paths: a path can carry identifiers, and these logs hold no personal data.
      log(`${what} -> ${response.statusCode} (${Date.now() - started} ms)`);
    };

    if (request.body.length > MAX_BODY_BYTES) {
      return respond(jsonMessage(413, 'Request Entity Too Large'), `${request.method} (body too large)`);
    }
    if (api.cors && isPreflight(request.method, request.headers)) {
      const preflight = { statusCode: 204, headers: preflightHeaders(api.cors, request.headers), body: Buffer.alloc(0) };
      return respond(preflight, 'OPTIONS (CORS preflight)');
    }
    const matched = match(request.method, request.url.split('?')[0]!);
    if (!matched) return respond(jsonMessage(404, 'Not Found'), `${request.method} (no route)`);
    const route: HttpRoute = matched.route;

    let jwt: { claims: Record<string, string>; scopes: string[] | null } | undefined;
    if (route.authorization.type === 'JWT') {
      const decision = await authorizeJwt(request.headers.authorization?.[0], route.authorization, jwks);
      if (decision.effect === 'unauthorized') return respond(jsonMessage(401, 'Unauthorized'), route.routeKey);
      if (decision.effect === 'forbidden') return respond(jsonMessage(403, 'Forbidden'), route.routeKey);
      jwt = { claims: decision.claims, scopes: decision.scopes };
    }

    const event = buildApiEvent({ request, routeKey: route.routeKey, pathParameters: matched.pathParameters, requestId, jwt });
    const outcome = await invoke(route.functionLogicalId, event);
    if (!outcome.ok) {
      log(`${route.routeKey}: function failed with ${outcome.error.errorType} (request ${outcome.requestId})`);
      return respond(INTERNAL_SERVER_ERROR, route.routeKey);
    }
    respond(apiGatewayResponse(outcome.result), route.routeKey);
  };
}

async function readRequest(req: IncomingMessage): Promise<IncomingApiRequest> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    // Past the limit the rest is drained, not kept; the size alone decides the 413.
    if (size <= MAX_BODY_BYTES + 1) chunks.push(chunk);
  }
  return {
    method: req.method ?? 'GET',
    url: req.url ?? '/',
    headers: req.headersDistinct,
    body: Buffer.concat(chunks),
    sourceIp: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
    port: req.socket.localPort ?? 0,
  };
}

function send(res: ServerResponse, response: HttpResponse, requestId: string): void {
  if (res.headersSent) return;
  res.writeHead(response.statusCode, { ...response.headers, 'apigw-requestid': requestId, 'content-length': response.body.length });
  res.end(response.body);
}
