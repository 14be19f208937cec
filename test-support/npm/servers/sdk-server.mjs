// An MCP server on the TypeScript SDK v2 (@modelcontextprotocol/server 2.4.0), which speaks
// protocol 2026-07-28 natively, for our tests. Two ways to serve it:
//   --mode=mcp-handler (default): through mcp-handler 2.4.0 (Vercel's adapter), as its users deploy it;
//   --mode=sdk: through the SDK's own createMcpHandler, which can push notifications/tools/list_changed
//               to subscriptions/listen streams (mcp-handler does not expose that hook).
// --legacy=reject (sdk mode) refuses 2025 clients; by default they are served statelessly.
// Both are Fetch-API handlers: a small adapter runs them on node:http, on 127.0.0.1:--port.
// Usage: node servers/sdk-server.mjs --port=N [--mode=mcp-handler|sdk] [--legacy=stateless|reject]
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'node_modules');
const flags = Object.fromEntries(process.argv.slice(2).map((a) => {
  const m = a.match(/^--([^=]+)(?:=(.*))?$/);
  return m ? [m[1], m[2] ?? 'true'] : [a, 'true'];
}));
const port = Number(flags.port ?? process.env.PORT);
const mode = flags.mode ?? 'mcp-handler';

const sdk = await import(path.join(root, '@modelcontextprotocol/server/dist/index.mjs'));
const { z } = await import(path.join(root, 'zod/index.js'));
const serverInfo = { name: 'crafted-sdk-fixture', version: '1.0.0' };
// Tools added at runtime by add_tool: every request builds a new McpServer, so they live here.
const added = new Map();
let announceChange = () => {};

function registerTools(server) {
  server.registerTool('echo', { description: 'Echo back the text', inputSchema: z.object({ text: z.string() }) },
    async ({ text }) => ({ content: [{ type: 'text', text }] }));
  server.registerTool('lookup', { description: 'Looks up a record by id', inputSchema: z.object({ id: z.string() }) },
    async ({ id }) => ({ content: [{ type: 'text', text: JSON.stringify({ id, status: 'shipped' }) }] }));
  server.registerTool('add', { description: 'Add two numbers', inputSchema: z.object({ a: z.number(), b: z.number() }) },
    async ({ a, b }) => ({ content: [{ type: 'text', text: String(a + b) }], structuredContent: { sum: a + b } }));
  // region travels as the Mcp-Param-Region header too (SEP-2243); the server checks they agree.
  server.registerTool('forecast', {
    description: 'Weather forecast for a region',
    inputSchema: z.object({ region: z.string().meta({ 'x-mcp-header': 'Region' }), days: z.number().int().optional() }),
  }, async ({ region, days }) => ({ content: [{ type: 'text', text: `sunny in ${region} for ${days ?? 1} day(s)` }] }));
  // Needs the user's confirmation: answers input_required with an elicitation request.
  const confirmation = z.object({ confirm: z.boolean() });
  server.registerTool('deploy', { description: 'Deploys after the user confirms', inputSchema: z.object({ target: z.string() }) },
    async ({ target }, ctx) => {
      const answer = sdk.acceptedContent(ctx.mcpReq.inputResponses, 'confirm', confirmation);
      if (answer === undefined) {
        return sdk.inputRequired({
          inputRequests: { confirm: sdk.inputRequired.elicit({ message: `Really deploy to ${target}?`, requestedSchema: confirmation }) },
          requestState: `pending:${target}`,
        });
      }
      return { content: [{ type: 'text', text: answer.confirm ? `deployed to ${target}` : 'cancelled' }] };
    });
  server.registerTool('add_tool', { description: 'Adds a tool and announces tools/list_changed', inputSchema: z.object({ name: z.string() }) },
    async ({ name }) => {
      added.set(name, `Added at runtime: ${name}`);
      announceChange();
      return { content: [{ type: 'text', text: `added ${name}` }] };
    });
  for (const [name, description] of added) {
    server.registerTool(name, { description, inputSchema: z.object({}) }, async () => ({ content: [{ type: 'text', text: name }] }));
  }
}

const options = {
  capabilities: { tools: { listChanged: true } },
  cacheHints: { 'tools/list': { ttlMs: 120000, cacheScope: 'public' }, 'server/discover': { ttlMs: 300000, cacheScope: 'public' } },
};

let handle;
if (mode === 'sdk') {
  const handler = sdk.createMcpHandler(() => {
    const server = new sdk.McpServer(serverInfo, options);
    registerTools(server);
    return server;
  }, { legacy: flags.legacy ?? 'stateless' });
  announceChange = () => handler.notify.toolsChanged();
  handle = (request) => handler.fetch(request);
} else {
  const { createMcpHandler } = await import(path.join(root, 'mcp-handler/dist/index.mjs'));
  handle = createMcpHandler((server) => registerTools(server), { ...options, serverInfo });
}

async function toRequest(req) {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    for (const v of [].concat(value)) headers.append(name, v);
  }
  const aborted = new AbortController();
  req.socket.once('close', () => aborted.abort());
  let body;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    body = Buffer.concat(chunks);
  }
  return new Request(`http://${req.headers.host}${req.url}`, { method: req.method, headers, body, signal: aborted.signal, duplex: 'half' });
}

async function send(res, response) {
  const headers = {};
  response.headers.forEach((value, name) => { headers[name] = value; });
  res.writeHead(response.status, headers);
  if (!response.body) return res.end();
  const reader = response.body.getReader();
  res.on('close', () => reader.cancel().catch(() => {}));
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      res.write(value);
    }
  } catch { /* the client went away */ }
  res.end();
}

http.createServer(async (req, res) => {
  try {
    await send(res, await handle(await toRequest(req)));
  } catch (e) {
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
    res.end(String(e));
  }
}).listen(port, '127.0.0.1', () => console.log(`sdk-server (${mode}) on http://127.0.0.1:${port}/mcp`));
process.on('SIGTERM', () => process.exit(0));
