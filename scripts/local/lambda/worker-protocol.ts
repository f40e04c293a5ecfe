/** Messages between a function's pool (main thread) and one of its containers (a worker thread). */

/** Given to the worker at start: what Lambda knows about the function before the first event. */
export interface ContainerSetup {
  codeDirectory: string;
  handler: string;
  functionName: string;
  functionArn: string;
  memoryMb: number;
  logGroupName: string;
  logStreamName: string;
}

export interface InvokeRequest {
  requestId: string;
  /** The event as JSON, as Lambda delivers it (no Dates, no undefined). */
  eventJson: string;
  /** Epoch ms when the invocation times out, for context.getRemainingTimeInMillis(). */
  deadline: number;
}

/** The error shape Lambda reports for a failed invocation. */
export interface LambdaError {
  errorType: string;
  errorMessage: string;
  trace?: string[];
}

export type InvokeReply =
  | { requestId: string; ok: true; resultJson: string }
  | { requestId: string; ok: false; error: LambdaError; fatal: boolean };
