// JSON-RPC 2.0 over HTTP on the loopback interface only: single and batch requests,
// notifications (no id) get no response, keep-alive connections, GET /health as Agave serves it.

import http from 'node:http';
import { INTERNAL_ERROR, INVALID_REQUEST, METHOD_NOT_FOUND, PARSE_ERROR, RpcError } from './errors.js';
import { stringify } from './json.js';

const HOST = '127.0.0.1';
const MAX_BODY = 64 * 1024 * 1024; // cheatcodes may carry whole program images as hex

export function createServer(methods, { logRequests = false, log = () => {} } = {}) {
  const handleOne = (req) => {
    if (req === null || typeof req !== 'object' || Array.isArray(req) || req.jsonrpc !== '2.0' || typeof req.method !== 'string') {
      return { jsonrpc: '2.0', error: { code: INVALID_REQUEST, message: 'Invalid request' }, id: validId(req) };
    }
    const isNotification = !('id' in req);
    const method = Object.hasOwn(methods, req.method) ? methods[req.method] : undefined;
    let response;
    if (method === undefined) {
      response = { jsonrpc: '2.0', error: { code: METHOD_NOT_FOUND, message: 'Method not found' }, id: validId(req) };
    } else {
      try {
        if (logRequests) log(`rpc ${req.method} ${JSON.stringify(req.params ?? [], abbreviate)}`);
        response = { jsonrpc: '2.0', result: method(req.params), id: validId(req) };
      } catch (e) {
        if (!(e instanceof RpcError)) log(`internal error in ${req.method}: ${e.stack ?? e}`);
        const error = e instanceof RpcError ? e.toJSON() : { code: INTERNAL_ERROR, message: `Internal error: ${e.message}` };
        response = { jsonrpc: '2.0', error, id: validId(req) };
      }
    }
    return isNotification ? undefined : response;
  };

  const handleBody = (text) => {
    let parsed;
    try {
      parsed = JSON.parse(text);
    } catch {
      return stringify({ jsonrpc: '2.0', error: { code: PARSE_ERROR, message: 'Parse error' }, id: null });
    }
    if (Array.isArray(parsed)) {
      if (parsed.length === 0) return stringify({ jsonrpc: '2.0', error: { code: INVALID_REQUEST, message: 'Invalid request' }, id: null });
      const out = [];
      for (const req of parsed) {
        const r = handleOne(req);
        if (r !== undefined) out.push(r);
      }
      return out.length === 0 ? '' : stringify(out);
    }
    const r = handleOne(parsed);
    return r === undefined ? '' : stringify(r);
  };

  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/health') {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('ok');
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405, { Allow: 'POST', 'Content-Type': 'text/plain' });
      res.end('Used HTTP Method is not allowed. POST or OPTIONS is required');
      return;
    }
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        res.writeHead(413, { 'Content-Type': 'text/plain', Connection: 'close' });
        res.end('Request body too large');
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (res.writableEnded) return;
      const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
      const out = handleBody(body.toString('utf8'));
      if (out === '') {
        res.writeHead(204);
        res.end();
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(out) });
      res.end(out);
    });
  });
  // Clients keep connections open between calls (fuzzers issue thousands per second).
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 125_000;
  server.requestTimeout = 0;
  return {
    server,
    listen(port) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, HOST, () => {
          server.off('error', reject);
          resolve(server.address().port);
        });
      });
    },
  };
}

// Long strings (encoded transactions, account data) are cut in request logs.
function abbreviate(key, value) {
  return typeof value === 'string' && value.length > 64 ? `${value.slice(0, 24)}...(${value.length} chars)` : value;
}

function validId(req) {
  if (req === null || typeof req !== 'object') return null;
  const { id } = req;
  return typeof id === 'number' || typeof id === 'string' ? id : null;
}
