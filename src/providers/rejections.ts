/**
 * Recognises the two 400s that deserve exactly one more try with a different request shape:
 * - `unsupported_parameter` for the output-cap parameter we sent (reasoning deployments reject `max_tokens`,
 *   older ones reject `max_completion_tokens`);
 * - a server that does not support the JSON-schema response format (then ask for JSON in the prompt instead).
 * Everything else is not retried here.
 */
import { apiField, serverText, statusOf } from './openaiErrors';
import type { RequestShape } from './openaiRequests';

/** True for a request rejection (400/422) that may be worth one adjusted retry. */
export function isRejectionOf(e: unknown): boolean {
  const status = statusOf(e);
  return status === 400 || status === 422;
}

/** The shape to retry with after this rejection, or undefined when the rejection is not one we can work around. */
export function shapeAfterRejection(e: unknown, shape: RequestShape): RequestShape | undefined {
  if (!isRejectionOf(e)) {
    return undefined;
  }
  const code = apiField(e, 'code');
  const param = apiField(e, 'param');
  if (code === 'unsupported_parameter' && param === shape.maxTokensParam) {
    return { ...shape, maxTokensParam: shape.maxTokensParam === 'max_completion_tokens' ? 'max_tokens' : 'max_completion_tokens' };
  }
  if (shape.jsonMode === 'schema' && mentionsResponseFormat(e, param)) {
    return { ...shape, jsonMode: 'prompt' };
  }
  return undefined;
}

function mentionsResponseFormat(e: unknown, param: string | undefined): boolean {
  if (param && /^(response_format|text(\.format)?)(\b|\.|$)/.test(param)) {
    return true;
  }
  // Servers without structured output rarely fill `param`; their message is the only structured hint we get.
  return /response_format|json_schema/i.test(serverText(e));
}
