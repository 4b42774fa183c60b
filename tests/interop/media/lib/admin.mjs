// Admin API requests over HTTP (janus.transport.http's admin endpoint, conf: admin_port 7088).
let tx = 0;

export async function adminRequest(janus, body = {}, { port = 7088, secret = 'janusoverlord' } = {}) {
  const res = await fetch(`http://127.0.0.1:${port}/admin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ janus, transaction: `admin-${++tx}`, admin_secret: secret, ...body }),
  });
  const reply = await res.json();
  if (reply.janus !== 'success') throw new Error(`${janus} failed: ${JSON.stringify(reply.error ?? reply)}`);
  return reply;
}

// The list_plugins entry of one package.
export async function pluginStatus(pkg, options) {
  const { plugins } = await adminRequest('list_plugins', {}, options);
  return plugins.find((p) => p.package === pkg);
}
