/**
 * The host's side of the message contract (src/shared/messages.ts): the webview runs snippet-derived content, so
 * whatever it posts is checked against `ViewToHostSchema` and anything that does not match exactly is dropped.
 * The schemas live in src/shared so the view checks the host's messages with the same contract.
 */
export { isSourceRange, parseViewMessage } from "../shared/messages";
