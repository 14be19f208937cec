// Scenarios of LangChain JS (@langchain/openai's ChatOpenAI) against the gateway: prints one
// JSON object. Run with GATEWAY_URL (ending in /v1) and API_KEY.
import { ChatOpenAI } from '@langchain/openai';

const chat = (options = {}) => new ChatOpenAI({ model: 'gpt-test', apiKey: process.env.API_KEY,
  configuration: { baseURL: process.env.GATEWAY_URL }, maxRetries: 0, ...options });
const error = (e) => ({ name: e?.name ?? null, status: e?.status ?? null, message: e?.message ?? String(e),
  code: e?.code ?? e?.error?.code ?? null, type: e?.type ?? e?.error?.type ?? null, param: e?.param ?? null });

const results = {};
const run = async (name, scenario) => {
  try {
    results[name] = await scenario();
  } catch (e) {
    results[name] = { error: error(e) };
  }
};

await run('toolChoiceRequired', async () => {
  const message = await chat().invoke('look up 42', { tool_choice: 'required' });
  return { content: message.content, finish: message.response_metadata?.finish_reason ?? null };
});
await run('streamedLogprobs', async () => {
  const out = { content: '', tokens: '', fingerprint: null, tier: null, finish: null };
  // A tool round first (tool_choice required), then the streamed answer with its logprobs.
  for await (const chunk of await chat({ logprobs: true, streaming: true }).stream('look up 42', { tool_choice: 'required' })) {
    out.content += typeof chunk.content === 'string' ? chunk.content : '';
    for (const t of chunk.response_metadata?.logprobs?.content ?? []) out.tokens += t.token;
    if (chunk.response_metadata?.finish_reason) {
      out.finish = chunk.response_metadata.finish_reason;
      out.fingerprint = chunk.response_metadata.system_fingerprint ?? null;
      out.tier = chunk.response_metadata.service_tier ?? null;
    }
  }
  return out;
});
await run('nAboveOne', () => chat({ n: 2 }).invoke('x'));
await run('midStreamError', async () => {
  let content = '';
  try {
    for await (const chunk of await chat({ streaming: true }).stream('fail after the tool')) {
      content += typeof chunk.content === 'string' ? chunk.content : '';
    }
    return { content };
  } catch (e) {
    return { content, error: error(e) };
  }
});

process.stdout.write(JSON.stringify(results) + '\n');
