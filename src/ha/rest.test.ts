import assert from 'node:assert/strict';
import { it } from 'node:test';
import { restBase } from './rest.js';

it("restBase: HA's REST API beside its WebSocket, and the Supervisor's beside its proxy", () => {
  assert.equal(restBase('http://ha.local:8123'), 'http://ha.local:8123/api');
  assert.equal(restBase('http://ha.local:8123/'), 'http://ha.local:8123/api');
  assert.equal(restBase('https://ha.example:8123/api/websocket?x=1'), 'https://ha.example:8123/api');
  assert.equal(restBase('ws://ha.local:8123/api/websocket'), 'http://ha.local:8123/api');
  // An App: ws://supervisor/core/websocket and http://supervisor/core/api are the Supervisor's two proxies to HA.
  assert.equal(restBase('ws://supervisor/core/websocket'), 'http://supervisor/core/api');
  assert.equal(restBase('ws://127.0.0.1:4000/core/websocket'), 'http://127.0.0.1:4000/core/api');
});
