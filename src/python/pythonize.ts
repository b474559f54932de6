/** Python's words for the errors JavaScript raised in a translated snippet. Light: the runner's parent uses it. */
import type { Trace } from "../protocol.js";

/** JavaScript's words for Python's errors, where the translation let JavaScript raise them. */
export function pythonizeError(trace: Trace, renamed: (name: string) => string = (n) => n): Trace {
  const e = trace.error;
  if (e === null) return trace;
  let message = e.message;
  const notDefined = /^ReferenceError: (\S+) is not defined$/.exec(message);
  if (notDefined !== null) message = `NameError: name '${renamed((notDefined[1] as string).replace(/\$$/, ""))}' is not defined`;
  else if (/^RangeError: Maximum call stack size exceeded/.test(message)) message = "RecursionError: maximum recursion depth exceeded";
  // Read before its first assignment (JavaScript's temporal dead zone; see Scope.firstBinding).
  else if (/^ReferenceError: Cannot access '(\S+)' before initialization$/.test(message)) message = message.replace(/^ReferenceError: Cannot access '(\S+)' before initialization$/, "NameError: name '$1' is not defined");
  return message === e.message ? trace : { ...trace, error: { ...e, message } };
}
