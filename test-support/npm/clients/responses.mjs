// Scenarios of OpenAI's Responses API clients against the gateway's /v1/responses, each as its docs
// show with only a base URL and a key: the official openai SDK (responses.create, streamed and not,
// and responses.stream), the Vercel AI SDK's default model (openai(model) is the Responses model)
// and the OpenAI Agents SDK with its default model class. Prints one JSON object. Run with
// GATEWAY_URL (ending in /v1) and API_KEY. The model obeys "call <tool>" (ObedientModel).
import OpenAI from 'openai';
import { generateText, streamText, tool, isStepCount } from 'ai';
import { createOpenAI } from '@ai-sdk/openai';
import { Agent, run, tool as agentTool, setDefaultOpenAIClient, setTracingDisabled } from '@openai/agents';
import { z } from 'zod';

const baseURL = process.env.GATEWAY_URL;
const apiKey = process.env.API_KEY;
const MODEL = 'scripted-model';
const error = (e) => ({ name: e?.name ?? null, status: e?.status ?? e?.statusCode ?? null, message: e?.message ?? String(e),
  code: e?.code ?? e?.error?.code ?? e?.data?.error?.code ?? null });
const types = (output) => (output ?? []).map((item) => item.type);

const results = {};
const scenario = async (name, body) => {
  try {
    results[name] = await body();
  } catch (e) {
    results[name] = { error: error(e), stack: String(e?.stack ?? '').split('\n').slice(0, 4).join(' | ') };
  }
};

// The official SDK.
const client = new OpenAI({ baseURL, apiKey, maxRetries: 0 });
await scenario('sdkPlain', async () => {
  const r = await client.responses.create({ model: MODEL, input: 'hello' });
  return { text: r.output_text, types: types(r.output), usage: r.usage, status: r.status };
});
await scenario('sdkLoop', async () => {
  const r = await client.responses.create({ model: MODEL, input: 'call fix__lookup' });
  const call = r.output.find((item) => item.type === 'mcp_call');
  return { text: r.output_text, types: types(r.output), call: { server: call?.server_label, name: call?.name, output: call?.output } };
});
await scenario('sdkStream', async () => {
  const stream = await client.responses.create({ model: MODEL, input: 'call fix__lookup', stream: true });
  const events = [];
  let text = '';
  let final = null;
  for await (const event of stream) {
    events.push(event.type);
    if (event.type === 'response.output_text.delta') text += event.delta;
    if (event.type === 'response.completed') final = event.response;
  }
  return { text, events: [...new Set(events)], types: types(final?.output), usage: final?.usage ?? null };
});
await scenario('sdkStreamHelper', async () => {
  const stream = client.responses.stream({ model: MODEL, input: 'call fix__lookup' });
  const final = await stream.finalResponse();
  return { text: final.output_text, types: types(final.output) };
});
await scenario('sdkFunctionTool', async () => {
  const tools = [{ type: 'function', name: 'local_echo', description: 'Echoes an id', strict: false,
    parameters: { type: 'object', properties: { id: { type: 'string' } } } }];
  const first = await client.responses.create({ model: MODEL, input: 'call local_echo', tools });
  const call = first.output.find((item) => item.type === 'function_call');
  const second = await client.responses.create({ model: MODEL, previous_response_id: first.id, tools,
    input: [{ type: 'function_call_output', call_id: call.call_id, output: `echo ${JSON.parse(call.arguments).id}` }] });
  return { call: call?.name, text: second.output_text };
});

// The Vercel AI SDK: openai(model) is the Responses model.
const provider = createOpenAI({ baseURL, apiKey });
const model = provider(MODEL);
await scenario('aiPlain', async () => {
  const r = await generateText({ model, prompt: 'hello', maxRetries: 0 });
  return { text: r.text, usage: r.usage };
});
await scenario('aiLoop', async () => {
  const r = await generateText({ model, prompt: 'call fix__lookup', maxRetries: 0 });
  return { text: r.text, parts: r.content.map((part) => part.type + (part.toolName ? ':' + part.toolName : '')) };
});
await scenario('aiStream', async () => {
  const r = streamText({ model, prompt: 'call fix__lookup', maxRetries: 0, onError: () => {} });
  let text = '';
  const parts = [];
  for await (const part of r.fullStream) {
    if (part.type === 'text-delta') text += part.text;
    if (part.type === 'error') parts.push('error:' + (part.error?.message ?? JSON.stringify(part.error)));
    else parts.push(part.type);
  }
  return { text, parts: [...new Set(parts)], usage: await r.usage };
});
await scenario('aiClientTool', async () => {
  const r = await generateText({ model, prompt: 'call local_echo', maxRetries: 0, stopWhen: isStepCount(3),
    tools: { local_echo: tool({ description: 'Echoes an id', inputSchema: z.object({ id: z.string() }),
      execute: async ({ id }) => `echo ${id}` }) } });
  return { text: r.text, steps: r.steps.length };
});

// The Agents SDK with its default model class (OpenAIResponsesModel).
setTracingDisabled(true);
setDefaultOpenAIClient(new OpenAI({ baseURL, apiKey, maxRetries: 0 }));
await scenario('agentLoop', async () => {
  const agent = new Agent({ name: 'Assistant', instructions: 'Be brief.', model: MODEL });
  const r = await run(agent, 'call fix__lookup');
  return { text: r.finalOutput, items: r.newItems.map((item) => item.type + (item.rawItem?.name ? ':' + item.rawItem.name : '')),
    usage: r.state?.usage ?? null };
});
await scenario('agentFunctionTool', async () => {
  const agent = new Agent({ name: 'Assistant', model: MODEL, tools: [agentTool({ name: 'local_echo', description: 'Echoes an id',
    parameters: z.object({ id: z.string() }), execute: async ({ id }) => `echo ${id}` })] });
  const r = await run(agent, 'call local_echo');
  return { text: r.finalOutput, items: r.newItems.map((item) => item.type) };
});
await scenario('agentStream', async () => {
  const agent = new Agent({ name: 'Assistant', model: MODEL });
  const r = await run(agent, 'call fix__lookup', { stream: true });
  let text = '';
  for await (const piece of r.toTextStream()) text += piece;
  await r.completed;
  return { text, finalOutput: r.finalOutput };
});
await scenario('agentContinued', async () => {
  // A second turn on the first's history: the Agents SDK sends the MCP call back without its output.
  const agent = new Agent({ name: 'Assistant', model: MODEL });
  const first = await run(agent, 'call fix__lookup');
  const second = await run(agent, first.history.concat([{ role: 'user', content: 'thanks' }]));
  return { text: second.finalOutput };
});

process.stdout.write(JSON.stringify(results) + '\n');
