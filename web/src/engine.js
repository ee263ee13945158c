// The one door to the WebAssembly survival core: JSON in, JSON out, refusals as NelmError.
// Every statistical number on the page comes through here; this file computes nothing itself.

export class NelmError extends Error {
  constructor({ code, message, path }) {
    super(message);
    this.name = 'NelmError';
    this.code = code;
    this.path = path ?? '';
  }
}

// Clinician-facing text for the refusal codes a page user can meet (docs/errors.md).
const clinicianText = {
  missing_field: 'A required input is missing.',
  invalid_value: 'An input is outside the range the model accepts.',
  invalid_type: 'An input has the wrong form.',
  unknown_field: 'The model does not know one of the inputs.',
  unknown_op: 'This version of the survival engine cannot make predictions yet.',
  internal_error: 'The survival engine hit a defect. Please report it with the inputs.',
};

export function describeError(error) {
  if (error instanceof NelmError) {
    return `${clinicianText[error.code] ?? 'The survival engine refused the request.'} ` +
      `(${error.code}${error.path ? ` at ${error.path}` : ''}: ${error.message})`;
  }
  return `The result could not be shown: ${error?.message ?? error}`;
}

export class Engine {
  constructor(module) {
    this.module = module;
    const version = JSON.parse(module.version());
    this.version = version.version;
    this.apiVersion = version.api_version;
  }

  static async load() {
    if (typeof globalThis.createNelmModule !== 'function') {
      throw new Error('nelm_core.js did not load');
    }
    return new Engine(await globalThis.createNelmModule());
  }

  // The raw envelope, for the self-test (which compares whole responses).
  calculateRaw(requestText) {
    return JSON.parse(this.module.calculate(requestText));
  }

  // { result, warnings } or throws NelmError.
  calculate(request) {
    const response = this.calculateRaw(JSON.stringify(request));
    if (!response.ok) throw new NelmError(response.error);
    return { result: response.result, warnings: response.warnings ?? [] };
  }

  supportsPredict() {
    const probe = this.calculateRaw('{"op":"predict"}');
    return !(probe.ok === false && probe.error.code === 'unknown_op');
  }
}
