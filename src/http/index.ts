/**
 * What every listener (8001, 8006, 3000) shares: the edge before the app (body limit, requests
 * per client), the one access policy (token, loopback, host names, trusted proxies) as Hono
 * middleware, and the check that refuses to start bound off loopback without a token.
 */
export { accessPolicy, CHALLENGE, isLoopbackHost, SET_TOKEN, tokensEqual, type AccessPolicy, type AccessSettings } from './access.js';
export { clientOf, isLoopback, plainAddress } from './address.js';
export { edgeLimits, edgeServer, type EdgeLimits } from './edge.js';
export { exposureCheck } from './exposure.js';
export { guard, socketPeer, type GuardEnv, type PeerSource } from './guard.js';
