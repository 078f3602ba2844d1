// A deliberately faulty MCP server for steadfast-mcp's fault tests (stdio, one JSON-RPC message a line).
// It answers initialize properly, then misbehaves as its mode says:
//   garbled      answers tools/list and tools/call with lines that are not JSON-RPC
//   dies         lists one tool; exits (code 3) when it is called
//   bad-name     lists a tool whose name a model cannot call
//   bad-schema   lists a tool whose input schema is not an object schema
//   counting     lists one tool whose description says how often tools/list was asked
const mode = process.argv[2];
const readline = require("readline");
const rl = readline.createInterface({ input: process.stdin });
const send = (msg) => process.stdout.write(JSON.stringify(msg) + "\n");
const tool = (name, inputSchema) => ({ name, description: "a tool of the faulty server", inputSchema });
let listings = 0;

rl.on("line", (line) => {
  const msg = JSON.parse(line);
  if (msg.id === undefined) return; // a notification
  if (msg.method === "initialize") {
    send({ jsonrpc: "2.0", id: msg.id, result: { protocolVersion: msg.params.protocolVersion,
      capabilities: { tools: {} }, serverInfo: { name: "faulty-" + mode, version: "1" } } });
    return;
  }
  if (mode === "garbled") {
    process.stdout.write("this is not JSON-RPC {\n");
    return;
  }
  if (msg.method === "tools/list") {
    listings++;
    if (mode === "counting") {
      send({ jsonrpc: "2.0", id: msg.id, result: { tools: [{ name: "ok", description: "listed " + listings + " times",
        inputSchema: { type: "object" } }] } });
      return;
    }
    const tools = { "dies": [tool("work", { type: "object", properties: {} })],
                    "bad-name": [tool("ok", { type: "object" }), tool("bad name!", { type: "object" })],
                    "bad-schema": [tool("listy", { type: "array", items: { type: "string" } })] }[mode] || [];
    send({ jsonrpc: "2.0", id: msg.id, result: { tools } });
    return;
  }
  if (msg.method === "tools/call" && mode === "dies") {
    console.error("faulty server: dying in the middle of a call");
    process.exit(3);
  }
  send({ jsonrpc: "2.0", id: msg.id, error: { code: -32601, message: "no such method " + msg.method } });
});
