// A loopback LLM server for tests: speaks OpenAI Chat Completions (`POST /v1/chat/completions`), OpenAI's
// Responses API (`POST /v1/responses`), the Anthropic Messages API (`POST /v1/messages`) and both model lists
// (`GET /v1/models`), plain JSON or SSE streams (decided by `stream: true` in the
// body, as both SDKs send `accept: application/json` even for streams). Tests script what it answers, one
// reply per request, and read back every request it received. A child process can script it over HTTP:
// `POST /__script` with a Reply or Reply[], `GET /__requests`, `POST /__reset`.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ModelAnswer } from '../../src/lib/types.js';

export interface ScriptedUsage {
  /** All input tokens, cached ones included. */
  input?: number;
  output?: number;
  cached?: number;
}

export type Reply =
  /** The answer as JSON text (what a schema-following model returns); a function builds it from the request.
   * `model` is the model id the reply claims (default: the one requested). */
  | {
      kind: 'answer';
      answer: ModelAnswer | ((body: Record<string, unknown>) => ModelAnswer);
      usage?: ScriptedUsage;
      forever?: boolean;
      model?: string;
    }
  /** Any text as the model's output, e.g. prose with fenced files. */
  | { kind: 'text'; text: string; usage?: ScriptedUsage; forever?: boolean }
  /** An HTTP error with the vendor's error body; 429 and >=500 say retry-after-ms 10 unless `headers` is given. */
  | { kind: 'error'; status: number; message?: string; headers?: Record<string, string>; forever?: boolean }
  /** The output stopped at the token limit (`finish_reason: length` / `stop_reason: max_tokens`). */
  | { kind: 'cut-off'; text?: string; forever?: boolean }
  | { kind: 'refusal'; message: string; forever?: boolean }
  /** Never answers (or stalls after the first stream frame): for timeouts and aborts. */
  | { kind: 'hang'; afterHeaders?: boolean; forever?: boolean };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The parsed JSON body. */
  body: Record<string, unknown>;
}

export interface LlmServer {
  /** `http://127.0.0.1:PORT`, no `/v1`. */
  url: string;
  /** `${url}/v1`: what the OpenAI SDK wants. */
  openaiBaseUrl: string;
  /** Same as `url`: the Anthropic SDK adds `/v1` itself. */
  anthropicBaseUrl: string;
  /** Every model request received (not the `/__` control requests). */
  requests: RecordedRequest[];
  /** What `GET /v1/models` lists (default: one model, `test-model`). */
  models: string[];
  /** Append replies; each request takes the next one (a `forever` reply is never used up). */
  script(next: Reply | Reply[]): void;
  /** Resolves once `count` model requests have arrived. */
  waitForRequests(count: number): Promise<RecordedRequest[]>;
  reset(): void;
  close(): Promise<void>;
}

const ANTHROPIC_ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  429: 'rate_limit_error',
  529: 'overloaded_error',
};

export async function startLlmServer(): Promise<LlmServer> {
  const queue: Reply[] = [];
  const requests: RecordedRequest[] = [];
  let arrivals: Array<() => void> = [];

  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      const path = req.url ?? '/';
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      if (path === '/__script') {
        queue.push(...(Array.isArray(body) ? body : [body as unknown as Reply]));
        return sendJson(res, 200, { queued: queue.length });
      }
      if (path === '/__requests') return sendJson(res, 200, requests);
      if (path === '/__reset') return (reset(), sendJson(res, 200, {}));

      requests.push({ method: req.method ?? 'GET', path, headers: req.headers, body });
      arrivals.forEach((wake) => wake());
      if (path.startsWith('/v1/models'))
        return listModels(res, api.models, 'anthropic-version' in req.headers);
      const protocol = PROTOCOLS[path];
      if (!protocol) return sendJson(res, 404, { error: { message: `no route ${path}`, type: 'not_found' } });
      const reply = queue[0]?.forever ? queue[0] : queue.shift();
      if (!reply) return sendError(res, protocol, 500, 'the test server has no scripted reply left');
      answer(res, protocol, body, reply);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  function reset(): void {
    queue.length = 0;
    requests.length = 0;
  }

  const api: LlmServer = {
    url,
    openaiBaseUrl: `${url}/v1`,
    anthropicBaseUrl: url,
    requests,
    models: ['test-model'],
    script: (next) => void queue.push(...(Array.isArray(next) ? next : [next])),
    waitForRequests: (count) =>
      new Promise((resolve) => {
        const check = (): void => {
          if (requests.length < count) return;
          arrivals = arrivals.filter((wake) => wake !== check);
          resolve(requests.slice(0, count));
        };
        arrivals.push(check);
        check();
      }),
    reset,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return api;
}

type Protocol = 'openai' | 'responses' | 'anthropic';
const PROTOCOLS: Record<string, Protocol | undefined> = {
  '/v1/chat/completions': 'openai',
  '/v1/responses': 'responses',
  '/v1/messages': 'anthropic',
};

function listModels(res: http.ServerResponse, ids: string[], anthropic: boolean): void {
  if (anthropic) {
    const data = ids.map((id) => ({
      id,
      type: 'model',
      display_name: id,
      created_at: '2026-11-01T00:00:00Z',
    }));
    return sendJson(res, 200, {
      data,
      has_more: false,
      first_id: ids[0] ?? null,
      last_id: ids.at(-1) ?? null,
    });
  }
  const data = ids.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'test' }));
  sendJson(res, 200, { object: 'list', data });
}

function answer(
  res: http.ServerResponse,
  protocol: Protocol,
  body: Record<string, unknown>,
  reply: Reply,
): void {
  if (reply.kind === 'error') return sendError(res, protocol, reply.status, reply.message, reply.headers);
  if (reply.kind === 'hang' && !reply.afterHeaders) return; // keep the socket open, say nothing
  const model = (reply.kind === 'answer' && reply.model) || String(body.model ?? 'test-model');
  const stream = body.stream === true;
  const outcome = describe(
    reply.kind === 'answer' && typeof reply.answer === 'function'
      ? { ...reply, answer: reply.answer(body) }
      : reply,
  );
  const emit = { openai: openaiReply, responses: responsesReply, anthropic: anthropicReply }[protocol];
  emit(res, { model, stream, ...outcome });
}

interface Outcome {
  text: string;
  stop: 'done' | 'cut-off' | 'refusal' | 'hang';
  usage: Required<ScriptedUsage>;
}

function describe(reply: Exclude<Reply, { kind: 'error' }>): Outcome {
  const usage = { input: 120, output: 80, cached: 0, ...('usage' in reply ? reply.usage : {}) };
  switch (reply.kind) {
    case 'answer':
      return { text: JSON.stringify(reply.answer), stop: 'done', usage };
    case 'text':
      return { text: reply.text, stop: 'done', usage };
    case 'cut-off':
      return {
        text: reply.text ?? '{"files":[{"path":"orders/tasks.py","action":"create","content":"imp',
        stop: 'cut-off',
        usage,
      };
    case 'refusal':
      return { text: reply.message, stop: 'refusal', usage };
    case 'hang':
      return { text: '{"files":[', stop: 'hang', usage };
  }
}

/** Split text into a few pieces so streaming clients have to put it back together. */
function pieces(text: string): string[] {
  const size = Math.max(1, Math.ceil(text.length / 4));
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

function openaiReply(res: http.ServerResponse, o: Outcome & { model: string; stream: boolean }): void {
  const base = { id: 'chatcmpl-1', created: 1_700_000_000, model: o.model };
  const finish = o.stop === 'cut-off' ? 'length' : 'stop';
  const usage = {
    prompt_tokens: o.usage.input,
    completion_tokens: o.usage.output,
    total_tokens: o.usage.input + o.usage.output,
    prompt_tokens_details: { cached_tokens: o.usage.cached },
  };
  const field = o.stop === 'refusal' ? 'refusal' : 'content';
  if (!o.stream) {
    const message = {
      role: 'assistant',
      content: field === 'content' ? o.text : null,
      refusal: field === 'refusal' ? o.text : null,
    };
    return sendJson(res, 200, {
      ...base,
      object: 'chat.completion',
      choices: [{ index: 0, message, logprobs: null, finish_reason: finish }],
      usage,
    });
  }
  const chunk = (choices: unknown[], extra: object = {}): void =>
    frame(res, { ...base, object: 'chat.completion.chunk', choices, ...extra });
  startStream(res);
  chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]);
  for (const piece of pieces(o.text)) {
    chunk([{ index: 0, delta: { [field]: piece }, finish_reason: null }]);
    if (o.stop === 'hang') return;
  }
  chunk([{ index: 0, delta: {}, finish_reason: finish }]);
  chunk([], { usage });
  frame(res, '[DONE]');
  res.end();
}

function responsesReply(res: http.ServerResponse, o: Outcome & { model: string; stream: boolean }): void {
  const incomplete = o.stop === 'cut-off';
  const part =
    o.stop === 'refusal'
      ? { type: 'refusal', refusal: o.text }
      : { type: 'output_text', text: o.text, annotations: [] };
  const item = { id: 'msg_1', type: 'message', role: 'assistant', status: 'completed', content: [part] };
  const response = {
    id: 'resp_1',
    object: 'response',
    created_at: 1_700_000_000,
    status: incomplete ? 'incomplete' : 'completed',
    model: o.model,
    output: [item],
    error: null,
    incomplete_details: incomplete ? { reason: 'max_output_tokens' } : null,
    tools: [],
    usage: {
      input_tokens: o.usage.input,
      input_tokens_details: { cached_tokens: o.usage.cached },
      output_tokens: o.usage.output,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: o.usage.input + o.usage.output,
    },
  };
  if (!o.stream) return sendJson(res, 200, response);
  let sequence = 0;
  const event = (type: string, data: object): void =>
    frame(res, { type, sequence_number: sequence++, ...data }, type);
  const at = { item_id: 'msg_1', output_index: 0, content_index: 0 };
  const started = { ...response, status: 'in_progress', output: [], usage: null, incomplete_details: null };
  startStream(res);
  event('response.created', { response: started });
  event('response.in_progress', { response: started });
  event('response.output_item.added', {
    output_index: 0,
    item: { ...item, status: 'in_progress', content: [] },
  });
  const empty = part.type === 'refusal' ? { type: 'refusal', refusal: '' } : { ...part, text: '' };
  event('response.content_part.added', { ...at, part: empty });
  for (const piece of pieces(o.text)) {
    const type = part.type === 'refusal' ? 'response.refusal.delta' : 'response.output_text.delta';
    event(type, { ...at, delta: piece, logprobs: [] });
    if (o.stop === 'hang') return;
  }
  if (part.type === 'refusal') event('response.refusal.done', { ...at, refusal: o.text });
  else event('response.output_text.done', { ...at, text: o.text, logprobs: [] });
  event('response.content_part.done', { ...at, part });
  event('response.output_item.done', { output_index: 0, item });
  event(incomplete ? 'response.incomplete' : 'response.completed', { response });
  res.end();
}

function anthropicReply(res: http.ServerResponse, o: Outcome & { model: string; stream: boolean }): void {
  const stopReason = { done: 'end_turn', 'cut-off': 'max_tokens', refusal: 'refusal', hang: null }[o.stop];
  const stopDetails = o.stop === 'refusal' ? { type: 'refusal', category: null, explanation: o.text } : null;
  const usage = {
    input_tokens: o.usage.input - o.usage.cached,
    output_tokens: o.usage.output,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: o.usage.cached,
  };
  const message = {
    id: 'msg_1',
    type: 'message',
    role: 'assistant',
    model: o.model,
    stop_sequence: null,
    container: null,
    diagnostics: null,
  };
  if (!o.stream) {
    const content = [{ type: 'text', text: o.text }];
    return sendJson(res, 200, {
      ...message,
      content,
      stop_reason: stopReason,
      stop_details: stopDetails,
      usage,
    });
  }
  const event = (type: string, data: object): void => frame(res, { type, ...data }, type);
  startStream(res);
  event('message_start', {
    message: {
      ...message,
      content: [],
      stop_reason: null,
      stop_details: null,
      usage: { ...usage, output_tokens: 1 },
    },
  });
  event('ping', {});
  event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
  for (const piece of pieces(o.text)) {
    event('content_block_delta', { index: 0, delta: { type: 'text_delta', text: piece } });
    if (o.stop === 'hang') return;
  }
  event('content_block_stop', { index: 0 });
  event('message_delta', {
    delta: { stop_reason: stopReason, stop_details: stopDetails, stop_sequence: null },
    usage: { output_tokens: o.usage.output },
  });
  event('message_stop', {});
  res.end();
}

function sendError(
  res: http.ServerResponse,
  protocol: Protocol,
  status: number,
  message = `scripted ${status}`,
  headers?: Record<string, string>,
): void {
  const retryable = status === 429 || status >= 500;
  const extra = headers ?? (retryable ? { 'retry-after': '0', 'retry-after-ms': '10' } : {});
  const body =
    protocol !== 'anthropic'
      ? {
          error: {
            message,
            type: status >= 500 ? 'server_error' : 'invalid_request_error',
            param: null,
            code: null,
          },
        }
      : {
          type: 'error',
          error: { type: ANTHROPIC_ERROR_TYPES[status] ?? 'api_error', message },
          request_id: 'req_1',
        };
  sendJson(res, status, body, { 'request-id': 'req_1', ...extra });
}

function sendJson(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function startStream(res: http.ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
}

function frame(res: http.ServerResponse, data: object | string, event?: string): void {
  const json = typeof data === 'string' ? data : JSON.stringify(data);
  res.write(`${event ? `event: ${event}\n` : ''}data: ${json}\n\n`);
}
