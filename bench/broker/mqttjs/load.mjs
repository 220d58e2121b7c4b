// The broker benchmark with a third-party client: MQTT.js (npm "mqtt"), one publish() call per message, so one
// small TCP write per PUBLISH and per PUBACK, as phones and most client libraries behave. Same scenario and output
// as `Vigil.Bench mqtt-load`: CONNECTIONS subscribers × SUBSCRIPTIONS topics u<i>_t<j> (QoS 1), PUBLISHERS
// publishers at RATE/s paced every 5 ms, a warm-up, then the measured seconds; latency from the send time in
// the payload; the broker's CPU (and other processes') from /proc over the measured part; and the time from each
// publish() call to its PUBACK.
// Usage: node load.mjs --port 1883 [--publish-port P] --connections 5000 --rate 5000 --seconds 60 --warmup 10
//        [--pid N] [--other-pids label=pid,…] [--jwt-secret BASE64] [--handler-key vgh_…]
import mqtt from 'mqtt';
import crypto from 'node:crypto';
import fs from 'node:fs';

const arg = (name, fallback) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : fallback; };
const port = Number(arg('--port', '1883'));
const publishPort = Number(arg('--publish-port', String(port)));
const connections = Number(arg('--connections', '5000'));
const subscriptions = Number(arg('--subscriptions', '10'));
const rate = Number(arg('--rate', '5000'));
const seconds = Number(arg('--seconds', '60'));
const warmup = Number(arg('--warmup', '10'));
const publisherCount = Number(arg('--publishers', '8'));
const payloadBytes = Number(arg('--payload', '64'));
const pid = arg('--pid');
const others = (arg('--other-pids', '') || '').split(',').filter(Boolean).map(o => o.split('='));
const jwtSecret = arg('--jwt-secret');
const handlerKey = arg('--handler-key');
// Persistent sessions (clean start off, an hour's session expiry): the broker keeps every QoS 1 message for them.
const persistent = process.argv.includes('--persistent') ? { clean: false, properties: { sessionExpiryInterval: 3600 } } : {};

const b64url = b => Buffer.from(b).toString('base64').replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
const jwt = subject => {
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = b64url(JSON.stringify({ iss: 'bench', sub: subject, exp: Math.floor(Date.now() / 1000) + 6 * 3600 }));
  const signature = b64url(crypto.createHmac('sha256', Buffer.from(jwtSecret, 'base64')).update(`${header}.${body}`).digest());
  return `${header}.${body}.${signature}`;
};
const cpu = p => { if (!p) return null; const f = fs.readFileSync(`/proc/${p}/stat`, 'utf8'); const rest = f.slice(f.lastIndexOf(')') + 2).split(' '); return (Number(rest[11]) + Number(rest[12])) / 100; };
const rssMiB = p => { if (!p) return 0; const line = fs.readFileSync(`/proc/${p}/status`, 'utf8').split('\n').find(l => l.startsWith('VmRSS:')); return Number(line.split(/\s+/)[1]) / 1024; };
const connect = (options, at) => new Promise((resolve, reject) => {
  const client = mqtt.connect({ host: '127.0.0.1', port: at, protocolVersion: 5, keepalive: 300, reconnectPeriod: 0, connectTimeout: 60_000, ...options });
  // MQTTJS_NODELAY=1, a diagnostic: Nagle's algorithm off on the client's sockets (MQTT.js leaves it on).
  client.once('connect', () => { if (process.env.MQTTJS_NODELAY === '1') client.stream.setNoDelay(true); resolve(client); });
  client.once('error', reject);
});

let phase = 0;
let measuring = false;
let samples = [];
let sentAt = []; // each sample's send time (its key on the wire), for VIGIL_BENCH_RECEIPTS
let acks = []; // publish call → PUBACK, per message of the measured part
const slowMs = Number(process.env.SLOW_MS || Infinity), slow = []; // SLOW_MS: [published at, latency] of slow messages
const record = payload => {
  if (!measuring || payload.length < 9 || payload[8] !== phase) return;
  const latency = Number(process.hrtime.bigint() - payload.readBigInt64LE(0)) / 1e6;
  samples.push(latency);
  sentAt.push(payload.readBigInt64LE(0));
  if (latency > slowMs) slow.push([Date.now() - latency, latency]);
};

const started = Date.now();
const subscribers = [];
for (let i = 0; i < connections; i += 64) {
  await Promise.all(Array.from({ length: Math.min(64, connections - i) }, async (_, k) => {
    const user = `u${i + k}`;
    const client = await connect({ ...(jwtSecret ? { clientId: `bench-sub-${i + k}`, username: 'JWT', password: jwt(user) } : { clientId: `bench-sub-${i + k}` }), ...persistent }, port);
    const granted = await client.subscribeAsync(Array.from({ length: subscriptions }, (_, j) => `${user}_t${j}`), { qos: 1 });
    if (granted.some(g => g.qos >= 0x80)) throw new Error(`subscription refused for ${user}`);
    client.on('message', (_topic, payload) => record(payload));
    subscribers.push(client);
  }));
}
console.log(`connected ${connections} subscribers × ${subscriptions} topics = ${connections * subscriptions} subscriptions in ${((Date.now() - started) / 1000).toFixed(1)} s (MQTT.js ${mqtt.MqttClient ? '5' : '?'})`);
const publishers = [];
for (let i = 0; i < publisherCount; i++) {
  publishers.push(await connect(handlerKey ? { clientId: `bench-pub-${i}`, username: 'handler:bench', password: handlerKey } : { clientId: `bench-pub-${i}` }, publishPort));
}

let seed = rate;
const random = n => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
const publishFor = async durationSeconds => {
  const start = performance.now();
  let sent = 0;
  const pending = [];
  while (performance.now() - start < durationSeconds * 1000) {
    const due = Math.floor((performance.now() - start) / 1000 * rate) - sent;
    for (let i = 0; i < due; i++) {
      const message = Buffer.alloc(payloadBytes);
      message.writeBigInt64LE(process.hrtime.bigint(), 0);
      message[8] = phase;
      const publishedAt = process.hrtime.bigint();
      pending.push(publishers[sent % publishers.length].publishAsync(`u${random(connections)}_t${random(subscriptions)}`, message, { qos: 1 })
        .then(() => { if (measuring) acks.push(Number(process.hrtime.bigint() - publishedAt) / 1e6); }));
      sent++;
    }
    if (pending.length > 10_000) await Promise.all(pending.splice(0, pending.length - 1000));
    await new Promise(r => setTimeout(r, 5));
  }
  await Promise.all(pending);
  return sent;
};

console.log('rate/s  sent      delivered  lost   p50 ms  p99 ms  max ms  broker cpu s/1000 msg  broker RSS MiB');
await publishFor(warmup);
phase = 1; samples = []; sentAt = []; measuring = true;
const cpuBefore = cpu(pid), othersBefore = others.map(([, p]) => cpu(p));
const measuredFrom = new Date();
const sent = await publishFor(seconds);
const measuredTo = new Date();
await new Promise(r => setTimeout(r, 1000));
const used = pid ? cpu(pid) - cpuBefore : null;
const othersUsed = others.map(([label, p], i) => [label, cpu(p) - othersBefore[i]]);
measuring = false;
if (process.env.VIGIL_BENCH_RECEIPTS) {
  // As Vigil.Bench writes them: each measured message's send timestamp and its latency in µs (bench/broker/timeline.py).
  fs.writeFileSync(process.env.VIGIL_BENCH_RECEIPTS, samples.map((latency, i) => `${sentAt[i]} ${Math.round(latency * 1000)}\n`).join(''));
}
const sorted = Float64Array.from(samples).sort();
const at = q => sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] : 0;
const perThousand = s => s == null || !sorted.length ? 'n/a' : (s / (sorted.length / 1000)).toFixed(4);
console.log(`${String(rate).padStart(6)}  ${String(sent).padStart(8)}  ${String(sorted.length).padStart(9)}  ${String(sent - sorted.length).padStart(5)}  ${at(0.5).toFixed(1).padStart(6)}  ${at(0.99).toFixed(1).padStart(6)}  ${(sorted.length ? sorted[sorted.length - 1] : 0).toFixed(1).padStart(6)}  ${perThousand(used).padStart(21)}  ${rssMiB(pid).toFixed(0).padStart(14)}`);
console.log(`        measured from ${measuredFrom.toISOString().slice(11, 23)} to ${measuredTo.toISOString().slice(11, 23)} UTC`);
for (const [label, used] of othersUsed) console.log(`        ${label}: ${perThousand(used)} cpu s/1000 msg`);
// SLOW_MS=N, a diagnostic: the moments messages took longer than N ms (published within 50 ms of each other: one moment).
const moments = [];
for (const [at, latency] of slow) {
  const last = moments[moments.length - 1];
  if (last && at - last.at < 50) { last.count++; last.max = Math.max(last.max, latency); } else moments.push({ at, count: 1, max: latency });
}
for (const m of moments) console.log(`        over ${slowMs} ms: published at ${new Date(m.at).toISOString()}, ${m.count} messages, max ${m.max.toFixed(1)} ms`);
const ackSorted = Float64Array.from(acks).sort();
const ackAt = q => ackSorted.length ? ackSorted[Math.min(ackSorted.length - 1, Math.floor(ackSorted.length * q))] : 0;
console.log(`        publish → PUBACK: p50 ${ackAt(0.5).toFixed(1)} ms, p99 ${ackAt(0.99).toFixed(1)} ms, max ${(ackSorted.length ? ackSorted[ackSorted.length - 1] : 0).toFixed(1)} ms`);
for (const client of [...publishers, ...subscribers]) client.end(true);
process.exit(0);
