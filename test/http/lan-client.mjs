// Run inside the LAN peer's namespace: makes the requests given as JSON in argv[2] (one after
// another, each with exactly the headers given, Host included) and prints [{status, body}] as JSON.
import { request } from 'node:http';

const requests = JSON.parse(process.argv[2]);
const results = [];
for (const r of requests) {
  results.push(
    await new Promise((resolve) => {
      const req = request({ host: r.host, port: r.port, path: r.path, method: r.method ?? 'GET', headers: r.headers ?? {}, timeout: 10_000 }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode, body: body.slice(0, 500) }));
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (e) => resolve({ status: 0, body: e.message }));
      req.end();
    }),
  );
}
process.stdout.write(JSON.stringify(results));
