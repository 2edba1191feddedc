/**
 * Protocol decoders, pure and total: frame in, structured message or `{ ok: false, error }` out, never a throw.
 * They run inside the inspected page, so they use no Node API and keep to work linear in the frame size.
 */
export { decodeSocketIoFrame } from './socketio';
export { SocketIoSession, type SocketIoFrameAnalysis } from './socketio-session';
export { decodePusherFrame, pusherCloseCodeMeaning } from './pusher';
export { decodeAblyFrame, decodeAblyData } from './ably';
export { AblyTracker, AblyConnection, type AblyFrameAnalysis } from './ably-session';
export { SseParser, summarizeSseItem } from './sse';
export { detectLibrary } from './detect';
export { base64ToBytes } from './bytes';
export type * from './types';
