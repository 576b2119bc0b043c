// An instant OpenAI-compatible Chat Completions server on loopback: every request gets the same recorded answer,
// streamed as `data:` chunks ending in `[DONE]` (or as one JSON body when the request does not stream), so a run
// against it measures the tool and not a model.
import http from 'node:http';

/** Starts the server; resolves to its `/v1` base URL and a close function. */
export async function startInstantModel(answer) {
  const content = JSON.stringify(answer);
  const base = { id: 'chatcmpl-bench', created: 1_700_000_000, model: 'bench-model' };
  const usage = { prompt_tokens: 1000, completion_tokens: 800, total_tokens: 1800 };
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
        res.writeHead(404, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ error: { message: `no route ${req.url}`, type: 'not_found' } }));
      }
      const body = JSON.parse(raw || '{}');
      if (body.stream !== true) {
        const message = { role: 'assistant', content, refusal: null };
        res.writeHead(200, { 'content-type': 'application/json' });
        const choices = [{ index: 0, message, logprobs: null, finish_reason: 'stop' }];
        return res.end(JSON.stringify({ ...base, object: 'chat.completion', choices, usage }));
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      const chunk = (choices, extra = {}) =>
        res.write(
          `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices, ...extra })}\n\n`,
        );
      chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]);
      const size = Math.ceil(content.length / 4);
      for (let i = 0; i < content.length; i += size) {
        chunk([{ index: 0, delta: { content: content.slice(i, i + size) }, finish_reason: null }]);
      }
      chunk([{ index: 0, delta: {}, finish_reason: 'stop' }]);
      chunk([], { usage });
      res.end('data: [DONE]\n\n');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}
