// The chat benchmark's baseline: a minimal Node `ws` relay doing the same delivery as Parley, without
// persistence, authentication or fan-out rules. Each client connects with ?pair=N&role=visitor|agent;
// a visitor's frame is acknowledged to the visitor and forwarded to its pair's agent, as the
// envelope Parley would deliver ({"type":"message",...}). Usage: node relay.js [port]
const { WebSocketServer } = require('ws');

const port = Number(process.argv[2] || 8099);
const agents = new Map();
const server = new WebSocketServer({ port, host: '127.0.0.1', perMessageDeflate: false });

server.on('connection', (socket, request) => {
  const query = new URL(request.url, 'http://relay').searchParams;
  const pair = query.get('pair');
  const role = query.get('role');
  if (role === 'agent') {
    agents.set(pair, socket);
    socket.on('close', () => agents.delete(pair));
    return;
  }
  let seq = 0;
  socket.on('message', (data) => {
    const text = data.toString();
    const envelope = JSON.parse(text);
    seq += 1;
    socket.send(JSON.stringify({ type: 'ack', id: envelope.id, conversation: envelope.conversation, seq }));
    const agent = agents.get(pair);
    if (agent) {
      agent.send(JSON.stringify({ type: 'message', conversation: envelope.conversation, seq, prev: seq - 1,
        kind: 'visitor', text: envelope.text, at: new Date().toISOString(), id: envelope.id }));
    }
  });
});
console.log(`relay listening on ${port}`);
