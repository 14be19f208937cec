// Scenarios of the official OpenAI Node SDK against the gateway: prints one JSON object with
// what the SDK returned or raised for each. Run with GATEWAY_URL (ending in /v1) and API_KEY.
import OpenAI from 'openai';

const client = (maxRetries = 0) => new OpenAI({ baseURL: process.env.GATEWAY_URL, apiKey: process.env.API_KEY, maxRetries });
const ask = (content, extra = {}) => ({ model: 'gpt-test', messages: [{ role: 'user', content }], ...extra });
const error = (e) => ({ name: e.constructor.name, status: e.status ?? null, code: e.code ?? null, type: e.type ?? null,
  param: e.param ?? null, message: e.message, retryAfterMs: e.headers?.get?.('retry-after-ms') ?? null });

async function streamed(request) {
  const out = { content: '', refusal: '', tokens: '', finishes: [], fingerprints: [], tiers: [], usage: null };
  try {
    const stream = await client().chat.completions.create({ ...request, stream: true });
    for await (const chunk of stream) {
      out.fingerprints.push(chunk.system_fingerprint ?? null);
      out.tiers.push(chunk.service_tier ?? null);
      if (chunk.usage) out.usage = chunk.usage;
      for (const choice of chunk.choices) {
        out.content += choice.delta?.content ?? '';
        out.refusal += choice.delta?.refusal ?? '';
        for (const t of choice.logprobs?.content ?? []) out.tokens += t.token;
        if (choice.finish_reason) out.finishes.push(choice.finish_reason);
      }
    }
  } catch (e) {
    out.error = error(e);
  }
  return out;
}

const results = {};
const run = async (name, scenario) => {
  try {
    results[name] = await scenario();
  } catch (e) {
    results[name] = { error: error(e) };
  }
};

await run('toolChoiceRequired', async () => {
  const answer = await client().chat.completions.create(ask('look up 42', { tool_choice: 'required' }));
  return { content: answer.choices[0].message.content, finish: answer.choices[0].finish_reason, rounds: answer.gateway?.rounds };
});
await run('toolChoiceForcedStreamed', () => streamed(ask('look up 42',
  { tool_choice: { type: 'function', function: { name: 'fix__lookup' } } })));
await run('toolChoiceUnknown', () => client().chat.completions.create(ask('x',
  { tool_choice: { type: 'function', function: { name: 'fix__nope' } } })));
await run('nAboveOne', () => client().chat.completions.create(ask('x', { n: 2 })));
await run('streamedLogprobs', () => streamed(ask('look up 42',
  { tool_choice: 'required', logprobs: true, stream_options: { include_usage: true } })));
await run('streamedRefusal', () => streamed(ask('please refuse')));
await run('headers', async () => {
  const { data, response, request_id } = await client().chat.completions.create(ask('hello')).withResponse();
  return { content: data.choices[0].message.content, requestId: request_id,
    gatewayRequestId: response.headers.get('x-gateway-request-id'),
    remaining: response.headers.get('x-ratelimit-remaining-requests'),
    organization: response.headers.get('openai-organization'), cookie: response.headers.get('set-cookie') };
});
await run('rateLimitRaised', () => client(0).chat.completions.create(ask(`rate limit ${process.pid} a`)));
await run('rateLimitRetried', async () => {
  const answer = await client(2).chat.completions.create(ask(`rate limit ${process.pid} b`));
  return { content: answer.choices[0].message.content };
});
await run('midStreamError', () => streamed(ask('fail after the tool')));

process.stdout.write(JSON.stringify(results) + '\n');
