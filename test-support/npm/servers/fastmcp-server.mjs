// fastmcp 4.20.16 (npm) with two tools, for our tests: streamable HTTP on /mcp (stateful by
// default, as fastmcp ships; --stateless for its stateless mode) and legacy HTTP+SSE on /sse.
// Usage: node servers/fastmcp-server.mjs --port=N [--stateless]
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'node_modules');
const { FastMCP } = await import(path.join(root, 'fastmcp/dist/FastMCP.js'));
const { z } = await import(path.join(root, 'zod/index.js'));
const args = process.argv.slice(2);
const port = Number(args.find((a) => a.startsWith('--port='))?.split('=')[1] ?? process.env.PORT);
const stateless = args.includes('--stateless');

const server = new FastMCP({ name: 'crafted-fastmcp-fixture', version: '1.0.0' });
server.addTool({ name: 'echo', description: 'Echo back the text', parameters: z.object({ text: z.string() }),
  execute: async ({ text }) => text });
server.addTool({ name: 'lookup', description: 'Looks up a record by id', parameters: z.object({ id: z.string() }),
  execute: async ({ id }) => JSON.stringify({ id, status: 'shipped' }) });
server.addTool({ name: 'add', description: 'Add two numbers', parameters: z.object({ a: z.number(), b: z.number() }),
  execute: async ({ a, b }) => String(a + b) });
await server.start({ transportType: 'httpStream', httpStream: { port, host: '127.0.0.1', endpoint: '/mcp', stateless } });
console.log(`fastmcp (${stateless ? 'stateless' : 'stateful'}) on http://127.0.0.1:${port}/mcp`);
process.on('SIGTERM', async () => { await server.stop().catch(() => {}); process.exit(0); });
