// The messages of a request, built once: the dry run prints them and every adapter sends them.
import type { ChatMessage, LlmRequest } from '../types.js';

export const toMessages = (request: LlmRequest): ChatMessage[] => [
  { role: 'system', content: request.system },
  { role: 'user', content: request.user },
];
