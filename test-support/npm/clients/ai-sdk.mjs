// Scenarios of the Vercel AI SDK (ai + @ai-sdk/openai, the chat completions model) against the
// gateway: prints one JSON object. Run with GATEWAY_URL (ending in /v1) and API_KEY.
import { generateText, streamText } from 'ai';
import { createOpenAI } from '@ai-sdk/openai';

const provider = createOpenAI({ baseURL: process.env.GATEWAY_URL, apiKey: process.env.API_KEY });
const model = provider.chat('gpt-test');
const error = (e) => ({ name: e?.name ?? null, status: e?.statusCode ?? null, message: e?.message ?? JSON.stringify(e),
  code: e?.code ?? e?.data?.error?.code ?? null, type: e?.type ?? e?.data?.error?.type ?? null });

const results = {};
const run = async (name, scenario) => {
  try {
    results[name] = await scenario();
  } catch (e) {
    results[name] = { error: error(e) };
  }
};

await run('headers', async () => {
  const result = await generateText({ model, prompt: 'hello', maxRetries: 0 });
  return { content: result.text, requestId: result.response.headers?.['x-request-id'] ?? null,
    gatewayRequestId: result.response.headers?.['x-gateway-request-id'] ?? null,
    organization: result.response.headers?.['openai-organization'] ?? null };
});
await run('streamedLogprobs', async () => {
  const result = streamText({ model, prompt: 'hello', maxRetries: 0, providerOptions: { openai: { logprobs: true } } });
  let content = '';
  for await (const text of result.textStream) content += text;
  const metadata = await result.providerMetadata;
  const tokens = (metadata?.openai?.logprobs ?? []).flat().map((t) => t.token).join('');
  return { content, tokens, finish: await result.finishReason, usage: await result.usage };
});
await run('midStreamError', async () => {
  const out = { content: '', errors: [] };
  const result = streamText({ model, prompt: 'fail after the tool', maxRetries: 0, onError: () => {} });
  for await (const part of result.fullStream) {
    if (part.type === 'text-delta') out.content += part.text;
    if (part.type === 'error') out.errors.push(error(part.error));
  }
  return out;
});
await run('rateLimitRetried', async () => {
  const result = await generateText({ model, prompt: `rate limit ${process.pid} ai`, maxRetries: 2 });
  return { content: result.text };
});

process.stdout.write(JSON.stringify(results) + '\n');
