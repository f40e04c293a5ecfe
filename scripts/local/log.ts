/** One line of the runtime's own log: never request bodies, message bodies, paths or claims. */
export type Log = (line: string) => void;

export function createLog(quiet: boolean): Log {
  return quiet ? () => {} : (line) => console.log(`[local] ${line}`);
}
