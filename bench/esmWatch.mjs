// ESM resolve hook for the activation benchmark: reports every module specifier resolved through import(),
// so the bench can show that no SDK is loaded by activate() even through a dynamic import.
let port;

export async function initialize(data) {
  port = data.port;
}

export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context);
  port.postMessage(result.url);
  return result;
}
