/**
 * The error every reader, converter and loader of this package throws for bad or missing data.
 *
 * Its message names the file (or folder, or value), what is wrong with it and what to do about
 * it, so that a command-line user can act on it without reading a stack trace.
 */
export class DatasetError extends Error {
  /** The file or folder the error is about, when there is one. */
  readonly path: string | undefined;

  /**
   * @param message - what is wrong and what to do, as one or two sentences.
   * @param path - the file or folder concerned; it is prefixed to the message.
   * @param options - the underlying error, when this one wraps another.
   */
  constructor(message: string, path?: string, options?: { cause?: unknown }) {
    super(path === undefined ? message : `${path}: ${message}`, options);
    this.name = 'DatasetError';
    this.path = path;
  }
}
